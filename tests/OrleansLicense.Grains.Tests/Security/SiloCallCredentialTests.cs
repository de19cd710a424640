using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Cluster;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Security;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Security;

/// <summary>
/// R-SEC-1 and issue 12, item 5: the Orleans gateway is open to anyone, so every call to a license grain must carry
/// the secret the silos share; a client without it is refused (it can read neither the admin token nor the server
/// key, nor change anything), one with it is served.
/// </summary>
public sealed class SiloCallCredentialTests : SiloTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_through_the_gateway_without_the_silo_credential_is_refused_and_changes_nothing()
    {
        var secrets = Silo.Client.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key);
        var settings = Silo.Client.GetGrain<ISettingsGrain>(ISettingsGrain.Key);

        var token = await Assert.ThrowsAsync<LicensingException>(() => secrets.OfferAdminToken("token-of-an-outsider", Ct));
        var maintenance = await Assert.ThrowsAsync<LicensingException>(() => settings.SetMaintenance(true, Ct));
        var read = await Assert.ThrowsAsync<LicensingException>(() => Silo.Client.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List());

        Assert.All([token, maintenance, read], e => Assert.Equal(ErrorCodes.Forbidden, e.Code));
        Assert.False((await Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get()).Maintenance);
        Assert.Equal("token-of-the-cluster", await Silo.Grains.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key).OfferAdminToken("token-of-the-cluster", Ct));
    }

    [Fact]
    public async Task A_wrong_credential_is_refused()
    {
        RequestContext.Set(SiloCallCredential.RequestContextKey, LicenseSilo.SiloSecret + "x");
        try
        {
            var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Client.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get());
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task A_call_through_the_gateway_with_the_silo_credential_is_served()
    {
        RequestContext.Set(SiloCallCredential.RequestContextKey, LicenseSilo.SiloSecret);
        try
        {
            Assert.Equal("first-token", await Silo.Client.GetGrain<IClusterSecretsGrain>(IClusterSecretsGrain.Key).OfferAdminToken("first-token", Ct));
            Assert.Equal(120, (await Silo.Client.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get()).ClientTimeoutSeconds);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    // Grain-to-grain calls carry it too: a login reaches the settings, the license index, the license and the pool.
    [Fact]
    public async Task Calls_the_silo_makes_itself_carry_the_credential()
    {
        await Silo.Import("L1", "cad", ("draw", 1));

        await Silo.Login("s1", "cad", ("draw", 1));

        Assert.Equal(1, await Silo.Used("L1", "draw"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void A_secret_shorter_than_32_characters_is_refused(string secret)
    {
        var result = new SiloCallCredentialOptionsValidator().Validate(null, new SiloCallCredentialOptions { Secret = secret });

        Assert.True(result.Failed);
        Assert.Contains("at least 32 characters", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_without_a_proper_secret_does_not_start()
    {
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => LicenseSilo.StartAsync(
            DatabasePath + ".other",
            Clock,
            Vendor,
            configureSilo: silo => silo.Services.Configure<SiloCallCredentialOptions>(o => o.Secret = "too-short")));

        Assert.IsType<OptionsValidationException>(failed.GetBaseException(), exactMatch: false);
    }
}
