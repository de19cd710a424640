using OrleansLicense.Licensing.Keys;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Borrowing;

/// <summary>
/// At start, before the server serves: reads or creates <c>server.key.pem</c>, offers it to the cluster and adopts
/// the cluster's key (the first one any silo offered), rewriting the file when it held another. So every silo of a
/// grid signs borrow certificates, usage exports and peak logs with the one key a client pins (R-BOR-4, R-CL-3),
/// and a single silo keeps its own key (its file is the first offer).
/// </summary>
/// <remarks>
/// Registered after the grain runtime's hosted service, which must have joined the cluster before a grain can be
/// called; the host starts hosted services one after the other and the web server after all of them, so no request
/// is signed with a key the cluster does not share.
/// </remarks>
internal sealed class ServerSigningKeyLoader(DataFolder folder, IGrainFactory grains, ILogger<ServerSigningKeyLoader> logger) : IHostedService
{
    private ServerSigningKey? _key;

    /// <summary>The cluster's signing key, once <see cref="StartAsync"/> has adopted it.</summary>
    /// <exception cref="InvalidOperationException">Asked for before the silo started.</exception>
    public ServerSigningKey Key => _key ?? throw new InvalidOperationException("The server signing key is adopted from the cluster when the silo starts; it was asked for before.");

    /// <summary>The cluster's signing key, or null while the silo has not adopted it yet (grains may run before that).</summary>
    public ServerSigningKey? Adopted => _key;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder.Root, ServerKeyFile.FileName);
        var local = ServerKeyFile.LoadOrCreate(path);
        var answer = await ClusterSecretOffer.AdoptAsync(grains, "server signing key", (secrets, ct) => secrets.OfferServerKey(local.ExportPrivateKeyPem(), ct), cancellationToken).ConfigureAwait(false);

        VendorKeyPair cluster;
        try
        {
            cluster = VendorKeyPair.FromPrivateKeyPem(answer);
        }
        catch (FormatException ex)
        {
            throw new SiloStartupException($"The cluster's server signing key in the cluster's store is not a P-256 private key PEM ({ex.Message}).", ex);
        }

        if (!string.Equals(cluster.KeyId, local.KeyId, StringComparison.Ordinal))
        {
            ServerKeyFile.Replace(path, cluster);
            BorrowingLog.LogInformationServerKeyAdopted(logger, cluster.KeyId, local.KeyId, path);
        }

        _key = new ServerSigningKey(cluster);
        BorrowingLog.LogInformationServerKey(logger, _key.KeyId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
