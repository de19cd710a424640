using System.Net;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Dashboard;

/// <summary>
/// Issue #14 item 18: the Orleans Dashboard's charts show the license server's work. A business refusal (no seats)
/// is not counted as an error, and the dashboard's own polling is not counted as calls.
/// </summary>
public sealed class OrleansDashboardChartsTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refused_logins_count_as_calls_not_errors_and_the_dashboard_polling_is_not_counted()
    {
        var product = $"dash-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]));

        // A query switches the dashboard's profiler on, on each silo a moment later: log in until a login is counted.
        using (var first = await silo.Admin.GetAsync("/dashboard/orleans/TopGrainMethods", Ct))
        {
            await ApiCalls.AssertStatusAsync(first, HttpStatusCode.OK);
        }

        using (var granted = await silo.Client.LoginAsync(product, ("draw", 1)))
        {
            await ApiCalls.AssertStatusAsync(granted, HttpStatusCode.Created);
        }

        var counted = await LoginsCountedAsync(atLeast: 1, refuseMeanwhile: product);

        for (var i = 0; i < 20; i++)
        {
            using var refused = await silo.Client.LoginAsync(product, ("draw", 1));
            await ApiCalls.AssertStatusAsync(refused, HttpStatusCode.Conflict);
        }

        // The profiler reports about once a second: wait until the 20 refusals are counted too.
        await LoginsCountedAsync(atLeast: counted + 20, refuseMeanwhile: null);
        var top = await TopAsync();

        var calls = Entries(top, "calls").ToList();
        Assert.True(calls.Any(e => IsLogin(e) && Count(e, "count") >= counted + 20), top.ToString());
        Assert.DoesNotContain(Entries(top, "errors"), e => Count(e, "exceptionCount") > 0 && Grain(e).StartsWith("OrleansLicense", StringComparison.Ordinal));
        Assert.All(calls, e => Assert.StartsWith("OrleansLicense", Grain(e), StringComparison.Ordinal));
    }

    /// <summary>Polls the dashboard until it counts <paramref name="atLeast"/> logins; optionally logs in (refused) meanwhile.</summary>
    private async Task<double> LoginsCountedAsync(double atLeast, string? refuseMeanwhile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var count = 0d;
        while (DateTime.UtcNow < deadline)
        {
            count = Entries(await TopAsync(), "calls").Where(IsLogin).Select(e => Count(e, "count")).DefaultIfEmpty(0).Max();
            if (count >= atLeast)
            {
                return count;
            }

            if (refuseMeanwhile is not null)
            {
                using var refused = await silo.Client.LoginAsync(refuseMeanwhile, ("draw", 1));
                await ApiCalls.AssertStatusAsync(refused, HttpStatusCode.Conflict);
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"the dashboard counted {count} logins within 60 s, expected at least {atLeast}");
        return count;
    }

    private async Task<JsonElement> TopAsync()
    {
        using var response = await silo.Admin.GetAsync("/dashboard/orleans/TopGrainMethods", Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Entries(JsonElement top, string list)
        => top.ValueKind == JsonValueKind.Object && top.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static string Grain(JsonElement entry) => entry.TryGetProperty("grain", out var grain) ? grain.GetString() ?? "" : "";

    // A login's grain call is its seat pool's AcquireForLogin, which refuses when the pool is full.
    private static bool IsLogin(JsonElement entry)
        => Grain(entry).EndsWith("FeatureGrain", StringComparison.Ordinal) && entry.TryGetProperty("method", out var method) && method.GetString() == "AcquireForLogin";

    private static double Count(JsonElement entry, string name)
        => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
}
