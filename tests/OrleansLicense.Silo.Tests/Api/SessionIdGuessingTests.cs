using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Silo.Endpoints.Gateway;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>
/// Issue 14, item 1: a stranger who knows or guesses a login's request id cannot find its session id, so cannot
/// log another user out. The id is keyed with a grid secret, a clash is answered without the other session's id,
/// and a replay from another address is not answered the session.
/// </summary>
public sealed class SessionIdGuessingTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ClientInfo Ann = new("ann", "ws-17", "cad.exe", "fp-1");

    [Fact]
    public async Task A_session_id_is_not_the_unkeyed_hash_of_its_request_id()
    {
        var product = await ProductAsync();

        var session = await LoginOkAsync(product, "r", Ann, remoteAddress: null);

        var unkeyed = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("login:r")).AsSpan(0, 16));
        Assert.NotEqual(unkeyed, session.SessionId[..32]);
        Assert.Equal(SessionIds.IssuedLength, session.SessionId.Length);
    }

    [Fact]
    public async Task A_clashing_login_is_refused_without_naming_the_other_session()
    {
        var product = await ProductAsync();
        var requestId = $"x{Guid.NewGuid():N}"[..6];
        var victim = await LoginOkAsync(product, requestId, Ann, remoteAddress: null);

        using var stranger = await LoginAsync(product, requestId, new ClientInfo("eve", "ws-66", "cad.exe", "fp-9"), remoteAddress: null);

        await ApiCalls.AssertProblemAsync(stranger, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        var body = await stranger.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(victim.SessionId, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_same_login_replayed_from_another_address_does_not_get_the_session()
    {
        var product = await ProductAsync();
        var requestId = $"y{Guid.NewGuid():N}"[..6];
        var victim = await LoginOkAsync(product, requestId, Ann, remoteAddress: "127.0.0.1");

        using var replay = await LoginAsync(product, requestId, Ann, TestRemoteAddress.Remote.ToString());

        await ApiCalls.AssertProblemAsync(replay, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.DoesNotContain(victim.SessionId, await replay.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        // The client's own retry, from its own address, still finds its session.
        var retry = await LoginOkAsync(product, requestId, Ann, remoteAddress: "127.0.0.1");
        Assert.Equal(victim.SessionId, retry.SessionId);
    }

    private async Task<string> ProductAsync()
    {
        var product = $"sid-{Guid.NewGuid():N}"[..16];
        await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, silo.Clock.GetUtcNow(), [("draw", 5)]));
        return product;
    }

    private async Task<LoginResponse> LoginOkAsync(string product, string requestId, ClientInfo client, string? remoteAddress)
    {
        using var response = await LoginAsync(product, requestId, client, remoteAddress);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<LoginResponse>(Ct))!;
    }

    private Task<HttpResponseMessage> LoginAsync(string product, string requestId, ClientInfo client, string? remoteAddress)
        => silo.Client.LoginWithRequestIdAsync(product, requestId, client, remoteAddress);
}
