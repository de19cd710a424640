using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Usage;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>
/// A client's usage upload (R-USE-1), shared by the HTTP endpoint and the Orleans client API: refusals are
/// <see cref="LicensingException"/>s, which each edge answers in its own way.
/// </summary>
internal static class UsageUploads
{
    /// <summary>
    /// Records the upload at every license of the product that keeps usage statistics (or at the named one). A record
    /// that could not have happened is refused before any license stores it (#14 item 3).
    /// </summary>
    /// <exception cref="LicensingException">bad_request, not_found, not_enabled.</exception>
    public static async Task<UsageUploadResponse> UploadAsync(UsageUploadRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problem = BorrowRequestValidator.Validate(request) ?? UsageRecordValidator.Validate(request.Record, clock.GetUtcNow());
        if (problem is not null)
        {
            throw LicensingException.BadRequest(problem);
        }

        IReadOnlyList<string> licenseIds = request.LicenseId is { } id
            ? [id]
            : await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(request.Product).ConfigureAwait(false);
        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{request.Product}'.");
        }

        // Every license is read and the record checked against them before any stores it: all or none.
        var keeping = new List<(LicenseTerms Terms, LicenseView View)>();
        foreach (var licenseId in licenseIds)
        {
            var license = grains.GetGrain<ILicenseGrain>(licenseId);
            var terms = await license.GetTerms().ConfigureAwait(false);
            if (terms is null || terms.Product != request.Product)
            {
                throw LicensingException.NotFound($"No license '{licenseId}' of product '{request.Product}'.");
            }

            if (!terms.UsageStatistics)
            {
                if (request.LicenseId is not null)
                {
                    throw new LicensingException(ErrorCodes.NotEnabled, $"License '{licenseId}' does not keep usage statistics.");
                }

                continue;
            }

            if (await license.Get(cancellationToken).ConfigureAwait(false) is { } view)
            {
                keeping.Add((terms, view));
            }
        }

        if (keeping.Count > 0 && UsageRecordValidator.Validate(request.Record, [.. keeping.Select(k => k.View)]) is { } impossible)
        {
            throw LicensingException.BadRequest(impossible);
        }

        var clientId = UsageClientId.Of(request.Client);
        var recorded = new List<string>();
        DateTimeOffset? next = null;
        foreach (var (terms, _) in keeping)
        {
            var due = await grains.GetGrain<IUsageGrain>(terms.Id)
                .Upload(clientId, new UsageUpload(request.Client, request.Record), terms.ForcedAuthenticationHours, cancellationToken)
                .ConfigureAwait(false);
            recorded.Add(terms.Id);
            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return new UsageUploadResponse(recorded, next);
    }
}
