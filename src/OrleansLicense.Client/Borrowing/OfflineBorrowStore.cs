using System.Text;
using System.Text.Json;
using OrleansLicense.Client.Sessions;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Client.Borrowing;

/// <summary>
/// Borrowing on a machine without a connection to the license server (R-BOR-4), kept in a folder of the vendor's
/// choosing. <see cref="CreateRequest"/> (Bit_GetBorrowRequest) writes a request signed with a key made for it alone;
/// the administrator uploads it and gets a response file; <see cref="Apply"/> (Bit_ApplyBorrowInfo) accepts that
/// response only when the server's signature holds, it answers a pending request of this machine (its digest), is for
/// this machine's fingerprint and has not ended; a response is applied once. <see cref="CreateReturn"/> gives the
/// seats back the same way in reverse, signed with the request's key. Files holding keys are readable by their owner only.
/// </summary>
/// <remarks>Methods throw <see cref="SignedFileException"/> with a stable code (borrow_file_invalid, borrow_file_expired,
/// borrow_replayed, fingerprint_mismatch) when a file is refused. One store per folder; not for concurrent processes.</remarks>
public sealed class OfflineBorrowStore
{
    /// <summary>How long a request file stays valid for the server. Default 7 days.</summary>
    public static readonly TimeSpan DefaultRequestLifetime = TimeSpan.FromDays(7);

    private const string PendingFolder = "pending";
    private const string BorrowsFolder = "borrows";

    private readonly string _folder;
    private readonly ClientInfo _client;
    private readonly TimeProvider _time;
    private readonly VendorPublicKey? _serverKey;

    /// <summary>Opens (and creates) a store.</summary>
    /// <param name="folder">Where requests and borrows are kept.</param>
    /// <param name="client">Who this machine is; default the current user, machine and machine fingerprint.</param>
    /// <param name="serverKey">The server key to pin (from <see cref="LicenseClient.GetServerKeyAsync"/> or the administrator);
    /// null accepts the key a response names, which still detects any change to the response.</param>
    /// <param name="time">The clock; default the system clock.</param>
    public OfflineBorrowStore(string folder, ClientInfo? client = null, VendorPublicKey? serverKey = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        _client = client ?? DefaultClientInfo.Create();
        _serverKey = serverKey;
        _time = time ?? TimeProvider.System;
        if (string.IsNullOrWhiteSpace(_client.Fingerprint))
        {
            throw new ArgumentException("The client needs a fingerprint: offline borrows are bound to one machine.", nameof(client));
        }

        Directory.CreateDirectory(Path.Combine(_folder, PendingFolder));
        Directory.CreateDirectory(Path.Combine(_folder, BorrowsFolder));
    }

    /// <summary>This machine's fingerprint.</summary>
    public string Fingerprint => _client.Fingerprint!;

    /// <summary>Writes a borrow request (Bit_GetBorrowRequest) and remembers it as pending.</summary>
    /// <param name="product">The product.</param>
    /// <param name="features">Seats per feature; empty asks for one seat of every feature.</param>
    /// <param name="hours">How long (at most the product's borrow rule on the server).</param>
    /// <param name="distribute">A permanent, unreturnable distribution instead (hours are then ignored).</param>
    /// <param name="licenseId">Optional: the license to borrow from.</param>
    /// <returns>The request file's text, for the administrator to upload.</returns>
    public string CreateRequest(string product, IReadOnlyList<FeatureRequest> features, int hours, bool distribute = false, string? licenseId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentNullException.ThrowIfNull(features);
        var now = _time.GetUtcNow();
        var key = VendorKeyPair.Generate();
        var content = new BorrowRequestContent(
            BorrowRequestFile.Format,
            BorrowNonce.New(),
            product,
            licenseId,
            [.. features.Select(f => new BorrowedFeature(f.Name, f.Count))],
            hours,
            distribute,
            Fingerprint,
            _client.User,
            _client.Host,
            now,
            now + DefaultRequestLifetime,
            Convert.ToBase64String(key.PublicKey.ExportSubjectPublicKeyInfo()));
        var text = BorrowRequestFile.Create(content, key);
        var digest = BorrowRequestFile.Read(text, now).Digest;
        Write(PendingPath(content.RequestId), new StoredBorrow(content.RequestId, digest, key.ExportPrivateKeyPem(), content.ExpiresAt, null));
        return text;
    }

    /// <summary>Applies a response file (Bit_ApplyBorrowInfo): checks it and keeps the borrow.</summary>
    /// <returns>The borrow.</returns>
    /// <exception cref="SignedFileException">borrow_file_invalid (changed, forged, or for no request of this machine),
    /// fingerprint_mismatch, borrow_file_expired, borrow_replayed (applied already).</exception>
    public OfflineBorrow Apply(string responseText)
    {
        ArgumentNullException.ThrowIfNull(responseText);
        var content = BorrowCertificate.Verify(responseText, _serverKey);
        BorrowCertificate.CheckUsable(content, Fingerprint, _time.GetUtcNow());
        if (!content.Offline || content.RequestId is null)
        {
            throw SignedFile(SignedFileErrorCodes.Invalid, $"Borrow {content.BorrowId} was lent online; it answers no request file.");
        }

        var pending = Read(PendingPath(content.RequestId));
        if (pending is null)
        {
            throw File.Exists(BorrowPath(content.BorrowId))
                ? SignedFile(SignedFileErrorCodes.Replayed, $"The response for borrow {content.BorrowId} was applied already.")
                : SignedFile(SignedFileErrorCodes.Invalid, $"The response answers request {content.RequestId}, which this machine has not written (or has given up).");
        }

        if (!string.Equals(pending.RequestDigest, content.RequestDigest, StringComparison.Ordinal))
        {
            throw SignedFile(SignedFileErrorCodes.Invalid, $"The response names request {content.RequestId} with other content than this machine wrote.");
        }

        Write(BorrowPath(content.BorrowId), pending with { Certificate = responseText });
        File.Delete(PendingPath(content.RequestId));
        return ToBorrow(content);
    }

    /// <summary>Keeps the certificate of an online borrow, so the program can check it while offline.</summary>
    /// <exception cref="SignedFileException">The certificate does not verify, is for another machine, or has ended.</exception>
    public OfflineBorrow Save(BorrowedLicense borrowed)
    {
        ArgumentNullException.ThrowIfNull(borrowed);
        var content = BorrowCertificate.Verify(borrowed.Certificate, _serverKey);
        BorrowCertificate.CheckUsable(content, Fingerprint, _time.GetUtcNow());
        Write(BorrowPath(content.BorrowId), new StoredBorrow(null, null, null, null, borrowed.Certificate));
        return ToBorrow(content);
    }

    /// <summary>The borrows this machine holds now: verified, for this machine, not ended.</summary>
    public IReadOnlyList<OfflineBorrow> List()
    {
        var now = _time.GetUtcNow();
        var borrows = new List<OfflineBorrow>();
        foreach (var file in Directory.GetFiles(Path.Combine(_folder, BorrowsFolder), "*.json"))
        {
            try
            {
                var stored = Read(file);
                if (stored?.Certificate is null)
                {
                    continue;
                }

                var content = BorrowCertificate.Verify(stored.Certificate, _serverKey);
                BorrowCertificate.CheckUsable(content, Fingerprint, now);
                borrows.Add(ToBorrow(content));
            }
            catch (Exception ex) when (ex is SignedFileException or JsonException or IOException)
            {
                // A changed, foreign or ended borrow grants nothing.
            }
        }

        return [.. borrows.OrderBy(b => b.Until)];
    }

    /// <summary>Seats of <paramref name="feature"/> this machine may use offline now.</summary>
    public int Seats(string feature) => List().SelectMany(b => b.Features).Where(f => f.Name == feature).Sum(f => f.Count);

    /// <summary>Writes the return file of an offline borrow and gives the seats up on this machine at once.</summary>
    /// <returns>The return file's text, for the administrator to upload.</returns>
    /// <exception cref="InvalidOperationException">No such borrow here, an online borrow (return it with
    /// <see cref="LicenseClient.ReturnBorrowAsync"/>), or a distribution (never returnable).</exception>
    public string CreateReturn(string borrowId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(borrowId);
        var path = BorrowPath(borrowId);
        var stored = Read(path) ?? throw new InvalidOperationException($"This machine holds no borrow '{borrowId}'.");
        var content = BorrowCertificate.Verify(stored.Certificate!, _serverKey);
        if (!content.Returnable)
        {
            throw new InvalidOperationException($"Borrow '{borrowId}' is a distribution: it can never be returned.");
        }

        if (stored.RequestKeyPem is null)
        {
            throw new InvalidOperationException($"Borrow '{borrowId}' was lent online; return it online.");
        }

        var key = VendorKeyPair.FromPrivateKeyPem(stored.RequestKeyPem);
        var text = BorrowReturnFile.Create(
            new BorrowReturnContent(BorrowReturnFile.Format, borrowId, BorrowNonce.New(), Fingerprint, _time.GetUtcNow(), Convert.ToBase64String(key.PublicKey.ExportSubjectPublicKeyInfo())),
            key);
        File.Delete(path);
        return text;
    }

    private static OfflineBorrow ToBorrow(BorrowCertificateContent content) => new(
        content.BorrowId,
        content.LicenseId,
        content.Product,
        [.. content.Features.Select(f => new FeatureRequest(f.Name, f.Count))],
        content.Until,
        content.Returnable,
        content.Offline);

    private static SignedFileException SignedFile(string code, string message) => new(code, message);

    private static StoredBorrow? Read(string path)
        => File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), OfflineStoreJson.Default.StoredBorrow) : null;

    private static void Write(string path, StoredBorrow stored)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(stored, OfflineStoreJson.Default.StoredBorrow)));
    }

    private string PendingPath(string requestId) => Path.Combine(_folder, PendingFolder, Safe(requestId) + ".json");

    private string BorrowPath(string borrowId) => Path.Combine(_folder, BorrowsFolder, Safe(borrowId) + ".json");

    // Ids come from signed files, yet never let one name a path outside the store.
    private static string Safe(string id)
        => id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit) ? id : throw new SignedFileException(SignedFileErrorCodes.Invalid, $"'{id}' is not a borrow or request id.");
}
