using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;

namespace OrleansLicense.Silo.Configuration;

/// <summary>
/// Fills the licensing options the configuration left empty from the data folder: the trusted keys
/// folder (<c>keys/</c>) and the server id (<c>server.id</c>). Runs after the <c>Licensing</c>
/// section is bound, so explicit configuration wins.
/// </summary>
internal sealed class LicensingOptionsSetup(DataFolder folder, SiloIdentity identity) : IConfigureOptions<LicensingOptions>
{
    public void Configure(LicensingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TrustedKeysFolder))
        {
            options.TrustedKeysFolder = folder.KeysFolder;
        }

        if (string.IsNullOrWhiteSpace(options.ServerId))
        {
            options.ServerId = identity.ServerId;
        }
    }
}
