using Npgsql;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Silo.Hosting.GridTls;

/// <summary>
/// Where a silo gets the grid certificate: <c>grid.crt.pem</c> and <c>grid.key.pem</c> in its data folder when
/// the operator put them there (made by <c>olic grid cert</c> or their own PKI); otherwise the grid's database,
/// where the first silo to start stores one it made (every later silo adopts it). Whoever can read the database
/// holds every secret of the grid anyway; a process on the network without it cannot join.
/// </summary>
internal static class GridCertificateSource
{
    /// <summary>The certificate file in the data folder.</summary>
    public const string CertificateFileName = "grid.crt.pem";

    /// <summary>The private key file in the data folder (0600).</summary>
    public const string KeyFileName = "grid.key.pem";

    /// <summary>Reads the files when both exist, else null; one without the other is an operator's mistake.</summary>
    public static GridCertificate? FromDataFolder(string dataFolder)
    {
        var certificatePath = Path.Combine(dataFolder, CertificateFileName);
        var keyPath = Path.Combine(dataFolder, KeyFileName);
        var hasCertificate = File.Exists(certificatePath);
        if (hasCertificate != File.Exists(keyPath))
        {
            throw new InvalidOperationException(
                $"The data folder has {(hasCertificate ? CertificateFileName : KeyFileName)} without {(hasCertificate ? KeyFileName : CertificateFileName)}: put both files of the grid certificate there, or neither (the grid's database then provides it).");
        }

        if (!hasCertificate)
        {
            return null;
        }

        try
        {
            return GridCertificate.FromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException($"{certificatePath} and {keyPath} are not a certificate and its private key in PEM: {ex.Message}", ex);
        }
    }

    /// <summary>Adopts the grid's certificate from the database, storing a new one first when there is none.</summary>
    public static async Task<GridCertificate> FromDatabaseAsync(string connectionString, TimeProvider clock, CancellationToken cancellationToken)
    {
        var made = GridCertificate.Create(clock.GetUtcNow());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Two silos starting at once both offer one; the first insert wins and both read the winner back.
        await using (var offer = new NpgsqlCommand(
            "INSERT INTO olic_grid_certificate (id, certificate_pem, key_pem) VALUES (1, @c, @k) ON CONFLICT (id) DO NOTHING", connection))
        {
            offer.Parameters.AddWithValue("c", made.CertificatePem);
            offer.Parameters.AddWithValue("k", made.KeyPem);
            await offer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = new NpgsqlCommand("SELECT certificate_pem, key_pem FROM olic_grid_certificate WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The grid's database holds no grid certificate after storing one.");
        }

        return GridCertificate.FromPem(reader.GetString(0), reader.GetString(1));
    }
}
