using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Signing;

/// <summary>R-LIC-3: server-bound licenses only on that standalone server, cluster-bound only on that cluster.</summary>
public sealed class BindingTests
{
    private readonly VendorKeyPair vendor = VendorKeyPair.Generate();

    private LicenseDocument Verify(LicenseBinding binding, ServerIdentity? server) =>
        LicenseVerifier.Verify(LicenseIssuer.Issue(Samples.Document(binding), vendor), Samples.StoreOf(vendor), Samples.Now, server);

    [Theory]
    [InlineData(BindingKind.None, null, "srv-1", null, false)]
    [InlineData(BindingKind.None, null, "srv-1", "cl-1", true)]
    [InlineData(BindingKind.Server, "srv-1", "srv-1", null, false)]
    [InlineData(BindingKind.Server, "srv-1", "SRV-1", "cl-1", false)]
    [InlineData(BindingKind.Cluster, "cl-1", "srv-1", "cl-1", true)]
    [InlineData(BindingKind.Cluster, "cl-1", "srv-9", "cl-1", false)]
    public void Matching_binding_is_accepted(BindingKind kind, string? boundId, string serverId, string? clusterId, bool triad)
    {
        var binding = new LicenseBinding(kind, boundId);

        Assert.Equal(binding, Verify(binding, new ServerIdentity(serverId, clusterId, triad)).Binding);
    }

    [Theory]
    [InlineData(BindingKind.Server, "srv-1", "srv-1", "cl-1", true, "triad")]
    [InlineData(BindingKind.Server, "srv-1", "srv-2", null, false, "srv-2")]
    [InlineData(BindingKind.Cluster, "cl-1", "srv-1", "cl-2", true, "cl-2")]
    [InlineData(BindingKind.Cluster, "cl-1", "srv-1", null, false, "(none)")]
    public void Mismatching_binding_is_refused(BindingKind kind, string boundId, string serverId, string? clusterId, bool triad, string mentioned)
    {
        var binding = new LicenseBinding(kind, boundId);

        var ex = Assert.Throws<LicenseValidationException>(() => Verify(binding, new ServerIdentity(serverId, clusterId, triad)));

        Assert.Equal(LicenseErrorCodes.BindingMismatch, ex.Code);
        Assert.Contains(mentioned, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_server_identity_binding_is_not_checked()
    {
        Assert.Equal("srv-1", Verify(LicenseBinding.ToServer("srv-1"), null).Binding.Id);
    }
}
