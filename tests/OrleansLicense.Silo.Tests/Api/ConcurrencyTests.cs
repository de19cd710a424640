using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-SESS-2: seats are never over-granted, however many logins arrive at once.</summary>
public sealed class ConcurrencyTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Two_hundred_parallel_logins_on_fifty_seats_grant_exactly_fifty()
    {
        const int Seats = 50;
        const int Logins = 200;
        var product = $"prod-{Guid.NewGuid():N}"[..16];
        var license = (await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", Seats)]))).Id;

        var responses = await Task.WhenAll(Enumerable.Range(0, Logins).Select(_ => silo.Client.LoginAsync(product, ("draw", 1))));
        try
        {
            Assert.Equal(Seats, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(Logins - Seats, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            Assert.Equal(Seats, await silo.Admin.UsedAsync(license, "draw"));

            var sessions = await Task.WhenAll(responses
                .Where(r => r.StatusCode == HttpStatusCode.Created)
                .Select(r => r.Content.ReadFromJsonAsync<LoginResponse>(TestContext.Current.CancellationToken)));
            var logouts = await Task.WhenAll(sessions.Select(s => silo.Client.LogoutAsync(s!.SessionId)));

            Assert.All(logouts, l => Assert.Equal(HttpStatusCode.NoContent, l.StatusCode));
            Assert.Equal(0, await silo.Admin.UsedAsync(license, "draw"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
