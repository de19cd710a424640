using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Licenses;

/// <summary>
/// One license: verified on import against the trusted vendor keys (R-LIC-2, R-LIC-3), stored as
/// issued, and turned into one seat pool per feature.
/// </summary>
[GrainType("license")]
internal sealed class LicenseGrain(
    [PersistentState("license", LicenseStorage.StateStorageName)] IPersistentState<LicenseState> license,
    TrustedKeyProvider keys,
    LoginLookups lookups,
    IOptions<LicensingOptions> options,
    ILocalSiloDetails silo,
    TimeProvider clock) : Grain, ILicenseGrain
{
    private LicenseSummary? _summary;
    private string? _summaryEtag;

    private string Key => this.GetPrimaryKeyString();

    public async Task<LicenseView> Import(string signedDocument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedDocument);
        var document = await VerifyAsync(signedDocument);
        if (!string.Equals(document.Id, Key, StringComparison.Ordinal))
        {
            throw LicensingException.BadRequest($"The document is license '{document.Id}', not '{Key}'.");
        }

        var state = license.State;
        if (license.RecordExists)
        {
            // R-BOR-6: once set, borrowable and distributable can never be unset; a product never changes.
            if (state.Borrowable && !document.Flags.Borrowable)
            {
                throw new LicensingException(ErrorCodes.Conflict, $"License '{Key}' is borrowable; a document that drops the flag cannot replace it.");
            }

            if (state.Distributable && !document.Flags.Distributable)
            {
                throw new LicensingException(ErrorCodes.Conflict, $"License '{Key}' is distributable; a document that drops the flag cannot replace it.");
            }

            if (state.AgentServed)
            {
                throw new LicensingException(ErrorCodes.Conflict, $"License '{Key}' is served here for an upstream grid by an agent; release the agent first.");
            }

            if (!string.Equals(state.Product, document.Product, StringComparison.Ordinal))
            {
                throw new LicensingException(ErrorCodes.Conflict, $"License '{Key}' is for product '{state.Product}', not '{document.Product}'.");
            }
        }

        var removed = state.Features.Select(f => f.Name).Except(document.Features.Select(f => f.Name), StringComparer.Ordinal).ToList();
        state.SignedDocument = signedDocument;
        state.Product = document.Product;
        state.Edition = document.Edition == LicenseEdition.Enterprise ? "enterprise" : "standard";
        state.IssuedAt = document.IssuedAt;
        state.Expires = document.Expires;
        state.Borrowable = document.Flags.Borrowable;
        state.Distributable = document.Flags.Distributable;
        state.UsageStatistics = document.Flags.UsageStatistics;
        state.PeakUpload = document.Flags.PeakUpload;
        state.LocalOnly = document.Flags.LocalOnly;
        state.ForcedAuthenticationHours = document.Flags.ForcedAuthenticationHours;
        state.Agentable = document.Flags.Agentable;
        state.Features = [.. document.Features.Select(f => new LicensedFeature(f.Name, f.Seats))];
        state.DroppedFeatures = Dropped(state, removed);
        state.Deactivated = false;
        state.ImportedAt = clock.GetUtcNow();
        await license.WriteStateAsync(cancellationToken);
        lookups.InvalidateLicenses();

        await ConfigurePoolsAsync(cancellationToken);
        foreach (var name in removed)
        {
            await GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, name)).Configure(0, false, cancellationToken);
        }

        await GrainFactory.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).Register(Key, state.Product, cancellationToken);
        return (await Get(cancellationToken))!;
    }

    public async Task<LicenseView?> Get(CancellationToken cancellationToken)
    {
        if (!license.RecordExists)
        {
            return null;
        }

        var state = license.State;
        var usages = await Task.WhenAll(state.Features.Select(f => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, f.Name)).GetUsage()));
        var features = state.Features.Zip(usages, (f, u) => new FeatureView(f.Name, u.Seats, u.Used, u.Borrowed, u.Free, u.PeakToday, u.Enabled)).ToList();
        return new LicenseView(
            Key,
            state.Product,
            state.Edition,
            state.Expires,
            new LicenseFlagsView(state.Borrowable, state.Distributable, state.UsageStatistics, state.PeakUpload, state.LocalOnly, state.Agentable),
            state.Deactivated ? "deactivated" : "active",
            features);
    }

    /// <inheritdoc />
    public Task<string?> GetSignedDocument()
        => Task.FromResult(license.RecordExists && license.State.SignedDocument.Length > 0 ? license.State.SignedDocument : null);

    // Every login asks for the summary: it is built once per stored version (ETag) of the state, not per call.
    public Task<LicenseSummary?> GetSummary()
    {
        if (!license.RecordExists)
        {
            return Task.FromResult<LicenseSummary?>(null);
        }

        if (_summary is { } cached && _summaryEtag == license.Etag)
        {
            return Task.FromResult<LicenseSummary?>(cached);
        }

        var state = license.State;
        _summary = new LicenseSummary(
            Key,
            state.Product,
            !state.Deactivated,
            state.Expires,
            state.LocalOnly,
            [.. state.Features.Select(f => f.Name).Where(n => !state.DisabledFeatures.Contains(n, StringComparer.Ordinal))],
            state.UsageStatistics ? state.ForcedAuthenticationHours : null);
        _summaryEtag = license.Etag;
        return Task.FromResult<LicenseSummary?>(_summary);
    }

    public Task<LicenseTerms?> GetTerms()
    {
        if (!license.RecordExists)
        {
            return Task.FromResult<LicenseTerms?>(null);
        }

        var state = license.State;
        return Task.FromResult<LicenseTerms?>(new LicenseTerms(
            Key,
            state.Product,
            !state.Deactivated,
            state.Expires,
            state.Borrowable,
            state.Distributable,
            state.UsageStatistics,
            state.PeakUpload,
            state.ForcedAuthenticationHours,
            SignedLicenseKeyId.Read(state.SignedDocument),
            [.. state.Features.Select(f => f.Name)],
            [.. state.Features.Select(f => f.Name).Where(n => !state.DisabledFeatures.Contains(n, StringComparer.Ordinal))],
            state.LocalOnly,
            state.Agentable,
            [.. state.DroppedFeatures]));
    }

    public async Task ServeForUpstream(string product, string feature, int seats, CancellationToken cancellationToken)
    {
        var state = license.State;
        if (license.RecordExists && !state.AgentServed)
        {
            throw new LicensingException(ErrorCodes.Conflict, $"A vendor's license '{Key}' is imported here; an agent cannot serve the same license id.");
        }

        state.AgentServed = true;
        state.Product = product;
        state.ImportedAt = clock.GetUtcNow();
        var served = state.Features.Exists(f => string.Equals(f.Name, feature, StringComparison.Ordinal));
        state.Features.RemoveAll(f => string.Equals(f.Name, feature, StringComparison.Ordinal));
        if (seats > 0)
        {
            state.Features.Add(new LicensedFeature(feature, seats));
        }

        state.DroppedFeatures = Dropped(state, seats == 0 && served ? [feature] : []);

        await license.WriteStateAsync(cancellationToken);
        lookups.InvalidateLicenses();
        await ConfigurePoolsAsync(cancellationToken);
        if (seats == 0)
        {
            await GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, feature)).Configure(0, false, cancellationToken);
        }

        await GrainFactory.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).Register(Key, product, cancellationToken);
    }

    // The features dropped so far and now, less any licensed again.
    private static List<string> Dropped(LicenseState state, IEnumerable<string> droppedNow)
        => [.. state.DroppedFeatures.Union(droppedNow, StringComparer.Ordinal).Where(n => !state.Features.Exists(f => string.Equals(f.Name, n, StringComparison.Ordinal)))];

    public async Task Deactivate(CancellationToken cancellationToken)
    {
        EnsureExists();
        license.State.Deactivated = true;
        await license.WriteStateAsync(cancellationToken);
        lookups.InvalidateLicenses();
        await ConfigurePoolsAsync(cancellationToken);
    }

    public async Task SetFeatureEnabled(string feature, bool enabled, CancellationToken cancellationToken)
    {
        EnsureExists();
        if (!license.State.Features.Any(f => string.Equals(f.Name, feature, StringComparison.Ordinal)))
        {
            throw LicensingException.NotFound($"License '{Key}' has no feature '{feature}'.");
        }

        license.State.DisabledFeatures.Remove(feature);
        if (!enabled)
        {
            license.State.DisabledFeatures.Add(feature);
        }

        await license.WriteStateAsync(cancellationToken);
        lookups.InvalidateLicenses();
        await ConfigurePoolsAsync(cancellationToken);
    }

    private async Task<LicenseDocument> VerifyAsync(string signedDocument)
    {
        var value = options.Value;
        var triad = await GrainFactory.GetGrain<ITriadGrain>(ITriadGrain.Key).Get();
        try
        {
            return LicenseVerifier.Verify(
                signedDocument,
                await keys.LoadAsync(GrainFactory),
                clock.GetUtcNow(),
                new ServerIdentity(value.ServerId, value.ClusterId, value.IsTriad || triad is not null, triad?.Id));
        }
        catch (LicenseValidationException ex) when (ex.Code == ErrorCodes.LicenseSignatureInvalid)
        {
            // Which silo looked where (issue #14 item 13): a key dropped into one silo's folder is not another's.
            throw new LicensingException(ex.Code, $"{ex.Message} Checked on silo {silo.Name} ({silo.SiloAddress}) against its keys folder '{keys.Folder ?? "(none)"}' and the grid's trusted keys; 'olic keys add FILE' trusts a vendor key on every silo.");
        }
        catch (LicenseValidationException ex)
        {
            throw new LicensingException(ex.Code, ex.Message);
        }
        catch (FormatException ex)
        {
            // A broken key file in the keys folder: the administrator must see which.
            throw new LicensingException(ErrorCodes.LicenseSignatureInvalid, $"The trusted keys cannot be read on silo {silo.Name}: {ex.Message}");
        }
    }

    private async Task ConfigurePoolsAsync(CancellationToken cancellationToken)
    {
        var state = license.State;
        await Task.WhenAll(state.Features.Select(f => GrainFactory.GetGrain<IFeatureGrain>(FeatureKey.Of(Key, f.Name))
            .Configure(f.Seats, !state.Deactivated && !state.DisabledFeatures.Contains(f.Name, StringComparer.Ordinal), cancellationToken)));
    }

    private void EnsureExists()
    {
        if (!license.RecordExists)
        {
            throw LicensingException.NotFound($"No license '{Key}'.");
        }
    }
}
