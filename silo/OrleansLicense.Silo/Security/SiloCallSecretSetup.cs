using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansLicense.Grains.Security;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Logging;

namespace OrleansLicense.Silo.Security;

/// <summary>
/// The secret this silo's callers put on every call to a license grain, and that the grains' call filter asks for,
/// so that a stranger who reaches the Orleans gateway port cannot call them. <see cref="SiloClusterOptions.CallSecret"/>
/// when set; else a single silo makes a random one at each start (nothing else calls it), and a grid derives one from
/// the database name, user name and password of its PostgreSQL connection string: every silo of the grid has them,
/// an outsider on the gateway port does not.
/// </summary>
internal sealed class SiloCallSecretSetup : IConfigureOptions<SiloCallCredentialOptions>
{
    /// <summary>Separates this use of the connection's credentials from any other.</summary>
    private const string Purpose = "orleans-license/silo-call-secret/v1";

    private readonly string _secret;

    public SiloCallSecretSetup(IOptions<SiloOptions> silo, IOptions<SiloClusterOptions> cluster, ILogger<SiloCallSecretSetup> logger)
    {
        // Made once: options may be configured more than once, and every caller must see the same secret.
        _secret = cluster.Value.CallSecret is { Length: > 0 } configured
            ? configured.Trim()
            : silo.Value.IsGrid
                ? FromConnectionString(silo.Value.ConnectionString ?? "", logger)
                : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    }

    public void Configure(SiloCallCredentialOptions options) => options.Secret = _secret;

    /// <summary>HMAC-SHA256, keyed by the password, over the database and user names: 64 hex characters.</summary>
    internal static string FromConnectionString(string connectionString, ILogger logger)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);

        // Npgsql also takes the password from PGPASSWORD when the string has none.
        var password = connection.Password ?? Environment.GetEnvironmentVariable("PGPASSWORD") ?? "";
        if (password.Length == 0)
        {
            SiloLog.LogWarningWeakCallSecret(logger);
        }

        var message = Encoding.UTF8.GetBytes($"{Purpose}\n{connection.Database}\n{connection.Username}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(password), message));
    }
}
