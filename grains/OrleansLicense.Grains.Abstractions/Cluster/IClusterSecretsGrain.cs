
namespace OrleansLicense.Grains.Cluster;

/// <summary>
/// The secrets every silo of a cluster must share (one grain, key <see cref="Key"/>, durable): the server
/// signing key, so that a borrow certificate, usage export or peak log signed by any silo verifies against the
/// key a client pinned from any other (R-BOR-4, R-CL-3), and the admin token, so that one token opens the admin
/// API of every silo (R-CL-1). Each silo offers its own at start; the first value the cluster ever received is
/// kept and answered to every later offer.
/// </summary>
/// <remarks>
/// The values are stored as they are offered, in the cluster's store: whoever can read that store can read them.
/// </remarks>
public interface IClusterSecretsGrain : IGrainWithStringKey
{
    /// <summary>The single key of the cluster secrets grain.</summary>
    public const string Key = "cluster";

    /// <summary>Offers this silo's server signing key; answers the cluster's (the first one offered, durably stored before answering).</summary>
    /// <param name="privateKeyPem">The P-256 PKCS#8 private key PEM of <c>server.key.pem</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The PEM is empty.</exception>
    Task<string> OfferServerKey(string privateKeyPem, CancellationToken cancellationToken);

    /// <summary>Offers this silo's admin token; answers the cluster's (the first one offered, durably stored before answering).</summary>
    /// <param name="token">The token of <c>admin.token</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The token is empty.</exception>
    Task<string> OfferAdminToken(string token, CancellationToken cancellationToken);
}
