using OrleansLicense.Client.Borrowing;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Client.Tests.Borrowing;

/// <summary>R-CLI-1, R-BOR-4, R-USE-1 in the client: online borrow and return, and forced authentication handled by the library.</summary>
public sealed class ClientBorrowingTests : IAsyncLifetime
{
    private static readonly ClientInfo Me = new("tester", "laptop", "tests", "fp-me");
    private readonly ManualTimeProvider _clock = new();
    private FakeBorrowServer _server = null!;
    private LicenseClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeBorrowServer.StartAsync(_clock, Ct);
        _client = new LicenseClient(new LicenseClientOptions
        {
            Servers = _server.Address,
            Product = "acme-cad",
            TimeProvider = _clock,
            GetEnvironmentVariable = static _ => null,
            Client = Me,
            RequestTimeout = TimeSpan.FromSeconds(5),
            LoginRetryAttempts = 0,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_online_borrow_comes_back_verified_is_kept_for_offline_use_and_is_returned()
    {
        using var folder = new TempFolder();
        var store = new OfflineBorrowStore(folder.Path, Me, await _client.GetServerKeyAsync(Ct), _clock);

        var borrowed = await _client.BorrowAsync("acme-cad", [new FeatureRequest("draw", 2)], 48, Ct);
        var kept = store.Save(borrowed);

        Assert.Equal(_clock.GetUtcNow().AddHours(48), borrowed.Borrow.Until);
        Assert.Equal(borrowed.Borrow.BorrowId, kept.BorrowId);
        Assert.Equal(2, store.Seats("draw"));
        Assert.Throws<InvalidOperationException>(() => store.CreateReturn(kept.BorrowId));

        await _client.ReturnBorrowAsync(borrowed.Borrow.BorrowId, Ct);
        Assert.Equal([borrowed.Borrow.BorrowId], _server.Returned);
    }

    [Fact]
    public async Task A_refused_borrow_tells_the_limit()
    {
        var refused = await Assert.ThrowsAsync<LicenseServerException>(() => _client.BorrowAsync("acme-cad", [new FeatureRequest("draw", 1)], 721, Ct));

        Assert.Equal(ErrorCodes.BorrowLimit, refused.Code);
        Assert.Equal(422, refused.Status);
        Assert.Contains("720 hours", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_distribution_is_kept_and_never_returned_offline()
    {
        using var folder = new TempFolder();
        var store = new OfflineBorrowStore(folder.Path, Me, _server.ServerKey.PublicKey, _clock);

        var kept = store.Save(await _client.DistributeAsync("acme-cad", [], Ct));

        Assert.False(kept.Returnable);
        Assert.Throws<InvalidOperationException>(() => store.CreateReturn(kept.BorrowId));
    }

    [Fact]
    public async Task A_login_refused_for_a_missing_usage_upload_uploads_and_logs_in()
    {
        _server.RequireUsageForLogin();

        var session = await _client.LoginAsync([new FeatureRequest("draw", 1)], Ct);

        Assert.Equal("s1", session.SessionId);
        Assert.Equal(2, _server.Logins);
        var upload = Assert.Single(_server.Uploads);
        Assert.Equal(("acme-cad", "fp-me"), (upload.Product, upload.Client!.Fingerprint));
    }

    [Fact]
    public async Task A_heartbeat_refused_for_a_missing_usage_upload_uploads_the_record_and_keeps_the_session()
    {
        var kicked = 0;
        _client.Kicked += (_, _) => Interlocked.Increment(ref kicked);
        await _client.LoginAsync([new FeatureRequest("draw", 1)], Ct);
        _server.RequireUsageForHeartbeat();

        await _clock.WaitForPendingTimersAsync(1, Ct).WaitAsync(TestCluster.Patience, Ct);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await Until(() => _server.HeartbeatsOk == 1);

        Assert.True(_client.IsLoggedIn);
        Assert.Equal(0, kicked);
        var record = Assert.Single(_server.Uploads).Record;
        var draw = Assert.Single(record.Features);
        Assert.Equal(("draw", 1, 60L), (draw.Name, draw.CheckOuts, draw.Seconds));

        // What was uploaded is not uploaded again.
        _clock.Advance(TimeSpan.FromSeconds(30));
        var next = await _client.UploadUsageAsync(Ct);
        Assert.Equal(_clock.GetUtcNow().AddHours(24), next.NextUploadBefore);
        var second = _server.Uploads[1].Record.Features.Single();
        Assert.Equal((0, 30L), (second.CheckOuts, second.Seconds));
    }

    private static async Task Until(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TestCluster.Patience, "timed out");
            await Task.Delay(5, Ct);
        }
    }
}
