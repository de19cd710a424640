using OrleansLicense.Silo.Backup;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts;
using OrleansLicense.Silo.AccessLog;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Endpoints.OpenApi;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Errors.ServerRejections;
using OrleansLicense.Silo.Hosting.Network;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Metrics;
using OrleansLicense.Silo.Security;
using OrleansLicense.Silo.Security.Throttling;
using OrleansLicense.Silo.Security.Access;
using Serilog;

using OrleansLicense.Silo.Agents;
using OrleansLicense.Silo.Triad;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Registers the silo: options, data folder, logging, Orleans with the license grains, and the web edges.</summary>
internal static class SiloServiceCollectionExtensions
{
    /// <summary>The configuration section of the SQLite storage's own options (synchronous, busy timeout).</summary>
    public const string SqliteSectionName = "Sqlite";

    /// <summary>
    /// Everything that depends on configuration is resolved from the container, not read here: hosts such as
    /// WebApplicationFactory add their configuration only when the app is built. The one exception is the storage
    /// (SQLite or PostgreSQL), which decides which providers are registered.
    /// </summary>
    public static void AddSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddOptionsAndDataFolder(services);
        AddLogging(builder);

        // Orleans' hosted service is registered here, so it starts (and the silo joins its cluster) before the
        // hosted services below call a grain; the web server starts after all of them.
        var storage = builder.Configuration.GetValue($"{SiloOptions.SectionName}:{nameof(SiloOptions.Storage)}", SiloStorage.Sqlite);
        var gridTls = builder.Configuration.GetValue($"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.Tls)}", true);
        builder.UseOrleans(silo => silo.AddLicenseSilo(storage, gridTls));
        AddLicensingOptions(services);
        AddClusterSecrets(services);
        AddWeb(services);
        services.AddSingleton<ClusterMembers>();
        services.AddSingleton<GatewayList>();
        services.AddSingleton<OrleansLicense.Silo.Endpoints.Gateway.SessionCalls>();
        services.AddHostedService<StartupAnnouncer>();
        services.AddDashboard();
        services.AddAgents();
        services.AddBackupRelationship();
        services.AddTriadApi();
    }

    private static void AddOptionsAndDataFolder(IServiceCollection services)
    {
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        services.AddOptions<SiloClusterOptions>().BindConfiguration(SiloClusterOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloClusterOptions>, SiloClusterOptionsValidator>();
        services.AddSingleton(sp => DataFolder.Prepare(sp.GetRequiredService<IOptions<SiloOptions>>().Value.DataFolder));
        services.AddSingleton(sp => new SiloIdentity(ServerIdFile.LoadOrCreate(sp.GetRequiredService<DataFolder>().ServerIdPath)));
        services.AddSingleton<SiloUrls>();
        services.AddNetwork();
        services.AddAccessLog();
        services.AddLicenseMetrics();
    }

    /// <summary>
    /// Serilog (Serilog.AspNetCore) for every log of the process, Orleans' included: console, the data folder's
    /// <c>logs/</c> and the console's live log page, built when the container is, because the file sink lives in the
    /// configured data folder. The static <c>Log.Logger</c> is left alone: several silos may share a process (tests).
    /// </summary>
    private static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.TryAddSingleton<DashboardLogBuffer>();
        builder.Services.AddSerilog(
            (sp, logger) => SerilogSetup.Configure(
                logger,
                sp.GetRequiredService<IConfiguration>(),
                sp.GetRequiredService<DataFolder>().LogsFolder,
                new DashboardLogSink(sp.GetRequiredService<DashboardLogBuffer>())),
            preserveStaticLogger: true);

        var serilogFactory = builder.Services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        var create = serilogFactory.ImplementationFactory
            ?? throw new InvalidOperationException("Serilog no longer registers its logger factory through a factory method; revisit CachingLoggerFactory.");
        builder.Services.Remove(serilogFactory);
        builder.Services.AddSingleton<ILoggerFactory>(sp => new CachingLoggerFactory((ILoggerFactory)create(sp)));
    }

    private static void AddLicensingOptions(IServiceCollection services)
    {
        services.AddOptions<LicensingOptions>().BindConfiguration(LicensingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IConfigureOptions<LicensingOptions>, LicensingOptionsSetup>();
        services.AddSingleton<IValidateOptions<LicensingOptions>, LicensingOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<LicensingOptions>, ClusterLicensingSetup>();
    }

    /// <summary>
    /// The admin token and the server signing key, each read from the data folder and then adopted from the
    /// cluster at start, so that every silo of a grid has the same ones. Registered after Orleans: the host starts
    /// hosted services in registration order, one after the other, and the silo must have joined the cluster before
    /// these call a grain; the web server starts after all of them, so no request meets a silo-local token or key.
    /// </summary>
    private static void AddClusterSecrets(IServiceCollection services)
    {
        services.AddSingleton<AdminTokenLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminTokenLoader>());
        services.AddSingleton(sp => sp.GetRequiredService<AdminTokenLoader>().Token);
        services.AddServerSigningKey();
        services.AddSingleton<Endpoints.Gateway.SessionIds>();
        services.AddSingleton<OrleansLicense.Grains.Sessions.IIssuedSessionIds>(sp => sp.GetRequiredService<Endpoints.Gateway.SessionIds>());
    }

    private static void AddWeb(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));

        // Unreadable bodies throw BadHttpRequestException, which the error middleware turns into
        // problem details (the default would be an empty 400 in production).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // The core services only: the bearer token and the Orleans Dashboard's signed cookie need no data protection key ring.
        services.AddAuthenticationCore(options => options.AddScheme<AdminTokenAuthenticationHandler>(AdminAuthentication.Scheme, displayName: null));
        services.TryAddSingleton(UrlEncoder.Default);
        services.AddSingleton<OrleansDashboardCookie>();
        services.AddAdminThrottle();
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AdminAuthentication.Role)
                .AddRequirements(AdminAccessRequirement.Instance));
        services.AddAdminAccess();

        services.AddOpenApi(options =>
        {
            var security = new AdminSecurityTransformer();
            options.AddDocumentTransformer(security);
            options.AddOperationTransformer(security);
            options.AddSchemaTransformer<ProblemCodeSchemaTransformer>();
            options.AddSchemaTransformer<RequestSchemaTransformer>();
            var api = new ApiDocumentTransformer();
            options.AddDocumentTransformer(api);
            options.AddOperationTransformer(api);
        });
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, ServerRejectionProblemsSetup>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelListenSetup>();
    }
}
