using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Logging;

/// <summary>The in-process silo with the default log levels of the session lines (the test fixture otherwise shows warnings only).</summary>
public sealed class SessionLogFixture : SiloFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Override:OrleansLicense.Silo.Gateway"] = "Information",
        ["Serilog:MinimumLevel:Override:OrleansLicense.Grains.Sessions"] = "Information",
    };
}

/// <summary>
/// Issue #14 item 15: logins, logouts and refusals (maintenance, seats_exhausted, not_found) are each logged once,
/// with user, host, product, features and session id; a refusal carries its code. The base of R-OPS-1's access log.
/// </summary>
public sealed class SessionLogTests(SessionLogFixture silo) : IClassFixture<SessionLogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_and_its_logout_are_logged_once_each_with_who_what_and_the_session_id()
    {
        var (product, license) = await ImportAsync(("draw", 3));

        var login = await silo.Client.LoginOkAsync(product, ("draw", 2));
        using var logout = await silo.Client.LogoutAsync(login.SessionId);
        await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);

        var lines = Lines(login.SessionId);
        var loggedIn = Assert.Single(lines, l => l.EventId == 2030);
        Assert.Equal($"Login: session {login.SessionId}, user ann, host ws-17, product {product}, features draw x2, license {license}, from 127.0.0.1", loggedIn.Message);
        var loggedOut = Assert.Single(lines, l => l.EventId == 3302);
        Assert.Equal($"Session {login.SessionId} logged out: user ann, host ws-17, product {product}, features draw x2, license {license}", loggedOut.Message);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task A_login_refused_for_want_of_seats_is_logged_once_with_its_code()
    {
        var (product, _) = await ImportAsync(("draw", 1));
        await silo.Client.LoginOkAsync(product, ("draw", 1));

        using var refused = await silo.Client.LoginAsync(product, ("draw", 1));
        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);

        var line = Assert.Single(Refusals(product));
        Assert.StartsWith($"Login refused (seats_exhausted): session ", line.Message, StringComparison.Ordinal);
        Assert.Contains($", user ann, host ws-17, product {product}, features draw x1, from 127.0.0.1: ", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_for_an_unknown_product_is_logged_once_as_not_found()
    {
        var product = $"none-{Guid.NewGuid():N}"[..16];

        using var refused = await silo.Client.LoginAsync(product, ("draw", 1));
        await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var line = Assert.Single(Refusals(product));
        Assert.StartsWith("Login refused (not_found): ", line.Message, StringComparison.Ordinal);
        Assert.Contains("user ann, host ws-17", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_in_maintenance_is_logged_once_as_maintenance()
    {
        var (product, _) = await ImportAsync(("draw", 1));
        using (var on = await silo.Admin.SetModeAsync("maintenance"))
        {
            await ApiCalls.AssertStatusAsync(on, HttpStatusCode.OK);
        }

        try
        {
            using var refused = await silo.Client.LoginAsync(product, ("draw", 1));
            await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, ErrorCodes.Maintenance);
        }
        finally
        {
            using var off = await silo.Admin.SetModeAsync("normal");
        }

        var line = Assert.Single(Refusals(product));
        Assert.StartsWith("Login refused (maintenance): ", line.Message, StringComparison.Ordinal);
    }

    // The dashboard's buffer renders string values quoted ("ann"); the files' template does not. Compared unquoted.
    private List<DashboardLogEntry> Lines(string text)
        => [.. silo.Factory.Services.GetRequiredService<DashboardLogBuffer>().Read(0).Entries
            .Select(e => e with { Message = e.Message.Replace("\"", "", StringComparison.Ordinal) })
            .Where(e => e.Message.Contains(text, StringComparison.Ordinal))];

    private List<DashboardLogEntry> Refusals(string product) => [.. Lines($"product {product},").Where(e => e.EventId == 2031)];

    private async Task<(string Product, string LicenseId)> ImportAsync(params (string Name, int Seats)[] features)
    {
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var view = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), features));
        return (product, view.Id);
    }
}
