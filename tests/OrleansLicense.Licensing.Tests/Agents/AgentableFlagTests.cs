using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Agents;

/// <summary>Issue #18 item 1: the agentable flag (R-AGT-1) is signed, and licenses issued without it still verify.</summary>
public sealed class AgentableFlagTests
{
    [Fact]
    public void Agentable_flag_is_signed_and_read_back()
    {
        var key = VendorKeyPair.Generate();
        var document = Samples.Document() with { Flags = Samples.Document().Flags with { Agentable = true } };

        var file = LicenseIssuer.Issue(document, key);

        Assert.Contains("\"agentable\":true", file, StringComparison.Ordinal);
        var verified = LicenseVerifier.Verify(file, Samples.StoreOf(key), Samples.Now, server: null);
        Assert.True(verified.Flags.Agentable);
        Assert.Equal(document, verified);
    }

    [Fact]
    public void A_license_without_the_flag_keeps_its_bytes_and_reads_as_not_agentable()
    {
        var key = VendorKeyPair.Generate();

        var file = LicenseIssuer.Issue(Samples.Document(), key);

        // The flag is absent from the signed bytes, exactly as in every file issued before it existed.
        Assert.DoesNotContain("agentable", file, StringComparison.Ordinal);
        var verified = LicenseVerifier.Verify(file, Samples.StoreOf(key), Samples.Now, server: null);
        Assert.False(verified.Flags.Agentable);
    }

    [Fact]
    public void Adding_the_flag_to_a_signed_file_breaks_its_signature()
    {
        var key = VendorKeyPair.Generate();
        var file = LicenseIssuer.Issue(Samples.Document(), key);

        var tampered = file.Replace("\"borrowable\":true", "\"agentable\":true,\"borrowable\":true", StringComparison.Ordinal);

        Assert.NotEqual(file, tampered);
        var error = Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(tampered, Samples.StoreOf(key), Samples.Now, server: null));
        Assert.Equal(LicenseErrorCodes.SignatureInvalid, error.Code);
    }
}
