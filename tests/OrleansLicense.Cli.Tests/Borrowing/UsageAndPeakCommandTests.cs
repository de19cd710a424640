using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Cli.Tests.Borrowing;

/// <summary><c>olic usage show|export</c> and <c>olic peaks show|export</c>.</summary>
public sealed class UsageAndPeakCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Usage_export_writes_the_file_as_the_server_sent_it()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/usage/SN-1/export", new CannedResponse(200, "application/json", "{\"usageExport\":{}}"));
        var file = folder.Combine("usage.log");

        var result = await Olic.RunAgainstAsync(api, "usage", "export", "SN-1", "--out", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{\"usageExport\":{}}", await File.ReadAllTextAsync(file, Ct));
        Assert.Contains("olic vendor verify-usage", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_show_lists_clients_and_a_license_without_statistics_is_refused()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var now = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        var view = new UsageView("SN-1", "acme-cad", true, 24, [new UsageClientView("fp-1", "ann", "ws-1", now, now, 2, now.AddHours(24), [new FeatureUsageRecord("draw", 3, 600)])]);
        api.RespondOnce("GET", "/api/v1/admin/usage/SN-1", new CannedResponse(200, "application/json", JsonSerializer.Serialize(view, ContractsJsonContext.Default.UsageView)));

        var shown = await Olic.RunAgainstAsync(api, "usage", "show", "SN-1");
        api.FailOnce("GET", "/api/v1/admin/usage/SN-2/export", 422, ErrorCodes.NotEnabled, "no usage statistics");
        var refused = await Olic.RunAgainstAsync(api, "usage", "export", "SN-2", "--out", folder.Combine("x.log"));

        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("forced authentication every 24 h", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("draw:3x/600s", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: not_enabled:", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peaks_export_writes_the_log_and_show_prints_days()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        api.RespondOnce("GET", "/api/v1/admin/peaks/SN-1/export", new CannedResponse(200, "text/plain", "#type:userPeakLog sn:SN-1 time:2026-01-05T08:00:00Z sign:AAAA\n[\n]\n"));
        var peaks = new PeaksView("SN-1", [new PeakDayView("2026-01-04", 2, new Dictionary<string, int> { ["draw"] = 3 }), new PeakDayView("2026-01-05", 0, new Dictionary<string, int>())]);
        api.RespondOnce("GET", "/api/v1/admin/peaks/SN-1", new CannedResponse(200, "application/json", JsonSerializer.Serialize(peaks, ContractsJsonContext.Default.PeaksView)));
        var file = folder.Combine("peaks.log");

        var exported = await Olic.RunAgainstAsync(api, "peaks", "export", "SN-1", "--from", "2026-01-01", "--out", file);
        var shown = await Olic.RunAgainstAsync(api, "peaks", "show", "SN-1");

        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.StartsWith("#type:userPeakLog sn:SN-1", await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("draw:3", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("2026-01-05", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_date_is_a_usage_error()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);

        var result = await Olic.RunAgainstAsync(api, "peaks", "show", "SN-1", "--from", "yesterday");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from must be a date", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }
}
