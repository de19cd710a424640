using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Tests.Borrowing;

/// <summary>R-BOR-4: offline request, borrow certificate and return files: round trips, tampering (every byte), expiry, foreign machines and keys.</summary>
public sealed class BorrowFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly VendorKeyPair RequestKey = VendorKeyPair.Generate();
    private static readonly VendorKeyPair ServerKey = VendorKeyPair.Generate();

    [Fact]
    public void A_request_file_round_trips_with_a_stable_digest()
    {
        var content = Request();
        var file = BorrowRequestFile.Create(content, RequestKey);

        var read = BorrowRequestFile.Read(file, Now);

        Assert.Equal(content.RequestId, read.Content.RequestId);
        Assert.Equal(content.Features, read.Content.Features);
        Assert.Equal(64, read.Digest.Length);
        Assert.Equal(read.Digest, BorrowRequestFile.Read(file, Now.AddDays(1)).Digest);
        Assert.StartsWith("{\"borrowRequest\":{", file, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_byte_change_of_a_request_file_is_refused()
    {
        var file = BorrowRequestFile.Create(Request(), RequestKey);

        Assert.Empty(FileTamper.AcceptedChanges(file, text => BorrowRequestFile.Read(text, Now)));
    }

    [Fact]
    public void A_request_file_is_refused_once_expired()
    {
        var file = BorrowRequestFile.Create(Request(), RequestKey);

        BorrowRequestFile.Read(file, Now.AddDays(7).AddTicks(-1));
        var expired = Assert.Throws<SignedFileException>(() => BorrowRequestFile.Read(file, Now.AddDays(7)));

        Assert.Equal(SignedFileErrorCodes.Expired, expired.Code);
    }

    [Fact]
    public void A_request_must_be_signed_by_its_own_key_and_be_valid()
    {
        Assert.Throws<ArgumentException>(() => BorrowRequestFile.Create(Request(), VendorKeyPair.Generate()));
        Assert.Throws<ArgumentException>(() => BorrowRequestFile.Create(Request() with { RequestId = "short" }, RequestKey));
        Assert.Throws<ArgumentException>(() => BorrowRequestFile.Create(Request() with { Features = [new BorrowedFeature("draw", 0)] }, RequestKey));
        Assert.Throws<ArgumentException>(() => BorrowRequestFile.Create(Request() with { Features = [new BorrowedFeature("draw", 1), new BorrowedFeature("draw", 2)] }, RequestKey));
    }

    [Fact]
    public void A_certificate_verifies_against_the_pinned_server_key_only()
    {
        var file = BorrowCertificate.Issue(Certificate(), ServerKey);

        var content = BorrowCertificate.Verify(file, ServerKey.PublicKey);
        var unpinned = BorrowCertificate.Verify(file, null);
        var foreign = Assert.Throws<SignedFileException>(() => BorrowCertificate.Verify(file, VendorKeyPair.Generate().PublicKey));

        Assert.Equal("o" + new string('a', 32), content.BorrowId);
        Assert.Equal(Convert.ToBase64String(ServerKey.PublicKey.ExportSubjectPublicKeyInfo()), unpinned.ServerKey);
        Assert.Equal(SignedFileErrorCodes.Invalid, foreign.Code);
    }

    [Fact]
    public void A_certificate_forged_with_another_key_is_refused_by_a_client_that_pinned_the_server()
    {
        var forged = BorrowCertificate.Issue(Certificate() with { Until = Now.AddYears(50) }, VendorKeyPair.Generate());

        var refused = Assert.Throws<SignedFileException>(() => BorrowCertificate.Verify(forged, ServerKey.PublicKey));

        Assert.Equal(SignedFileErrorCodes.Invalid, refused.Code);
    }

    [Fact]
    public void Every_single_byte_change_of_a_certificate_is_refused()
    {
        var file = BorrowCertificate.Issue(Certificate(), ServerKey);

        Assert.Empty(FileTamper.AcceptedChanges(file, text => BorrowCertificate.Verify(text, null)));
    }

    [Fact]
    public void A_certificate_is_usable_only_on_its_machine_and_before_its_end()
    {
        var content = BorrowCertificate.Verify(BorrowCertificate.Issue(Certificate(), ServerKey), ServerKey.PublicKey);

        BorrowCertificate.CheckUsable(content, "fp-field", Now.AddHours(71));
        var foreign = Assert.Throws<SignedFileException>(() => BorrowCertificate.CheckUsable(content, "fp-other", Now));
        var ended = Assert.Throws<SignedFileException>(() => BorrowCertificate.CheckUsable(content, "fp-field", Now.AddHours(72)));

        Assert.Equal(SignedFileErrorCodes.FingerprintMismatch, foreign.Code);
        Assert.Equal(SignedFileErrorCodes.Expired, ended.Code);
    }

    [Fact]
    public void A_return_file_round_trips_and_every_single_byte_change_is_refused()
    {
        var content = new BorrowReturnContent(BorrowReturnFile.Format, "o" + new string('a', 32), BorrowNonce.New(), "fp-field", Now, ClientKey());
        var file = BorrowReturnFile.Create(content, RequestKey);

        Assert.Equal(content, BorrowReturnFile.Read(file));
        Assert.Empty(FileTamper.AcceptedChanges(file, text => BorrowReturnFile.Read(text)));
        Assert.Throws<ArgumentException>(() => BorrowReturnFile.Create(content, VendorKeyPair.Generate()));
    }

    [Fact]
    public void Nonces_are_fresh_and_well_formed()
    {
        var nonces = Enumerable.Range(0, 100).Select(_ => BorrowNonce.New()).ToList();

        Assert.All(nonces, n => Assert.True(BorrowNonce.IsWellFormed(n)));
        Assert.Equal(100, nonces.Distinct().Count());
        Assert.False(BorrowNonce.IsWellFormed(new string('A', 32)));
        Assert.False(BorrowNonce.IsWellFormed(new string('a', 32) + "\n"));
    }

    private static string ClientKey() => Convert.ToBase64String(RequestKey.PublicKey.ExportSubjectPublicKeyInfo());

    private static BorrowRequestContent Request() => new(
        BorrowRequestFile.Format,
        BorrowNonce.New(),
        "acme-cad",
        null,
        [new BorrowedFeature("draw", 2), new BorrowedFeature("render", 1)],
        72,
        false,
        "fp-field",
        "bob",
        "field-pc",
        Now,
        Now.AddDays(7),
        ClientKey());

    private static BorrowCertificateContent Certificate() => new(
        BorrowCertificate.Format,
        "o" + new string('a', 32),
        "SN-1",
        "acme-cad",
        [new BorrowedFeature("draw", 2)],
        Now,
        Now.AddHours(72),
        true,
        true,
        "fp-field",
        new string('a', 32),
        new string('d', 64),
        "");
}
