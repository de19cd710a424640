using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Licensing.Tests.Keys;

public sealed class SignerTests
{
    private static readonly byte[] Data = "borrow-response"u8.ToArray();

    [Fact]
    public void Signature_is_64_byte_p1363_and_verifies()
    {
        var key = VendorKeyPair.Generate();
        var signer = key.CreateSigner();

        var signature = signer.Sign(Data);

        Assert.Equal(64, signature.Length);
        Assert.Equal(key.KeyId, signer.KeyId);
        Assert.True(key.PublicKey.CreateVerifier().Verify(Data, signature));
    }

    [Fact]
    public void Changed_data_does_not_verify()
    {
        var key = VendorKeyPair.Generate();
        var signature = key.CreateSigner().Sign(Data);
        var changed = (byte[])Data.Clone();
        changed[0] ^= 1;

        Assert.False(key.PublicKey.CreateVerifier().Verify(changed, signature));
    }

    [Fact]
    public void Another_key_does_not_verify()
    {
        var signature = VendorKeyPair.Generate().CreateSigner().Sign(Data);

        Assert.False(VendorKeyPair.Generate().PublicKey.CreateVerifier().Verify(Data, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    public void Wrong_length_signature_is_false_not_an_exception(int length)
    {
        var key = VendorKeyPair.Generate();

        Assert.False(key.PublicKey.CreateVerifier().Verify(Data, new byte[length]));
    }
}
