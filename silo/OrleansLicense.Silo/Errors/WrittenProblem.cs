namespace OrleansLicense.Silo.Errors;

/// <summary>
/// The problem a response answered with, set on the request's features where the problem is written
/// (<see cref="ApiProblems"/>), so that the access log and the metrics learn a refusal's code without reading the
/// response body back.
/// </summary>
/// <param name="Code">The problem's stable code.</param>
internal sealed record WrittenProblem(string Code)
{
    /// <summary>The code of the problem this request answered with, or null.</summary>
    public static string? CodeOf(HttpContext context) => context.Features.Get<WrittenProblem>()?.Code;

    /// <summary>Notes that this request answers with a problem of <paramref name="code"/>.</summary>
    public static void Note(HttpContext context, string code) => context.Features.Set(new WrittenProblem(code));
}
