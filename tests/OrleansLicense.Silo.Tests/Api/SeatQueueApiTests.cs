using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-SESS-6 over HTTP: a login with queueSeconds waits for a seat and is answered 201 when one comes back, or 409 when its wait ends (at once when it asks more than the feature has).</summary>
public sealed class SeatQueueApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_queued_login_is_answered_201_when_the_holder_logs_out()
    {
        var (product, pool) = await FullFeatureAsync();
        var holder = await silo.Client.LoginOkAsync(product, ("draw", 1));

        var queued = QueuedLoginAsync(product, queueSeconds: 10);
        await Eventually.TrueAsync(async () => await pool.CountQueued() == 1, "the login waits in the seat queue");
        using (var logout = await silo.Client.LogoutAsync(holder.SessionId))
        {
            await ApiCalls.AssertStatusAsync(logout, HttpStatusCode.NoContent);
        }

        using var answer = await queued;
        await ApiCalls.AssertStatusAsync(answer, HttpStatusCode.Created);
        var session = (await answer.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
        Assert.Equal([new FeatureRequest("draw", 1)], session.Features);
        Assert.Equal(1, (await pool.GetUsage()).Used);
    }

    [Fact]
    public async Task A_queued_login_whose_wait_ends_is_409_seats_exhausted()
    {
        var (product, pool) = await FullFeatureAsync();
        await silo.Client.LoginOkAsync(product, ("draw", 1));

        var queued = QueuedLoginAsync(product, queueSeconds: 3);
        await Eventually.TrueAsync(async () => await pool.CountQueued() == 1, "the login waits in the seat queue");
        silo.Clock.Advance(TimeSpan.FromSeconds(4));

        using var answer = await queued;
        await ApiCalls.AssertProblemAsync(answer, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        Assert.Equal(1, (await pool.GetUsage()).Used);
    }

    [Fact]
    public async Task A_queued_login_for_more_seats_than_the_feature_has_is_409_at_once()
    {
        // The clock never moves here: a login that waited would not be answered at all (the fuzz test found it).
        var (product, pool) = await FullFeatureAsync();

        using var answer = await QueuedLoginAsync(product, queueSeconds: 10, count: 2).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await ApiCalls.AssertProblemAsync(answer, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        Assert.Equal(0, await pool.CountQueued());
        Assert.Equal(0, (await pool.GetUsage()).Used);
    }

    private async Task<(string Product, IFeatureGrain Pool)> FullFeatureAsync()
    {
        var product = $"queue-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 1)]))).Id;
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        return (product, grains.GetGrain<IFeatureGrain>(FeatureKey.Of(license, "draw")));
    }

    private Task<HttpResponseMessage> QueuedLoginAsync(string product, int queueSeconds, int count = 1)
        => silo.Client.PostAsJsonAsync(
            "/api/v1/sessions",
            new LoginRequest(product, [new FeatureRequest("draw", count)], new ClientInfo("bob", "ws-18", "cad.exe", "fp-2"), queueSeconds),
            Ct);
}
