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
                + "the license's period; this upload lets it go on. Answers when the next upload is due.")
            .Produces<UsageUploadResponse>()
            .ProducesProblems(400, 404, 413, 422);
    }

    private static async Task<IResult> UploadAsync(UsageUploadRequest request, IGrainFactory grains, CancellationToken cancellationToken)
        => Results.Ok(await UsageUploads.UploadAsync(request, grains, cancellationToken).ConfigureAwait(false));
}
