using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Silo.Borrowing;

/// <summary>The server's signing key (<see cref="ServerKeyFile"/>): the cluster's, the same on every silo (<see cref="ServerSigningKeyLoader"/>).</summary>
internal sealed class ServerSigningKey(VendorKeyPair key)
{
    /// <summary>The key pair.</summary>
    public VendorKeyPair Key { get; } = key;

    /// <summary>The public key's id.</summary>
    public string KeyId => Key.KeyId;
}
