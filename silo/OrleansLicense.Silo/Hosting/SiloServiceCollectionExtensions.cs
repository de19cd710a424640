using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Runtime.Cluster;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Postgres;
using OrleansLicense.Runtime.Sqlite;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Endpoints.OpenApi;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;
using Serilog.Extensions.Logging;

namespace OrleansLicense.Silo.Hosting;

/// <summary>Registers the silo: options, data folder, logging, the grain runtime on SQLite, and the web edges.</summary>
internal static class SiloServiceCollectionExtensions
{
    /// <summary>The configuration section of the SQLite provider's own options (synchronous, busy timeout).</summary>
    public const string SqliteSectionName = "Sqlite";

    /// <summary>
    /// Everything that depends on configuration is resolved from the container, not read here:
    /// hosts such as WebApplicationFactory add their configuration only when the app is built.
    /// </summary>
    public static void AddSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddOptionsAndDataFolder(services);
        AddSerilog(builder);
        AddGrainRuntime(services, builder.Configuration);
        AddClusterSecrets(services);
        AddWeb(services);
        services.AddHostedService<StartupAnnouncer>();
        services.AddDashboard();
    }

    private static void AddOptionsAndDataFolder(IServiceCollection services)
    {
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        services.AddSingleton(sp => DataFolder.Prepare(sp.GetRequiredService<IOptions<SiloOptions>>().Value.DataFolder));
        services.AddSingleton(sp => new SiloIdentity(ServerIdFile.LoadOrCreate(sp.GetRequiredService<DataFolder>().ServerIdPath)));
        services.AddSingleton<SiloUrls>();
    }

    /// <summary>
    /// The admin token and the server signing key, each read from the data folder and then adopted from the
    /// cluster at start, so that every silo of a grid has the same ones. Registered after the grain runtime: the
    /// host starts hosted services in registration order, one after the other, and the runtime's must have joined
    /// the cluster before these call a grain; the web server starts after all of them, so no request meets a
    /// silo-local token or key.
    /// </summary>
    private static void AddClusterSecrets(IServiceCollection services)
    {
        services.AddSingleton<AdminTokenLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminTokenLoader>());
        services.AddSingleton(sp => sp.GetRequiredService<AdminTokenLoader>().Token);
        services.AddServerSigningKey();
    }

    private static void AddSerilog(WebApplicationBuilder builder)
    {
        // Equivalent to Logging.AddSerilog(logger, dispose: true), with the logger built when the
        // container is, because its file sink lives in the configured data folder.
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter<SerilogLoggerProvider>(category: null, LogLevel.Trace);
        builder.Services.AddSingleton<ILoggerProvider>(sp => new SerilogLoggerProvider(
            SerilogSetup.CreateLogger(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DataFolder>().LogsFolder),
            dispose: true));
    }

    private static void AddGrainRuntime(IServiceCollection services, IConfiguration configuration)
    {
        // A TimeProvider registered before this (tests: a manual clock) wins: the runtime only TryAdds the system clock.
        services.AddOrleansLicenseRuntime(runtime => runtime.AddLicenseGrains());
        services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName).ValidateOnStart();
        services.AddOptions<LicensingOptions>().BindConfiguration(LicensingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IConfigureOptions<LicensingOptions>, LicensingOptionsSetup>();
        services.AddSingleton<IValidateOptions<LicensingOptions>, LicensingOptionsValidator>();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<ClusterOptions>, ClusterOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<LicensingOptions>, ClusterLicensingSetup>();

        // The provider is chosen when the container is built, so it is read from configuration here
        // (command line and environment are already in it); a grid needs PostgreSQL.
        var storage = configuration.GetValue($"{SiloOptions.SectionName}:{nameof(SiloOptions.Storage)}", SiloStorage.Sqlite);
        if (storage == SiloStorage.Postgres)
        {
            services.AddPostgresStorage(_ => { });
            services.AddSingleton<IConfigureOptions<PostgresStorageOptions>, PostgresOptionsSetup>();
        }
        else
        {
            services.AddSqliteStorage(_ => { });
            services.AddOptions<SqliteStorageOptions>().BindConfiguration(SqliteSectionName);
            services.AddSingleton<IConfigureOptions<SqliteStorageOptions>, SqliteOptionsSetup>();
        }
    }

    private static void AddWeb(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default);
            options.SerializerOptions.Encoder = ApiJson.Encoder;
        });

        // Unreadable bodies throw BadHttpRequestException, which the error middleware turns into
        // problem details (the default would be an empty 400 in production).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // The core services only: the bearer token needs no cookies, so no data protection key ring either.
        services.AddAuthenticationCore(options => options.AddScheme<AdminTokenAuthenticationHandler>(AdminAuthentication.Scheme, displayName: null));
        services.TryAddSingleton(UrlEncoder.Default);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AdminAuthentication.Role));

        services.AddOpenApi(options =>
        {
            var security = new AdminSecurityTransformer();
            options.AddDocumentTransformer(security);
            options.AddOperationTransformer(security);
        });
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelListenSetup>();
    }
}
