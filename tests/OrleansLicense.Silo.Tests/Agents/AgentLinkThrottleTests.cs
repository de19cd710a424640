using System.Net;
using System.Net.Http.Headers;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Agents;

/// <summary>
/// The agents' link (R-AGT, #14 item 2): a wrong agent credential counts once in the per-address throttle, like a
/// wrong admin token; after 10 in a minute the address is answered 429 too_many_requests with Retry-After until the
/// minute ends. The admin token's authentication does not look at these calls, so they are not counted twice.
/// </summary>
public sealed class AgentLinkThrottleTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_wrong_agent_credentials_from_one_address_then_429_until_the_window_ends()
    {
        const string guesser = "192.0.2.71";
        var retryAfter = await ApiCalls.GuessUntilThrottledAsync(guess => FeaturesFrom(guesser, "agent-x." + guess), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

        // Calls without a credential are not guesses.
        const string other = "192.0.2.72";
        for (var i = 0; i < 12; i++)
        {
            using var bare = await FeaturesFrom(other, bearer: null);
            await ApiCalls.AssertProblemAsync(bare, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        }

        silo.Clock.Advance(retryAfter);
        using var after = await FeaturesFrom(guesser, "agent-x.guess-again");
        await ApiCalls.AssertProblemAsync(after, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    private Task<HttpResponseMessage> FeaturesFrom(string address, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://localhost/api/v1/agent-link/products/cad/features");
        request.Headers.Add(TestRemoteAddress.Header, address);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return silo.Client.SendAsync(request, Ct);
    }
}
