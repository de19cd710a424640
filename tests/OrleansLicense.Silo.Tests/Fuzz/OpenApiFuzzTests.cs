using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Silo.Tests.Borrows;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Fuzz;

/// <summary>
/// #14 item 10: property-based requests generated from the OpenAPI document's own schemas go to the in-process silo,
/// bounded in count (<see cref="Requests"/>) and time (<see cref="Budget"/>). No answer is a 5xx (besides a documented
/// 503 maintenance), every status is one the operation documents, and every body matches the documented schema
/// (problem details with a code of the table for errors). CsCheck draws the seeds and reports the failing one.
/// </summary>
public sealed class OpenApiFuzzTests(SiloFixture silo, ITestOutputHelper output) : IClassFixture<SiloFixture>
{
    private const int Requests = 3000;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    // An endless server-sent event stream: its status is checked elsewhere (dashboard tests), not here.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "StreamDashboardLogs" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generated_requests_get_documented_statuses_and_bodies_and_no_5xx()
    {
        var product = "fuzz-cad";
        var now = silo.Clock.GetUtcNow();
        var license = await silo.Admin.ImportOkAsync(BorrowApi.Issue(silo.Vendor.Key, product, now, LicenseFlags.None with { Borrowable = true, UsageStatistics = true }, ("draw", 5), ("print", 2)));
        var session = await silo.Client.LoginOkAsync(product, ("draw", 1));
        var known = new SchemaValues.Known([product, "nope"], ["draw", "print", "render"], [session.SessionId, license.Id, "draw", "0123456789abcdef0123456789abcdef"], now);

        using var documentResponse = await silo.Client.GetAsync("/openapi/v1.json", Ct);
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync(Ct));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var responses = new ResponseSchemas(document.RootElement);
        var operations = FuzzOperation.All(document.RootElement).Where(o => !Skipped.Contains(o.Id)).ToList();

        var sent = 0;
        var statuses = new SortedDictionary<int, int>();
        var byOperation = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        // The silo's clock is a manual one: time moves on beside the requests (a second every 50 ms), so that a
        // generated login waiting in a seat queue is answered when its wait ends instead of never.
        using var stopTime = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var time = MoveTimeAsync(stopTime.Token);
        await Gen.Int.SampleAsync(
            async seed =>
            {
                if (clock.Elapsed > Budget)
                {
                    return;
                }

                var random = new Random(seed);
                var operation = operations[random.Next(operations.Count)];
                var values = new SchemaValues(schemas, random, known);
                using var request = Build(operation, values, random);
                var described = $"{request.Method} {request.RequestUri} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync(Ct))}";
                using var response = await (operation.NeedsAdminToken && random.Next(10) != 0 ? silo.Admin : silo.Client).SendAsync(request, Ct);
                sent++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var counts = byOperation.TryGetValue(operation.Id, out var c) ? c : byOperation[operation.Id] = [];
                counts[status] = counts.GetValueOrDefault(status) + 1;
                if (status == (int)HttpStatusCode.TooManyRequests)
                {
                    // The unauthenticated tenth of admin calls locked this address out (checked once, here): the
                    // lockout's minute passes, so that the rest of the run reaches the operations again.
                    silo.Clock.Advance(TimeSpan.FromSeconds(61));
                }

                var problem = await CheckAsync(operation, response, responses);
                if (problem is not null)
                {
                    throw new Xunit.Sdk.XunitException($"{operation.Id}: {described}\n=> {status}: {problem}");
                }
            },
            iter: Requests,
            threads: 1);
        await stopTime.CancelAsync();
        await time;

        output.WriteLine($"{sent} generated requests in {clock.Elapsed.TotalSeconds:0.0} s over {operations.Count} operations; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var (id, counts) in byOperation)
        {
            output.WriteLine($"  {id}: {string.Join(", ", counts.Select(s => $"{s.Key}×{s.Value}"))}");
        }

        Assert.InRange(sent, 500, Requests);

        // Generated requests reach the operations' successes as well as their refusals.
        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
        Assert.Contains(statuses.Keys, s => s is >= 400 and < 500);
    }

    [Fact]
    public async Task The_schema_check_tells_a_matching_body_from_one_that_is_not()
    {
        using var documentResponse = await silo.Client.GetAsync("/openapi/v1.json", Ct);
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync(Ct));
        var schemas = new ResponseSchemas(document.RootElement);
        var problem = JsonDocument.Parse("""{"$ref":"#/components/schemas/ApiProblem"}""").RootElement;

        Assert.Null(schemas.Check(problem, JsonDocument.Parse("""{"type":"t","title":"T","status":400,"detail":"d","code":"bad_request"}""").RootElement));
        Assert.NotNull(schemas.Check(problem, JsonDocument.Parse("""{"type":"t","title":"T","status":400,"detail":"d","code":"no_such_code"}""").RootElement));
        Assert.NotNull(schemas.Check(problem, JsonDocument.Parse("""{"type":"t","title":"T","status":"400","detail":"d","code":"bad_request"}""").RootElement));
        Assert.NotNull(schemas.Check(problem, JsonDocument.Parse("""{"title":"T","status":400}""").RootElement));
    }

    private async Task MoveTimeAsync(CancellationToken stop)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                silo.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }
        catch (OperationCanceledException)
        {
            // The fuzzing ended.
        }
    }

    private static HttpRequestMessage Build(FuzzOperation operation, SchemaValues values, Random random)
    {
        var path = operation.Path;
        var query = new List<string>();
        foreach (var (name, place, required, _) in operation.Parameters)
        {
            // The in-memory test server cannot carry a NUL in a path (real Kestrel's answer to it: ServerRejectionTests).
            var value = values.Id().Replace("\0", "", StringComparison.Ordinal);
            if (place == "path")
            {
                path = path.Replace($"{{{name}}}", Uri.EscapeDataString(value.Length == 0 ? "x" : value), StringComparison.Ordinal);
            }
            else if (required || random.Next(2) == 0)
            {
                query.Add($"{name}={Uri.EscapeDataString(random.Next(2) == 0 ? "2026-01-0" + random.Next(1, 9) : value)}");
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), query.Count == 0 ? path : $"{path}?{string.Join('&', query)}");
        if (operation.BodySchema is { } schema)
        {
            var body = random.Next(30) switch
            {
                0 => "{",
                1 => "[]",
                2 => "null",
                _ => values.For(schema)?.ToJsonString() ?? "null",
            };
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Null when the answer is what the document says, else why not.</summary>
    private static async Task<string?> CheckAsync(FuzzOperation operation, HttpResponseMessage response, ResponseSchemas schemas)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (operation.Response(status) is not { } documented)
        {
            return $"status {status} is not documented for {operation.Id}; body {text}";
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500 && !(status == 503 && text.Contains("\"code\":\"maintenance\"", StringComparison.Ordinal)))
        {
            return $"a server error: {text}";
        }

        if (!documented.TryGetProperty("content", out var content) || content.EnumerateObject().All(_ => false))
        {
            return text.Length == 0 ? null : $"an undocumented body ({mediaType}): {text}";
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            return $"media type {mediaType} is not documented (documented: {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}); body {text}";
        }

        if (mediaType == "text/plain" || !media.TryGetProperty("schema", out var schema))
        {
            return null;
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return $"the body is not JSON ({ex.Message}): {text}";
        }

        if (schemas.Check(schema, body) is { } mismatch)
        {
            return $"the body does not match the schema: {text}\n{mismatch}";
        }

        return mediaType == "application/problem+json" && body.GetProperty("status").GetInt32() != status
            ? $"the problem's status differs from the answer's: {text}"
            : null;
    }
}
