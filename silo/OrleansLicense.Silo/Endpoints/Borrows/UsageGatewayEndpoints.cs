using OrleansLicense.Contracts.Usage;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The client API of usage statistics: the upload forced authentication asks for (R-USE-1).</summary>
internal static class UsageGatewayEndpoints
{
    public static void MapUsageGatewayEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/usage", UploadAsync)
            .WithTags("Usage")
            .WithName("UploadUsage")
            .WithSummary("Upload a usage record")
            .WithDescription("Records the client's usage at every license of the product that keeps usage statistics (or at the named one). "
                + "A license with forced authentication refuses a client with 403 usage_upload_required when its last upload is older than "
                + "the license's period; this upload lets it go on. Answers when the next upload is due. A record that could not have happened is "
                + "400 bad_request naming the field: a period ending in the future (beyond 5 minutes of clock skew), from after to, longer than 366 days, "
                + "a feature the license lacks or named twice, negative numbers, more seconds than the feature's seats can be held in the period, "
                + "more check-outs than one per seat and second of it.")
            .Produces<UsageUploadResponse>()
            .ProducesProblems(400, 404, 413, 422);
    }

    private static async Task<IResult> UploadAsync(UsageUploadRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
        => Results.Ok(await UsageUploads.UploadAsync(request, grains, clock, cancellationToken).ConfigureAwait(false));
}
