using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;

namespace OrleansLicense.Silo.Endpoints;

/// <summary>Declares an endpoint's error answers in the OpenAPI document.</summary>
internal static class ProblemMetadataExtensions
{
    /// <summary>The endpoint may answer these statuses with problem details.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiProblem>(status, ApiProblems.ContentType);
        }

        return builder;
    }
}
