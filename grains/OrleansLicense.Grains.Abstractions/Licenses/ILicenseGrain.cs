using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Borrows;
using Orleans.Concurrency;

namespace OrleansLicense.Grains.Licenses;

/// <summary>One license (key: the license id, the seeds' SN): the signed document, its status and its features.</summary>
public interface ILicenseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Verifies and stores a signed license document whose id is this grain's key, and sets up its
    /// seat pools. Re-importing a newer document of the same id replaces it (flags borrowable and
    /// distributable can never be unset: R-BOR-6).
    /// </summary>
    /// <exception cref="Errors.LicensingException">license_signature_invalid, license_expired, license_binding_mismatch, conflict.</exception>
    Task<LicenseView> Import(string signedDocument, CancellationToken cancellationToken);

    /// <summary>
    /// Second-level agents (#18): sets the seats of <paramref name="feature"/> this grid serves for its upstream under
    /// the upstream's license id (0 removes the feature). Refused with conflict when a vendor's license of this id is
    /// imported here.
    /// </summary>
    Task ServeForUpstream(string product, string feature, int seats, CancellationToken cancellationToken);

    /// <summary>The license with live seat counts, or null when none was imported under this id.</summary>
    [ReadOnly]
    Task<LicenseView?> Get(CancellationToken cancellationToken);

    /// <summary>What logins need: product, expiry, flags and features; null when unknown.</summary>
    [ReadOnly]
    Task<LicenseSummary?> GetSummary();

    /// <summary>What borrowing, usage statistics and peak exports check: flags, forced-authentication period, signing key; null when unknown.</summary>
    [ReadOnly]
    Task<LicenseTerms?> GetTerms();

    /// <summary>The signed document as imported, to import it on another server (a triad's licenses moved on dissolving); null when none was imported under this id.</summary>
    [ReadOnly]
    Task<string?> GetSignedDocument();

    /// <summary>Deactivates the license: no new seats are granted; seats held stay until returned.</summary>
    Task Deactivate(CancellationToken cancellationToken);

    /// <summary>Disables or enables one feature; the others stay usable (R-LIC-4).</summary>
    Task SetFeatureEnabled(string feature, bool enabled, CancellationToken cancellationToken);
}

/// <summary>The facts of a license that a login checks.</summary>
/// <param name="Id">The license id.</param>
/// <param name="Product">The product.</param>
/// <param name="Active">False once deactivated.</param>
/// <param name="Expires">The expiry, or null.</param>
/// <param name="LocalOnly">Only clients on the server's own machine may use it.</param>
/// <param name="Features">The features that may grant seats.</param>
/// <param name="ForcedAuthenticationHours">With usage statistics and forced authentication: how often each client must upload its usage (R-USE-1); null = not forced.</param>
[GenerateSerializer, Immutable]
public sealed record LicenseSummary(
    string Id,
    string Product,
    bool Active,
    DateTimeOffset? Expires,
    bool LocalOnly,
    IReadOnlyList<string> Features,
    int? ForcedAuthenticationHours);
