using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Tests.Admin;

public sealed class LicenseCommandTests : IDisposable
{
    private static readonly LicenseView Seeded = new(
        "SN-1",
        "acme-cad",
        "enterprise",
        new DateTimeOffset(2027, 12, 31, 23, 59, 59, TimeSpan.Zero),
        new LicenseFlagsView(Borrowable: true, Distributable: false, UsageStatistics: false, PeakUpload: true, LocalOnly: true, Agentable: true),
        "active",
        [new FeatureView("draw", 10, 3, 2, 5, 7), new FeatureView("print", 4, 0, 0, 4, 1, Enabled: false)]);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Import_posts_the_file_text_unchanged_and_the_server_verifies_it()
    {
        using var keys = await VendorKeys.CreateAsync();
        var file = folder.Combine("lic.json");
        Assert.Equal(0, (await keys.IssueAsync("--product", "acme-cad", "--feature", "draw=5", "--id", "SN-77", "--borrowable", "--out", file)).ExitCode);
        await using var api = await FakeAdminApi.StartAsync(keys.TrustedKeys, TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "license", "import", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = api.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/admin/licenses", request.Path);
        Assert.Equal($"Bearer {FakeAdminApi.Token}", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(file), request.Body);
        Assert.Equal("active", api.FindLicense("SN-77")?.Status);
        Assert.StartsWith("Imported license SN-77.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Flags:     borrowable", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_json_prints_the_license_view()
    {
        using var keys = await VendorKeys.CreateAsync();
        var file = folder.Combine("lic.json");
        Assert.Equal(0, (await keys.IssueAsync("--product", "acme-cad", "--feature", "draw=5", "--id", "SN-78", "--out", file)).ExitCode);
        await using var api = await FakeAdminApi.StartAsync(keys.TrustedKeys, TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "license", "import", file, "--json");

        Assert.Equal(0, result.ExitCode);
        var view = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.LicenseView)!;
        Assert.Equal("SN-78", view.Id);
        Assert.Equal(5, Assert.Single(view.Features).Seats);
    }

    [Fact]
    public async Task Import_of_a_tampered_file_prints_the_servers_code_and_exits_1()
    {
        using var keys = await VendorKeys.CreateAsync();
        var file = folder.Combine("lic.json");
        Assert.Equal(0, (await keys.IssueAsync("--product", "acme-cad", "--feature", "draw=5", "--out", file)).ExitCode);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"seats\":5", "\"seats\":500", StringComparison.Ordinal));
        await using var api = await FakeAdminApi.StartAsync(keys.TrustedKeys, TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "license", "import", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: license_signature_invalid: The signature does not match", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Import_of_a_missing_file_is_a_usage_error_and_sends_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        var missing = folder.Combine("missing.json");

        var result = await Olic.RunAgainstAsync(api, "license", "import", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: usage: the license file '{missing}' does not exist.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task List_prints_one_row_per_license()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);
        api.AddLicense(Seeded with { Id = "SN-2", Product = "acme-viewer", Expires = null, Status = "deactivated", Features = [new FeatureView("view", 50, 1, 0, 49, 3)] });

        var result = await Olic.RunAgainstAsync(api, "license", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("GET", "/api/v1/admin/licenses"), (api.SingleRequest.Method, api.SingleRequest.Path));
        var lines = result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^SN-1\s+acme-cad\s+enterprise\s+2027-12-31 23:59:59Z\s+active\s+draw 5/10, print 0/4$", lines[1]);
        Assert.Matches(@"^SN-2\s+acme-viewer\s+enterprise\s+never\s+deactivated\s+view 1/50$", lines[2]);
    }

    [Fact]
    public async Task List_with_no_license_says_so()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "license", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No licenses.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_prints_the_array()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstAsync(api, "license", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var list = JsonSerializer.Deserialize(result.Stdout, ContractsJsonContext.Default.ListLicenseView)!;
        Assert.Equal(Seeded.Id, Assert.Single(list).Id);
    }

    [Fact]
    public async Task Show_prints_details_and_per_feature_seats()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstAsync(api, "license", "show", "SN-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(("GET", "/api/v1/admin/licenses/SN-1"), (api.SingleRequest.Method, api.SingleRequest.Path));
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("License:   SN-1", lines[0]);
        Assert.Contains("Product:   acme-cad", lines);
        Assert.Contains("Edition:   enterprise", lines);
        Assert.Contains("Expires:   2027-12-31 23:59:59Z", lines);
        Assert.Contains("Status:    active", lines);
        Assert.Contains("Flags:     borrowable, peak-upload, local-only, agentable", lines);
        Assert.Contains(lines, l => l.StartsWith("FEATURE", StringComparison.Ordinal) && l.Contains("PEAK TODAY", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^draw\s+10\s+3\s+2\s+5\s+7\s+yes$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^print\s+4\s+0\s+0\s+4\s+1\s+no$"));
    }

    [Fact]
    public async Task Show_escapes_the_id_in_the_path()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded with { Id = "SN 1" });

        var result = await Olic.RunAgainstAsync(api, "license", "show", "SN 1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("License:   SN 1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_an_unknown_license_prints_not_found_and_exits_1()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAgainstAsync(api, "license", "show", "SN-404");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: not_found: License 'SN-404' is not known.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Deactivate_deletes_the_license()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstAsync(api, "license", "deactivate", "SN-1", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = api.SingleRequest;
        Assert.Equal(("DELETE", "/api/v1/admin/licenses/SN-1"), (request.Method, request.Path));
        Assert.Equal($"Bearer {FakeAdminApi.Token}", request.Authorization);
        Assert.Equal("deactivated", api.FindLicense("SN-1")?.Status);
        Assert.Equal("Deactivated license SN-1.\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Deactivate_json_prints_nothing_for_an_empty_204()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstAsync(api, "license", "deactivate", "SN-1", "--json", "--yes");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task License_without_a_subcommand_is_a_usage_error()
    {
        var result = await Olic.RunAsync("license");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: ", result.Stderr, StringComparison.Ordinal);
    }
}
