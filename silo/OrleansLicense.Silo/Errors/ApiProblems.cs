using System.Text.Json;
using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Silo.Errors;

/// <summary>Builds and writes RFC 9457 problem details carrying the API's stable <c>code</c>.</summary>
internal static class ApiProblems
{
    /// <summary>The media type of every error body.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A problem for <paramref name="code"/>; <paramref name="status"/> overrides the code's usual status.</summary>
    public static ApiProblem Create(string code, string detail, int? status = null)
        => new($"urn:orleanslicense:error:{code}", ErrorStatus.TitleOf(code), status ?? ErrorStatus.StatusOf(code), detail, code);

    /// <summary>An endpoint result answering with the problem.</summary>
    public static IResult Result(string code, string detail, int? status = null)
    {
        var problem = Create(code, detail, status);
        return new ProblemResult(problem.Code, Results.Json(problem, ApiJson.Contracts.ApiProblem, ContentType, problem.Status));
    }

    /// <summary>400 <c>bad_request</c>; the detail names the field.</summary>
    public static IResult BadRequest(string detail) => Result(ErrorCodes.BadRequest, detail);

    /// <summary>404 <c>not_found</c>.</summary>
    public static IResult NotFound(string detail) => Result(ErrorCodes.NotFound, detail);

    /// <summary>Writes the problem as the response (middleware, authentication).</summary>
    public static async Task WriteAsync(HttpContext context, string code, string detail, int? status = null)
    {
        var problem = Create(code, detail, status);
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ContentType;
        WrittenProblem.Note(context, problem.Code);
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJson.Contracts.ApiProblem, context.RequestAborted).ConfigureAwait(false);
    }

    // Notes the code for the access log and the metrics as it answers.
    private sealed class ProblemResult(string code, IResult json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            WrittenProblem.Note(httpContext, code);
            return json.ExecuteAsync(httpContext);
        }
    }
}
