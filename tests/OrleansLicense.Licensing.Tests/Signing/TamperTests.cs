using System.Text;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Signing;

/// <summary>Every single-byte change of an issued file must be refused as license_signature_invalid.</summary>
public sealed class TamperTests
{
    public enum Mutation
    {
        XorLowBit,
        Space,
        InvalidUtf8LeadByte,
    }

    [Theory]
    [InlineData(Mutation.XorLowBit)]
    [InlineData(Mutation.Space)]
    [InlineData(Mutation.InvalidUtf8LeadByte)]
    public void Every_single_byte_change_is_refused(Mutation mutation)
    {
        var vendor = VendorKeyPair.Generate();
        var store = Samples.StoreOf(vendor);
        var server = new ServerIdentity("srv-1", "cl-1", IsTriad: true);
        var original = Encoding.UTF8.GetBytes(LicenseIssuer.Issue(Samples.Document(LicenseBinding.ToCluster("cl-1")), vendor));

        // Precondition: the untouched file verifies, and holds no space so a "space" change is a change.
        LicenseVerifier.Verify(original, store, Samples.Now, server);
        Assert.DoesNotContain((byte)' ', original);

        var accepted = new List<string>();
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] = mutation switch
            {
                Mutation.XorLowBit => (byte)(original[i] ^ 0x01),
                Mutation.Space => (byte)' ',
                _ => 0xC3,
            };
            Assert.NotEqual(original[i], changed[i]);

            Check(() => LicenseVerifier.Verify(changed, store, Samples.Now, server), i, "bytes", accepted);
            Check(() => LicenseVerifier.Verify(Encoding.UTF8.GetString(changed), store, Samples.Now, server), i, "text", accepted);
        }

        Assert.Empty(accepted);
    }

    private static void Check(Action verify, int position, string input, List<string> accepted)
    {
        try
        {
            verify();
            accepted.Add($"{input}@{position}: accepted");
        }
        catch (LicenseValidationException ex) when (ex.Code == LicenseErrorCodes.SignatureInvalid)
        {
            // Refused as expected.
        }
        catch (Exception ex)
        {
            accepted.Add($"{input}@{position}: {ex.GetType().Name} {(ex as LicenseValidationException)?.Code}");
        }
    }
}
