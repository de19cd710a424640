using System.Net;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-LIC-5: a local-only license serves only clients on the server's machine.</summary>
public sealed class LocalOnlyTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_local_only_license_refuses_a_remote_client_with_403_local_only()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 2)], localOnly: true))).Id;

        using var remote = await silo.Client.LoginFromAsync(TestRemoteAddress.Remote.ToString(), product, ("draw", 1));

        await ApiCalls.AssertProblemAsync(remote, HttpStatusCode.Forbidden, ErrorCodes.LocalOnly);
        Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task A_local_only_license_serves_a_client_on_this_machine(string address)
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 2)], localOnly: true));

        using var local = await silo.Client.LoginFromAsync(address, product, ("draw", 1));

        await ApiCalls.AssertStatusAsync(local, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_license_without_the_flag_serves_remote_clients()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 2)]));

        using var remote = await silo.Client.LoginFromAsync(TestRemoteAddress.Remote.ToString(), product, ("draw", 1));

        await ApiCalls.AssertStatusAsync(remote, HttpStatusCode.Created);
    }
}
