namespace OrleansLicense.Licensing.Borrowing;

/// <summary>A signed JSON file taken apart: its payload's canonical bytes, the signing key's id and the signature.</summary>
internal sealed record OpenedEnvelope(byte[] Canonical, string KeyId, byte[] Signature);
