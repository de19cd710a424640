using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Metrics;

/// <summary>Issue #15 item 6 (R-OPS-2): <c>/metrics</c> in Prometheus' text format, behind the admin checks, agreeing with the admin API.</summary>
/// <remarks>
/// Alone in its collection: meters are process-wide and OpenTelemetry listens by meter name, so while another test
/// class's in-process silo is alive its untagged gauges (live sessions, heartbeat lag, borrows) report under the same
/// names and the last one read wins. A silo process has one meter of that name; a test process can have several.
/// </remarks>
[Collection(nameof(MetricsTests))]
public sealed partial class MetricsTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seat_figures_of_metrics_equal_the_admin_apis_and_logins_and_refusals_are_counted()
    {
        var product = $"metrics-{Guid.NewGuid():N}"[..20];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 3), ("plot", 2)]))).Id;
        await silo.Client.LoginOkAsync(product, ("draw", 2));
        await silo.Client.LoginOkAsync(product, ("plot", 2));
        using (var refused = await silo.Client.LoginAsync(product, ("plot", 1)))
        {
            await ApiCalls.AssertProblemAsync(refused, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        }

        var metrics = await ScrapeAsync();
        var view = (await silo.Admin.GetFromJsonAsync<LicenseView>($"/api/v1/admin/licenses/{license}", Ct))!;

        foreach (var feature in view.Features)
        {
            Assert.Equal(feature.Seats, Seat(metrics, "olic_seats_licensed", license, feature.Name));
            Assert.Equal(feature.Used, Seat(metrics, "olic_seats_used", license, feature.Name));
            Assert.Equal(feature.Borrowed, Seat(metrics, "olic_seats_borrowed", license, feature.Name));
            Assert.Equal(feature.Free, Seat(metrics, "olic_seats_free", license, feature.Name));
        }

        Assert.Equal(2, Seat(metrics, "olic_seats_used", license, "draw"));
        Assert.Equal(0, Seat(metrics, "olic_seats_free", license, "plot"));
        Assert.True(Value(metrics, "olic_logins_total") >= 2);
        Assert.True(Value(metrics, "olic_login_denials_total") >= 1);
        Assert.True(Value(metrics, "olic_refusals_total", $"code=\"{ErrorCodes.SeatsExhausted}\"") >= 1);
        Assert.True(Value(metrics, "olic_sessions_live") >= 2);
        Assert.True(Value(metrics, "olic_login_duration_seconds_count") >= 3);
        Assert.Contains(metrics, m => m.Name.StartsWith("olic_seat_queue_depth", StringComparison.Ordinal) && m.Labels.Contains($"license=\"{license}\"", StringComparison.Ordinal));

        // Orleans' own meter ("Microsoft.Orleans") is exported too.
        Assert.Contains(metrics, m => m.Name.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_need_the_admin_token_and_follow_the_admin_rules()
    {
        using var anonymous = await silo.Client.GetAsync("/metrics", Ct);
        await ApiCalls.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(TestRemoteAddress.Header, TestRemoteAddress.Remote.ToString());
        using var remote = await silo.Admin.SendAsync(request, Ct);
        await ApiCalls.AssertProblemAsync(remote, HttpStatusCode.Forbidden, ErrorCodes.HttpsRequired);
    }

    // #15 item 6: "the seat-queue depth and the time spent waiting".
    [Fact]
    public async Task The_time_a_queued_login_waited_is_counted_by_outcome()
    {
        var product = $"mq-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]))).Id;
        var pool = silo.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IFeatureGrain>(FeatureKey.Of(license, "draw"));
        var holder = await silo.Client.LoginOkAsync(product, ("draw", 1));
        var before = Value(await ScrapeAsync(), "olic_seat_queue_wait_seconds_count", "outcome=\"granted\"");

        var queued = silo.Client.PostAsJsonAsync(
            "/api/v1/sessions",
            new LoginRequest(product, [new FeatureRequest("draw", 1)], new ClientInfo("bob", "ws-18", "cad.exe", "fp-2"), QueueSeconds: 20),
            Ct);
        await Eventually.TrueAsync(async () => await pool.CountQueued() == 1, "the login waits in the seat queue");
        silo.Clock.Advance(TimeSpan.FromSeconds(3));
        using (var logout = await silo.Client.LogoutAsync(holder.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        using (var answer = await queued)
        {
            await ApiCalls.AssertStatusAsync(answer, HttpStatusCode.Created);
        }

        var metrics = await ScrapeAsync();
        Assert.Equal(before + 1, Value(metrics, "olic_seat_queue_wait_seconds_count", "outcome=\"granted\""));
        Assert.True(Value(metrics, "olic_seat_queue_wait_seconds_sum", "outcome=\"granted\"") >= 3);
    }

    private async Task<List<Sample>> ScrapeAsync()
    {
        using var response = await silo.Admin.GetAsync("/metrics", Ct);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync(Ct);
        List<Sample> samples = [];
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            samples.Add(new Sample(match.Groups["name"].Value, match.Groups["labels"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    private static double Seat(List<Sample> samples, string name, string license, string feature)
        => samples.Single(s => s.Name == name && s.Labels.Contains($"license=\"{license}\"", StringComparison.Ordinal) && s.Labels.Contains($"feature=\"{feature}\"", StringComparison.Ordinal)).Value;

    private static double Value(List<Sample> samples, string name, string? label = null)
        => samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).Sum(s => s.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>[-+0-9.eE]+|NaN|[+-]Inf)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    private sealed record Sample(string Name, string Labels, double Value);
}

/// <summary>Runs <see cref="MetricsTests"/> after the parallel test classes, with no other in-process silo alive.</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsTestsCollection;
