using Orleans.Concurrency;

namespace OrleansLicense.Grains.Borrows;

/// <summary>The facts of a verified offline request file that the borrow keeps.</summary>
/// <param name="RequestId">The request's id (the borrow id derives from it, so a request is lent at most once).</param>
/// <param name="RequestDigest">The request's digest, echoed in the signed response.</param>
/// <param name="ClientKey">The request key (base64 SPKI); a return file must be signed with it.</param>
[GenerateSerializer, Immutable]
public sealed record OfflineBorrowRequest(string RequestId, string RequestDigest, string ClientKey);
