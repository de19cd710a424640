using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-MAINT-1, R-SESS-3: maintenance refuses logins only; the client timeout is bounded.</summary>
public sealed class MaintenanceAndSettingsTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_maintenance_logins_are_503_and_open_sessions_keep_working()
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 3)]))).Id;
        var open = await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var on = await silo.Admin.SetModeAsync("maintenance");
        try
        {
            await ApiCalls.AssertStatusAsync(on, HttpStatusCode.OK);
            Assert.True((await on.Content.ReadFromJsonAsync<SettingsView>(Ct))!.Maintenance);
            Assert.Equal("maintenance", (await silo.Admin.GetFromJsonAsync<StatusView>("/api/v1/admin/status", Ct))!.Mode);

            using var login = await silo.Client.LoginAsync(product, ("draw", 1));
            using var heartbeat = await silo.Client.HeartbeatAsync(open.SessionId);
            using var logout = await silo.Client.LogoutAsync(open.SessionId);

            await ApiCalls.AssertProblemAsync(login, HttpStatusCode.ServiceUnavailable, ErrorCodes.Maintenance);
            await ApiCalls.AssertStatusAsync(heartbeat, HttpStatusCode.OK);
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
            Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
        }
        finally
        {
            using var off = await silo.Admin.SetModeAsync("normal");
            await ApiCalls.AssertStatusAsync(off, HttpStatusCode.OK);
        }

        await silo.Client.LoginOkAsync(product, ("draw", 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("maintainance")]
    [InlineData("off")]
    public async Task An_unknown_mode_is_400_bad_request(string mode)
    {
        using var response = await silo.Admin.SetModeAsync(mode);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("mode", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(172801)]
    [InlineData(0)]
    public async Task A_client_timeout_outside_one_minute_to_48_hours_is_400_bad_request(int seconds)
    {
        var current = await silo.Admin.GetSettingsAsync();

        using var response = await silo.Admin.PutSettingsAsync(current with { ClientTimeoutSeconds = seconds });

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains("clientTimeoutSeconds", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(current.ClientTimeoutSeconds, (await silo.Admin.GetSettingsAsync()).ClientTimeoutSeconds);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(172800)]
    public async Task A_client_timeout_of_one_minute_to_48_hours_is_accepted(int seconds)
    {
        var current = await silo.Admin.GetSettingsAsync();
        try
        {
            using var response = await silo.Admin.PutSettingsAsync(current with { ClientTimeoutSeconds = seconds });

            await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
            Assert.Equal(seconds, (await response.Content.ReadFromJsonAsync<SettingsView>(Ct))!.ClientTimeoutSeconds);
            Assert.Equal(seconds, (await silo.Admin.GetSettingsAsync()).ClientTimeoutSeconds);
        }
        finally
        {
            using var restore = await silo.Admin.PutSettingsAsync(current);
            await ApiCalls.AssertStatusAsync(restore, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task The_default_settings_follow_the_contract()
    {
        var settings = await silo.Admin.GetSettingsAsync();

        Assert.Equal(120, settings.ClientTimeoutSeconds);
        Assert.NotNull(settings.BorrowRules);
    }
}
