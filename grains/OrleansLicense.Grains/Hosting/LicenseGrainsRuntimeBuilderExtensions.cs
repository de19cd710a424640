using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Runtime.Hosting;

namespace OrleansLicense.Grains.Hosting;

/// <summary>Adds the license grains to a silo.</summary>
public static class LicenseGrainsRuntimeBuilderExtensions
{
    /// <summary>Hosts every grain of this assembly (licenses, seats, sessions, settings, borrows, usage and peaks, cluster secrets); binds <see cref="LicensingOptions"/> with <paramref name="configure"/>.</summary>
    public static RuntimeBuilder AddLicenseGrains(this RuntimeBuilder builder, Action<LicensingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrains(typeof(LicenseGrainsRuntimeBuilderExtensions).Assembly);
        var options = builder.Services.AddOptions<LicensingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton<TrustedKeyProvider>();
        builder.Services.AddSingleton<LicenseQueries>();
        builder.Services.AddSingleton<LoginLookups>();
        return builder;
    }
}
