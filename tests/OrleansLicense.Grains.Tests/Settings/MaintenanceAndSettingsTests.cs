using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Settings;

/// <summary>R-MAINT-1/2 and the settings' validation (R-SESS-3 limits, R-BOR-2 rule limits).</summary>
public sealed class MaintenanceAndSettingsTests : SiloTestBase
{
    [Fact]
    public async Task Maintenance_refuses_logins_only_and_survives_a_restart()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        await Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).SetMaintenance(true, CancellationToken.None);

        await RestartAsync();

        var refused = await Assert.ThrowsAsync<LicensingException>(() => Silo.Login("s2", "cad", ("draw", 1)));
        Assert.Equal(ErrorCodes.Maintenance, refused.Code);
        var live = Silo.Grains.GetGrain<ISessionGrain>("s1");
        await live.Heartbeat(CancellationToken.None);
        await live.CheckIn("draw", CancellationToken.None);
        await live.Logout(CancellationToken.None);

        await Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).SetMaintenance(false, CancellationToken.None);
        await Silo.Login("s3", "cad", ("draw", 1));
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(172800, true)]
    [InlineData(172801, false)]
    public async Task The_client_timeout_must_lie_between_one_minute_and_48_hours(int seconds, bool accepted)
    {
        var settings = Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);
        var update = new SettingsView(seconds, false, new Dictionary<string, BorrowRuleView>());

        if (accepted)
        {
            Assert.Equal(seconds, (await settings.Update(update, CancellationToken.None)).ClientTimeoutSeconds);
        }
        else
        {
            var error = await Assert.ThrowsAsync<LicensingException>(() => settings.Update(update, CancellationToken.None));
            Assert.Equal(ErrorCodes.BadRequest, error.Code);
            Assert.Contains("clientTimeoutSeconds", error.Message, StringComparison.Ordinal);
            Assert.Equal(120, (await settings.Get()).ClientTimeoutSeconds);
        }
    }

    [Theory]
    [InlineData(4320, true)]
    [InlineData(4321, false)]
    [InlineData(0, false)]
    public async Task Borrow_rules_are_limited_to_180_days(int hours, bool accepted)
    {
        var settings = Silo.Grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);
        var update = new SettingsView(120, false, new Dictionary<string, BorrowRuleView> { ["cad"] = new(hours) });

        if (accepted)
        {
            Assert.Equal(hours, (await settings.Update(update, CancellationToken.None)).BorrowRules["cad"].MaxHours);
        }
        else
        {
            Assert.Equal(ErrorCodes.BadRequest, (await Assert.ThrowsAsync<LicensingException>(() => settings.Update(update, CancellationToken.None))).Code);
        }
    }
}
