using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Hosting;

/// <summary>
/// Once the server listens: writes the <c>endpoint</c> file for the local CLI and logs where the
/// silo serves, the dashboard, the admin token and the keys folder. On stop, removes the endpoint
/// file so the CLI says the silo is not running instead of failing to connect.
/// </summary>
internal sealed class StartupAnnouncer(
    IHostApplicationLifetime lifetime,
    IServer server,
    DataFolder folder,
    SiloIdentity identity,
    SiloUrls urls,
    IOptions<LicensingOptions> licensing,
    IOptions<SiloClusterOptions> cluster,
    ILogger<StartupAnnouncer> logger) : IHostedService
{
    private readonly List<CancellationTokenRegistration> _registrations = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SiloLog.LogInformationDataFolder(logger, folder.Root, identity.ServerId, licensing.Value.ClusterId);
        _registrations.Add(lifetime.ApplicationStarted.Register(OnStarted));
        _registrations.Add(lifetime.ApplicationStopping.Register(OnStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        return Task.CompletedTask;
    }

    private void OnStarted()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var port = addresses
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri.Port : 0)
            .FirstOrDefault(p => p > 0);
        if (port > 0)
        {
            urls.SetBoundPort(port);
            try
            {
                OneLineFile.Write(folder.EndpointPath, urls.LocalUrl, ownerOnly: false, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                SiloLog.LogWarningEndpointFile(logger, ex, folder.EndpointPath);
            }
        }

        var listening = addresses.Length > 0 ? string.Join(", ", addresses) : "(in-process server)";
        SiloLog.LogInformationSiloStarted(
            logger,
            urls.LocalUrl,
            listening,
            urls.LocalUrl + "/dashboard",
            urls.LocalUrl + OrleansDashboardCookie.Path + "/",
            cluster.Value.SiloPort,
            cluster.Value.GatewayPort,
            folder.AdminTokenPath,
            folder.KeysFolder);
    }

    private void OnStopping()
    {
        try
        {
            // Only our own line: another silo started on this folder since would own the file.
            if (File.Exists(folder.EndpointPath) && OneLineFile.Read(folder.EndpointPath) == urls.LocalUrl)
            {
                File.Delete(folder.EndpointPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SiloStartupException)
        {
            SiloLog.LogWarningEndpointFile(logger, ex, folder.EndpointPath);
        }
    }
}
