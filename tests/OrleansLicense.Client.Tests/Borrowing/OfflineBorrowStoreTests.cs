using System.Text;
using OrleansLicense.Client.Borrowing;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Client.Tests.Borrowing;

/// <summary>R-BOR-4 on the offline machine: Bit_GetBorrowRequest, Bit_ApplyBorrowInfo and the return file; tampered,
/// replayed, expired, foreign and forged responses are refused.</summary>
public sealed class OfflineBorrowStoreTests : IDisposable
{
    private static readonly ClientInfo Me = new("bob", "field-pc", "cad.exe", "fp-field");
    private readonly TempFolder _folder = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly VendorKeyPair _server = VendorKeyPair.Generate();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_request_answered_by_the_server_is_applied_used_and_returned()
    {
        var store = Store();
        var request = store.CreateRequest("acme-cad", [new FeatureRequest("draw", 2)], 72);

        var borrow = store.Apply(Answer(request));

        Assert.Equal(2, store.Seats("draw"));
        Assert.Equal(_clock.GetUtcNow().AddHours(72), borrow.Until);
        Assert.True(borrow.Offline);
        Assert.Equal([borrow.BorrowId], store.List().Select(b => b.BorrowId));

        var returnFile = store.CreateReturn(borrow.BorrowId);
        var read = BorrowReturnFile.Read(returnFile);
        Assert.Equal((borrow.BorrowId, "fp-field"), (read.BorrowId, read.Fingerprint));
        Assert.Equal(BorrowRequestFile.Read(request, _clock.GetUtcNow()).Content.ClientKey, read.ClientKey);
        Assert.Empty(store.List());
    }

    [Fact]
    public void Every_single_byte_change_of_a_response_is_refused_and_the_intact_one_applies_once()
    {
        var store = Store();
        var response = Answer(store.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8));
        var bytes = Encoding.UTF8.GetBytes(response);

        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.Throws<SignedFileException>(() => store.Apply(Encoding.UTF8.GetString(changed)));
        }

        store.Apply(response);
        var replay = Assert.Throws<SignedFileException>(() => store.Apply(response));
        Assert.Equal(SignedFileErrorCodes.Replayed, replay.Code);
    }

    [Fact]
    public void A_response_for_another_machine_or_after_its_end_is_refused()
    {
        var store = Store();
        var request = store.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8);

        var foreign = Assert.Throws<SignedFileException>(() => store.Apply(Answer(request, fingerprint: "fp-other")));
        _clock.Advance(TimeSpan.FromHours(8));
        var ended = Assert.Throws<SignedFileException>(() => store.Apply(Answer(request, hours: 8, borrowedAt: _clock.GetUtcNow().AddHours(-8))));

        Assert.Equal(SignedFileErrorCodes.FingerprintMismatch, foreign.Code);
        Assert.Equal(SignedFileErrorCodes.Expired, ended.Code);
    }

    [Fact]
    public void A_borrow_stops_counting_when_it_ends()
    {
        var store = Store();
        store.Apply(Answer(store.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8)));

        _clock.Advance(TimeSpan.FromHours(8));

        Assert.Equal(0, store.Seats("draw"));
    }

    [Fact]
    public void A_response_signed_by_another_key_or_for_another_request_is_refused()
    {
        var store = Store();
        var request = store.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8);
        var other = new OfflineBorrowStore(Path.Combine(_folder.Path, "other"), Me, _server.PublicKey, _clock);

        var forged = Assert.Throws<SignedFileException>(() => store.Apply(Answer(request, key: VendorKeyPair.Generate())));
        var notOurs = Assert.Throws<SignedFileException>(() => store.Apply(Answer(other.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8))));

        Assert.Equal(SignedFileErrorCodes.Invalid, forged.Code);
        Assert.Equal(SignedFileErrorCodes.Invalid, notOurs.Code);
    }

    [Fact]
    public void Files_holding_keys_are_readable_by_their_owner_only()
    {
        var store = Store();
        store.CreateRequest("acme-cad", [new FeatureRequest("draw", 1)], 8);

        var pending = Assert.Single(Directory.GetFiles(Path.Combine(_folder.Path, "store", "pending")));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pending));
        }
    }

    private OfflineBorrowStore Store() => new(Path.Combine(_folder.Path, "store"), Me, _server.PublicKey, _clock);

    // What the server does with a request file (see BorrowAdminEndpoints.LendOfflineAsync).
    private string Answer(string requestFile, string? fingerprint = null, int hours = 0, DateTimeOffset? borrowedAt = null, VendorKeyPair? key = null)
    {
        var request = BorrowRequestFile.Read(requestFile, _clock.GetUtcNow());
        var c = request.Content;
        var at = borrowedAt ?? _clock.GetUtcNow();
        return BorrowCertificate.Issue(
            new BorrowCertificateContent(
                "",
                "o" + c.RequestId,
                "L1",
                c.Product,
                c.Features,
                at,
                at.AddHours(hours > 0 ? hours : c.Hours),
                !c.Distribute,
                true,
                fingerprint ?? c.Fingerprint,
                c.RequestId,
                request.Digest,
                ""),
            key ?? _server);
    }
}
