using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Triad;

/// <summary>
/// R-LIC-3 for triads: a license bound to a triad works only in that triad; a triad refuses unbound and server-bound
/// licenses; a single server (or a plain grid) refuses triad licenses. The triad id is the identity, so the same license
/// verifies whichever servers make up the triad.
/// </summary>
public sealed class TriadBindingTests
{
    private readonly VendorKeyPair vendor = VendorKeyPair.Generate();

    private LicenseDocument Verify(LicenseBinding binding, ServerIdentity server) =>
        LicenseVerifier.Verify(LicenseIssuer.Issue(Samples.Document(binding), vendor), Samples.StoreOf(vendor), Samples.Now, server);

    private static ServerIdentity InTriad(string serverId, string triadId) => new(serverId, "cl-1", IsTriad: true, triadId);

    [Theory]
    [InlineData("srv-1")]
    [InlineData("srv-replacement")]
    public void A_triad_license_works_on_any_server_of_its_triad(string serverId)
        => Assert.Equal(LicenseBinding.ToTriad("tri-1"), Verify(LicenseBinding.ToTriad("tri-1"), InTriad(serverId, "TRI-1")).Binding);

    [Fact]
    public void Another_triads_license_is_refused()
    {
        var ex = Assert.Throws<LicenseValidationException>(() => Verify(LicenseBinding.ToTriad("tri-1"), InTriad("srv-1", "tri-2")));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, ex.Code);
        Assert.Contains("tri-2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(false, "cl-1")]
    [InlineData(true, "cl-1")]
    public void A_single_server_or_plain_grid_refuses_a_triad_license(bool isTriadFlag, string? clusterId)
    {
        var ex = Assert.Throws<LicenseValidationException>(() => Verify(LicenseBinding.ToTriad("tri-1"), new ServerIdentity("srv-1", clusterId, isTriadFlag)));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, ex.Code);
        Assert.Contains("single server", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_triad_refuses_an_unbound_license()
    {
        var ex = Assert.Throws<LicenseValidationException>(() => Verify(LicenseBinding.None, InTriad("srv-1", "tri-1")));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, ex.Code);
        Assert.Contains("--bind triad:tri-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_triad_refuses_a_single_server_license_even_for_one_of_its_servers()
    {
        var ex = Assert.Throws<LicenseValidationException>(() => Verify(LicenseBinding.ToServer("srv-1"), InTriad("srv-1", "tri-1")));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, ex.Code);
    }

    [Fact]
    public void A_triad_binding_without_an_id_is_invalid()
    {
        var problems = LicenseDocumentValidator.Validate(Samples.Document(new LicenseBinding(BindingKind.Triad, " ")));
        Assert.Contains(problems, p => p.Contains("triad-bound license needs a binding id", StringComparison.Ordinal));
    }
}
