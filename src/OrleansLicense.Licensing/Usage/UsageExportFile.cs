using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Usage;

/// <summary>
/// The usage export for the vendor (R-USE-2): <c>{"usageExport": {…}, "keyId": "…", "signature": "…"}</c>, signed by
/// the server's key over the canonical payload, which carries the report encrypted to the vendor's public key:
/// ECDH P-256 between a one-time key and the vendor key, HKDF-SHA256 (salt: the one-time public key's DER; info:
/// the format tag) to a 256-bit key, AES-GCM with the header fields as associated data.
/// </summary>
public static class UsageExportFile
{
    /// <summary>The payload's property name.</summary>
    public const string PayloadName = "usageExport";

    /// <summary>The format tag of version 1.</summary>
    public const string Format = "olic-usage-export/1";

    private const string What = "usage export";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Encrypts the report to the vendor key and signs the result with the server key.</summary>
    public static string Write(UsageReport report, VendorPublicKey vendorKey, VendorKeyPair serverKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(vendorKey);
        ArgumentNullException.ThrowIfNull(serverKey);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralKey = ephemeral.ExportSubjectPublicKeyInfo();
        using var recipient = ECDiffieHellman.Create();
        recipient.ImportSubjectPublicKeyInfo(vendorKey.ExportSubjectPublicKeyInfo(), out _);
        var key = DeriveKey(ephemeral.DeriveRawSecretAgreement(recipient.PublicKey), ephemeralKey);

        var header = new UsageExportContent(
            Format,
            report.LicenseId,
            report.Product,
            report.ExportedAt,
            vendorKey.KeyId,
            Convert.ToBase64String(ephemeralKey),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes)),
            "",
            "",
            Convert.ToBase64String(serverKey.PublicKey.ExportSubjectPublicKeyInfo()));
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(report, LicenseJson.Options);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(Convert.FromBase64String(header.Nonce), plaintext, ciphertext, tag, AssociatedData(header));
        }

        return SignedEnvelope.Write(PayloadName, header with { Ciphertext = Convert.ToBase64String(ciphertext), Tag = Convert.ToBase64String(tag) }, serverKey);
    }

    /// <summary>Checks the server's signature (against <paramref name="pinnedServerKey"/> when given) and decrypts with the vendor key.</summary>
    /// <exception cref="SignedFileException">borrow_file_invalid: tampered, malformed, for another vendor key, or undecryptable.</exception>
    public static UsageExport Read(string text, VendorKeyPair vendorKey, VendorPublicKey? pinnedServerKey)
    {
        ArgumentNullException.ThrowIfNull(vendorKey);
        var envelope = SignedEnvelope.Open(text, PayloadName, What);
        var header = SignedEnvelope.Read<UsageExportContent>(envelope, What);
        var server = SignedEnvelope.Verify(envelope, header.ServerKey, pinnedServerKey, What);
        if (header.Format != Format)
        {
            throw SignedFileException.Invalid($"The {What} format must be '{Format}' (was '{header.Format}').");
        }

        if (!string.Equals(header.RecipientKeyId, vendorKey.KeyId, StringComparison.Ordinal))
        {
            throw SignedFileException.Invalid($"The {What} is encrypted to vendor key '{header.RecipientKeyId}', not to key '{vendorKey.KeyId}'.");
        }

        var ephemeralKey = SignedEnvelope.DecodeBase64(header.EphemeralKey, "ephemeral key", What);
        var nonce = SignedEnvelope.DecodeBase64(header.Nonce, "nonce", What);
        var ciphertext = SignedEnvelope.DecodeBase64(header.Ciphertext, "ciphertext", What);
        var tag = SignedEnvelope.DecodeBase64(header.Tag, "tag", What);
        if (nonce.Length != NonceBytes || tag.Length != TagBytes)
        {
            throw SignedFileException.Invalid($"The {What} has a nonce or tag of the wrong length.");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var sender = ECDiffieHellman.Create();
            sender.ImportSubjectPublicKeyInfo(ephemeralKey, out _);
            using var ecdsa = vendorKey.CreateEcdsa();
            using var vendor = ECDiffieHellman.Create(ecdsa.ExportParameters(includePrivateParameters: true));
            using var aes = new AesGcm(DeriveKey(vendor.DeriveRawSecretAgreement(sender.PublicKey), ephemeralKey), TagBytes);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(header));
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            throw SignedFileException.Invalid($"The {What} cannot be decrypted with vendor key '{vendorKey.KeyId}': {ex.Message}", ex);
        }

        UsageReport report;
        try
        {
            report = JsonSerializer.Deserialize<UsageReport>(plaintext, LicenseJson.Options) ?? throw new JsonException("The report is null.");
        }
        catch (JsonException ex)
        {
            throw SignedFileException.Invalid($"The {What}'s report is malformed: {ex.Message}", ex);
        }

        if (report.LicenseId != header.LicenseId)
        {
            throw SignedFileException.Invalid($"The {What} header names license '{header.LicenseId}' but the report is for '{report.LicenseId}'.");
        }

        return new UsageExport(report, server.KeyId);
    }

    private static byte[] DeriveKey(byte[] sharedSecret, byte[] ephemeralKey)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, ephemeralKey, Encoding.UTF8.GetBytes(Format));

    // Binds the header to the ciphertext, so a header moved onto another export fails to decrypt.
    private static byte[] AssociatedData(UsageExportContent header)
        => Encoding.UTF8.GetBytes(string.Join('\n', header.Format, header.LicenseId, header.Product, header.ExportedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), header.RecipientKeyId, header.EphemeralKey));
}
