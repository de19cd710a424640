using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Agents;

/// <summary>
/// A silo whose configured upstream (Agent:Upstream) is not an OrleansLicense grid: a loopback HTTP listener that
/// answers every request 200 with an HTML page, as a proxy's error page or a wrong address would.
/// </summary>
public sealed class GarbageUpstreamFixture : SiloFixture
{
    private readonly HttpListener _listener = new();
    private readonly int _port = FreePort.Next();
    private Task? _serving;

    /// <summary>The paths the listener was asked for.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url => $"http://127.0.0.1:{_port}";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Agent:Upstream"] = Url,
        ["Agent:Credential"] = "plant-b.not-checked-by-this-listener",
        ["Agent:LinkTimeoutSeconds"] = "5",
    };

    public override async ValueTask InitializeAsync()
    {
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = ServeAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        if (_serving is not null)
        {
            await _serving;
        }

        await base.DisposeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests.Enqueue(context.Request.Url?.AbsolutePath ?? "");
            var page = Encoding.UTF8.GetBytes("<html><body><h1>It works!</h1></body></html>");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(page);
            context.Response.Close();
        }
    }
}

/// <summary>
/// Issue #18: the seed's code 15, "anything else" (HTTP 500): a real failure inside addAgent, here an upstream that
/// answers something that is not the agent link's JSON, gets the seed's <c>{code, errMsg}</c> with an errMsg that
/// says what went wrong and where to look, and no stack trace or exception dump.
/// </summary>
public sealed class AgentOtherFailureTests(GarbageUpstreamFixture silo) : IClassFixture<GarbageUpstreamFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAgent_answers_code_15_with_a_useful_errMsg_when_the_upstream_answers_garbage()
    {
        var token = (await File.ReadAllTextAsync(silo.Folder.File("admin.token"), Ct)).Trim();

        using var content = new StringContent("featureName=draw\nfeatureUserNumber=3\nmode=increase", Encoding.UTF8, "text/plain");
        using var response = await silo.Client.PostAsync($"/rest/{token}/product/acme-cad/addAgent", content, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var answer = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(15, answer.GetProperty("code").GetInt32());
        var errMsg = answer.GetProperty("errMsg").GetString()!;

        // It names the upstream, what was wrong with its answer and the setting to check.
        Assert.Contains(silo.Url, errMsg, StringComparison.Ordinal);
        Assert.Contains("not the agent link's JSON", errMsg, StringComparison.Ordinal);
        Assert.Contains("text/html", errMsg, StringComparison.Ordinal);
        Assert.Contains("Agent:Upstream", errMsg, StringComparison.Ordinal);

        // The seed's two fields only: no stack trace, exception type or problem details leak.
        Assert.Equal(["code", "errMsg"], answer.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);

        // The failure was real: the silo did ask the listener for the product's features over the link.
        Assert.Contains("/api/v1/agent-link/products/acme-cad/features", silo.Requests);
    }
}
