using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// At start, before the server serves: reads or creates <c>admin.token</c>, offers it to the cluster and adopts the
/// cluster's token (the first one any silo offered), rewriting the file when it held another. So the token of any
/// silo's data folder (the one the local CLI and the dashboard sign-in use) opens the admin API of every silo of the
/// grid (R-SEC-1, R-CL-3), and a single silo keeps its own token (its file is the first offer).
/// </summary>
/// <remarks>
/// Registered after the grain runtime's hosted service, which must have joined the cluster before a grain can be
/// called; the host starts hosted services one after the other and the web server after all of them, so no admin
/// call is checked against a token the cluster does not share.
/// </remarks>
internal sealed class AdminTokenLoader(DataFolder folder, IGrainFactory grains, ILogger<AdminTokenLoader> logger) : IHostedService
{
    private AdminToken? _token;

    /// <summary>The cluster's admin token, once <see cref="StartAsync"/> has adopted it.</summary>
    /// <exception cref="InvalidOperationException">Asked for before the silo started.</exception>
    public AdminToken Token => _token ?? throw new InvalidOperationException("The admin token is adopted from the cluster when the silo starts; it was asked for before.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var local = AdminTokenFile.LoadOrCreate(folder.AdminTokenPath);
        var cluster = await ClusterSecretOffer.AdoptAsync(grains, "admin token", (secrets, ct) => secrets.OfferAdminToken(local, ct), cancellationToken).ConfigureAwait(false);

        if (!string.Equals(cluster, local, StringComparison.Ordinal))
        {
            AdminTokenFile.Replace(folder.AdminTokenPath, cluster);
            SiloLog.LogInformationAdminTokenAdopted(logger, folder.AdminTokenPath);
        }

        _token = new AdminToken(cluster);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
