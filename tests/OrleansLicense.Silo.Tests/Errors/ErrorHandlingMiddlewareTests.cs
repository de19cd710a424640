using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Tests.Errors;

/// <summary>Exceptions become problem details with the right status and code, and never a stack trace.</summary>
public sealed class ErrorHandlingMiddlewareTests
{
    [Theory]
    [InlineData(ErrorCodes.SeatsExhausted, 409)]
    [InlineData(ErrorCodes.Maintenance, 503)]
    [InlineData(ErrorCodes.SessionExpired, 410)]
    [InlineData(ErrorCodes.NotFound, 404)]
    [InlineData(ErrorCodes.LicenseSignatureInvalid, 422)]
    [InlineData(ErrorCodes.LicenseExpired, 422)]
    [InlineData(ErrorCodes.LicenseBindingMismatch, 422)]
    [InlineData(ErrorCodes.BadRequest, 400)]
    [InlineData(ErrorCodes.LocalOnly, 403)]
    [InlineData(ErrorCodes.Conflict, 409)]
    [InlineData(ErrorCodes.LicenseDeactivated, 409)]
    [InlineData("a_code_nobody_mapped", 500)]
    public async Task A_grain_refusal_answers_its_codes_status(string code, int status)
    {
        var (response, problem) = await RunAsync(new LicensingException(code, "a sentence for people"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, problem.Code);
        Assert.Equal("a sentence for people", problem.Detail);
    }

    [Fact]
    public async Task A_grain_that_does_not_answer_is_503_and_retryable()
    {
        var (response, problem) = await RunAsync(new TimeoutException("Response did not arrive on time in 00:00:05 for message: Request [S127.0.0.1:11111:1 sys.client/hosted]->[S127.0.0.1:11111:1 session/x]"));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(ErrorCodes.InternalError, problem.Code);
        Assert.Equal("1", response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain("Session/x", problem.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string> RetryableFailures => new(RetryableExceptions.Keys);

    /// <summary>What Orleans and the storage report when a call could not be served right now: the client may retry.</summary>
    private static readonly Dictionary<string, Func<Exception>> RetryableExceptions = new()
    {
        ["silo dead or unreachable"] = () => new Orleans.Runtime.SiloUnavailableException("Silo S127.0.0.1:11112:1 is shutting down."),
        ["no gateway"] = () => new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to 127.0.0.1:30000"),
        ["state written elsewhere"] = () => new Orleans.Storage.InconsistentStateException("ETag mismatch writing license-state of feature/x"),
        ["database down"] = () => new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432"),
        ["database down during activation"] = () => new Orleans.Runtime.OrleansException("Error from storage provider during ReadStateAsync", new Npgsql.NpgsqlException("Failed to connect")),
        ["database down on another silo"] = () => new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException."),
    };

    [Theory]
    [MemberData(nameof(RetryableFailures))]
    public async Task What_orleans_or_the_store_could_not_serve_is_503_and_retryable(string failure)
    {
        var (response, problem) = await RunAsync(RetryableExceptions[failure]());

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(ErrorCodes.InternalError, problem.Code);
        Assert.Equal("1", response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain("127.0.0.1", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_is_500_internal_error_without_its_message_or_stack()
    {
        var (response, problem) = await RunAsync(new InvalidOperationException("secret internals at Foo.Bar()"));

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(ErrorCodes.InternalError, problem.Code);
        Assert.DoesNotContain("secret", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem.Detail, StringComparison.Ordinal);
    }

    private static async Task<(HttpResponse Response, ApiProblem Problem)> RunAsync(Exception exception)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/sessions";
        context.Response.Body = new MemoryStream();
        var middleware = new ErrorHandlingMiddleware(_ => throw exception, NullLogger<ErrorHandlingMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(ApiProblems.ContentType, context.Response.ContentType);
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<ApiProblem>(context.Response.Body, JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        return (context.Response, problem!);
    }
}
