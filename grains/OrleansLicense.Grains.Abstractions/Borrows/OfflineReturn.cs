using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>A verified offline return file.</summary>
/// <param name="RequestId">The return's own id.</param>
/// <param name="Fingerprint">The machine that wrote it.</param>
/// <param name="ClientKey">The key that signed it (base64 SPKI); must be the borrow's request key.</param>
[GenerateSerializer, Immutable]
public sealed record OfflineReturn(string RequestId, string Fingerprint, string ClientKey);
