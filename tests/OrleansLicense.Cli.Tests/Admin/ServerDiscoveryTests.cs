using OrleansLicense.Cli.Tests.Infrastructure;

namespace OrleansLicense.Cli.Tests.Admin;

/// <summary>Finding the silo and its admin token in the data folder, and the flags that override them.</summary>
public sealed class ServerDiscoveryTests : IDisposable
{
    private readonly TempFolder data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task The_data_folder_from_OLIC_DATA_gives_endpoint_and_token()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        WriteDataFolder(api.BaseUrl + "\n", FakeAdminApi.Token + "\n");

        var result = await Olic.RunAsync(new Dictionary<string, string> { ["OLIC_DATA"] = data.Path }, "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
    }

    [Fact]
    public async Task The_data_option_wins_over_OLIC_DATA()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        WriteDataFolder(api.BaseUrl, FakeAdminApi.Token);

        var result = await Olic.RunAsync(new Dictionary<string, string> { ["OLIC_DATA"] = data.Combine("elsewhere") }, "status", "--data", data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_and_a_path_prefix_keeps_the_prefix()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAsync("status", "--server", api.BaseUrl + "/", "--token", FakeAdminApi.Token);
        var prefixed = await Olic.RunAsync("status", "--server", api.BaseUrl + "/prefix", "--token", FakeAdminApi.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, prefixed.ExitCode);
        Assert.Equal(["/api/v1/admin/status", "/prefix/api/v1/admin/status"], api.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Server_overrides_the_endpoint_file_while_the_token_still_comes_from_the_folder()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        WriteDataFolder("http://127.0.0.1:1", FakeAdminApi.Token);

        var result = await Olic.RunAsync("status", "--data", data.Path, "--server", api.BaseUrl);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
    }

    [Fact]
    public async Task Token_overrides_the_token_file()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        WriteDataFolder(api.BaseUrl, "stale-token");

        var result = await Olic.RunAsync("status", "--data", data.Path, "--token", FakeAdminApi.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Bearer {FakeAdminApi.Token}", api.SingleRequest.Authorization);
    }

    [Fact]
    public async Task A_missing_data_folder_without_server_is_a_usage_error_naming_the_path()
    {
        var missing = data.Combine("no-such-folder");

        var result = await Olic.RunAsync("status", "--data", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: usage: the data folder '{missing}' does not exist;", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--server URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_data_option_or_OLIC_DATA_the_folder_is_data_under_the_current_directory()
    {
        var expected = Path.GetFullPath("data");
        Assert.SkipWhen(Directory.Exists(expected), "The test's working directory happens to have a data folder.");

        var result = await Olic.RunAsync("license", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{expected}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_without_endpoint_file_names_the_file()
    {
        var result = await Olic.RunAsync("status", "--data", data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: usage: '{data.Combine("endpoint")}' does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_without_token_file_names_the_file()
    {
        WriteDataFolder("http://127.0.0.1:8273", token: null);

        var result = await Olic.RunAsync("status", "--data", data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: usage: '{data.Combine("admin.token")}' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--token", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:8273")]
    [InlineData("127.0.0.1:8273")]
    public async Task An_endpoint_that_is_not_an_http_url_is_a_usage_error(string endpoint)
    {
        WriteDataFolder(endpoint, FakeAdminApi.Token);

        var result = await Olic.RunAsync("status", "--data", data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the server '{endpoint}' from '{data.Combine("endpoint")}' is not an http:// or https:// URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_token_file_is_a_usage_error()
    {
        WriteDataFolder("http://127.0.0.1:8273", "  \n");

        var result = await Olic.RunAsync("status", "--data", data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{data.Combine("admin.token")}' is empty", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_spaces_is_refused_before_any_request()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);

        var result = await Olic.RunAsync("status", "--server", api.BaseUrl, "--token", "two words");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the admin token from --token contains spaces", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Vendor_commands_need_no_server_or_data_folder()
    {
        var result = await Olic.RunAsync("vendor", "keygen", "--out", data.Combine("keys"), "--data", data.Combine("missing"));

        Assert.Equal(0, result.ExitCode);
    }

    private void WriteDataFolder(string endpoint, string? token)
    {
        File.WriteAllText(data.Combine("endpoint"), endpoint);
        if (token is not null)
        {
            File.WriteAllText(data.Combine("admin.token"), token);
        }
    }
}
