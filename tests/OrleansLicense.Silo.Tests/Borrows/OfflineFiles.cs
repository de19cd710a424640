using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>What the client library does on an offline machine, done directly with the file formats.</summary>
internal sealed class OfflineFiles(string product, string fingerprint = "fp-field-7")
{
    public VendorKeyPair RequestKey { get; } = VendorKeyPair.Generate();

    public string Fingerprint => fingerprint;

    public string ClientKey => Convert.ToBase64String(RequestKey.PublicKey.ExportSubjectPublicKeyInfo());

    public BorrowRequestContent Request(DateTimeOffset now, int hours, params (string Name, int Count)[] features) => new(
        BorrowRequestFile.Format,
        BorrowNonce.New(),
        product,
        null,
        [.. features.Select(f => new BorrowedFeature(f.Name, f.Count))],
        hours,
        false,
        fingerprint,
        "bob",
        "field-pc-7",
        now,
        now.AddDays(7),
        ClientKey);

    public string RequestFile(BorrowRequestContent content) => BorrowRequestFile.Create(content, RequestKey);

    public string ReturnFile(string borrowId, DateTimeOffset now)
        => BorrowReturnFile.Create(new BorrowReturnContent(BorrowReturnFile.Format, borrowId, BorrowNonce.New(), fingerprint, now, ClientKey), RequestKey);
}
