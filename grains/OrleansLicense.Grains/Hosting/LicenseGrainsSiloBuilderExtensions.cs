using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Agents;
using OrleansLicense.Grains.Calls;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Security;
using Orleans.Serialization;
using OrleansLicense.Grains.Serialization;
using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Hosting;

/// <summary>Adds the license grains to an Orleans silo.</summary>
public static class LicenseGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Hosts every grain of this assembly (licenses, seats, sessions, settings, borrows, usage and peaks, cluster
    /// secrets) with the services they use; binds <see cref="LicensingOptions"/> with <paramref name="configure"/>;
    /// adds the call filters of the silo call credential and the contract types' JSON codec.
    /// </summary>
    /// <remarks>
    /// The host must also configure <see cref="SiloCallCredentialOptions"/> (the same secret on every silo: the silo
    /// refuses to start without one), register a <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> is
    /// added when none is), and add the storage: grain storage named
    /// <see cref="OrleansLicense.Storage.LicenseStorage.StateStorageName"/>, an
    /// <see cref="OrleansLicense.Storage.EventLogs.IEventLogStore"/> and a reminder service.
    /// </remarks>
    public static ISiloBuilder AddLicenseGrains(this ISiloBuilder builder, Action<LicensingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(LicenseGrainsSiloBuilderExtensions).Assembly));
        services.AddLicenseSerialization();

        var options = services.AddOptions<LicensingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TrustedKeyProvider>();
        services.AddSingleton<LicenseQueries>();
        services.AddSingleton<LoginLookups>();
        services.AddSingleton<ISessionLogins, Logins>();
        services.TryAddSingleton<IIssuedSessionIds, NoIssuedSessionIds>();
        services.AddSingleton<SessionLeases>();
        services.AddSingleton<GrainReferences>();
        services.AddMetrics();
        services.AddSingleton<OrleansLicense.Grains.Seats.SeatQueueMetrics>();
        services.AddOptions<AgentOptions>();
        services.TryAddSingleton<IAgentUpstreamLink, NoUpstreamLink>();
        services.AddOptions<OrleansLicense.Grains.Backup.BackupOptions>();
        services.TryAddSingleton<OrleansLicense.Grains.Backup.IBackupPartnerLink, OrleansLicense.Grains.Backup.NoBackupPartnerLink>();

        services.AddOptions<SiloCallCredentialOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloCallCredentialOptions>, SiloCallCredentialOptionsValidator>());
        services.AddSingleton<SiloCallCredential>();
        builder.AddOutgoingGrainCallFilter<SiloCallCredentialFilter>();
        builder.AddIncomingCallStep<SiloCallAuthorization>();

        // Kick notices for Orleans clients (issue #13 item 3).
        builder.AddIncomingCallStep<OrleansLicense.Grains.ClientGateway.SessionEndNotifier>();
        return builder;
    }
}
