using System.Text.Json;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Cli.Tests.Borrowing;

/// <summary><c>olic borrow …</c>: what the CLI sends and prints, and how refusals come out.</summary>
public sealed class BorrowCommandTests : IDisposable
{
    private static readonly DateTimeOffset Since = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task List_shows_each_borrow_with_its_kind()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        List<BorrowView> borrows =
        [
            View("b" + new string('1', 32), returnable: true, offline: false),
            View("o" + new string('2', 32), returnable: true, offline: true),
            View("b" + new string('3', 32), returnable: false, offline: false),
        ];
        api.RespondOnce("GET", "/api/v1/admin/borrows", new CannedResponse(200, "application/json", JsonSerializer.Serialize(borrows, ContractsJsonContext.Default.ListBorrowView)));

        var result = await Olic.RunAgainstAsync(api, "borrow", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BORROW", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("online", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("offline", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("distribution", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("draw:2", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_posts_the_request_file_unchanged_and_writes_the_response_file()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var request = folder.Combine("request.json");
        var response = folder.Combine("out", "response.json");
        await File.WriteAllTextAsync(request, "{\"borrowRequest\":{\"x\":1},\"keyId\":\"k\",\"signature\":\"s\"}", Ct);
        api.RespondOnce("POST", "/api/v1/admin/borrows/offline", new CannedResponse(201, "application/json", "{\"borrow\":{},\"keyId\":\"k\",\"signature\":\"t\"}"));

        var result = await Olic.RunAgainstAsync(api, "borrow", "offline", request, "--out", response);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(await File.ReadAllTextAsync(request, Ct), api.SingleRequest.Body);
        Assert.Equal("{\"borrow\":{},\"keyId\":\"k\",\"signature\":\"t\"}", await File.ReadAllTextAsync(response, Ct));
        Assert.Contains("Lent; wrote the response file", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(409, ErrorCodes.BorrowReplayed)]
    [InlineData(422, ErrorCodes.BorrowFileInvalid)]
    [InlineData(422, ErrorCodes.BorrowLimit)]
    public async Task A_refused_request_file_prints_the_code_and_writes_nothing(int status, string code)
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var request = folder.Combine("request.json");
        var response = folder.Combine("response.json");
        await File.WriteAllTextAsync(request, "{}", Ct);
        api.FailOnce("POST", "/api/v1/admin/borrows/offline", status, code, "refused for a reason");

        var result = await Olic.RunAgainstAsync(api, "borrow", "offline", request, "--out", response);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {code}: refused for a reason", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(response));
    }

    [Fact]
    public async Task Return_sends_a_delete_and_a_distribution_is_refused()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var id = "b" + new string('4', 32);
        api.RespondOnce("DELETE", $"/api/v1/admin/borrows/{id}", new CannedResponse(204, "application/json", ""));

        var ok = await Olic.RunAgainstAsync(api, "borrow", "return", id);
        api.FailOnce("DELETE", $"/api/v1/admin/borrows/{id}", 422, ErrorCodes.NotReturnable, "a distribution");
        var refused = await Olic.RunAgainstAsync(api, "borrow", "return", id);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains($"Returned borrow {id}", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: not_returnable: a distribution", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_return_posts_the_return_file()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var file = folder.Combine("return.json");
        await File.WriteAllTextAsync(file, "{\"borrowReturn\":{}}", Ct);
        var view = View("o" + new string('5', 32), returnable: true, offline: true) with { Status = "returned" };
        api.RespondOnce("POST", "/api/v1/admin/borrows/offline/return", new CannedResponse(200, "application/json", JsonSerializer.Serialize(view, ContractsJsonContext.Default.BorrowView)));

        var result = await Olic.RunAgainstAsync(api, "borrow", "offline-return", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{\"borrowReturn\":{}}", api.SingleRequest.Body);
        Assert.Contains($"Returned borrow {view.BorrowId}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_key_is_written_for_offline_machines_and_the_vendor()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);
        var key = OrleansLicense.Licensing.Keys.VendorKeyPair.Generate();
        api.RespondOnce("GET", "/api/v1/admin/server-key", new CannedResponse(200, "application/json", JsonSerializer.Serialize(new ServerKeyView(key.KeyId, key.ExportPublicKeyPem()), ContractsJsonContext.Default.ServerKeyView)));
        var file = folder.Combine("server.pub.pem");

        var result = await Olic.RunAgainstAsync(api, "borrow", "server-key", "--out", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(key.ExportPublicKeyPem(), await File.ReadAllTextAsync(file, Ct));
        Assert.Contains(key.KeyId, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_request_file_is_a_usage_error()
    {
        await using var api = await FakeAdminApi.StartAsync(Ct);

        var result = await Olic.RunAgainstAsync(api, "borrow", "offline", folder.Combine("nope.json"), "--out", folder.Combine("r.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: usage:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private static BorrowView View(string id, bool returnable, bool offline) => new(
        id,
        "SN-1",
        "acme-cad",
        [new FeatureRequest("draw", 2)],
        Since,
        returnable ? Since.AddHours(72) : Since.AddYears(100),
        returnable,
        offline,
        "active",
        new ClientInfo("ann", "laptop-1", "cad.exe", "fp-1"),
        null);
}
