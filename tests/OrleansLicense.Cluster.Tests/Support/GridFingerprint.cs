using Npgsql;
using OrleansLicense.Licensing.Grid;

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>The SHA-256 fingerprint of a grid's certificate, which an Orleans client pins (#13 item 6).</summary>
internal static class GridFingerprint
{
    /// <summary>Reads the certificate the grid's first silo stored in its database.</summary>
    public static async Task<string> ReadAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand("SELECT certificate_pem, key_pem FROM olic_grid_certificate WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct), "the first silo stored no grid certificate");
        return GridCertificate.FromPem(reader.GetString(0), reader.GetString(1)).Thumbprint;
    }
}
