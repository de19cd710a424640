using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Silo.Errors;

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
    {
        var problem = BorrowRequestValidator.Validate(request);
        if (problem is not null)
        {
            return ApiProblems.BadRequest(problem);
        }

        IReadOnlyList<string> licenseIds = request.LicenseId is { } id
            ? [id]
            : await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(request.Product).ConfigureAwait(false);
        if (licenseIds.Count == 0)
        {
            return ApiProblems.NotFound($"No license for product '{request.Product}'.");
        }

        var clientId = UsageClientId.Of(request.Client);
        var recorded = new List<string>();
        DateTimeOffset? next = null;
        foreach (var licenseId in licenseIds)
        {
            var terms = await grains.GetGrain<ILicenseGrain>(licenseId).GetTerms().ConfigureAwait(false);
            if (terms is null || terms.Product != request.Product)
            {
                return ApiProblems.NotFound($"No license '{licenseId}' of product '{request.Product}'.");
            }

            if (!terms.UsageStatistics)
            {
                if (request.LicenseId is not null)
                {
                    return ApiProblems.Result(ErrorCodes.NotEnabled, $"License '{licenseId}' does not keep usage statistics.");
                }

                continue;
            }

            var due = await grains.GetGrain<IUsageGrain>(licenseId)
                .Upload(clientId, new UsageUpload(request.Client, request.Record), terms.ForcedAuthenticationHours, cancellationToken)
                .ConfigureAwait(false);
            recorded.Add(licenseId);
            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return Results.Ok(new UsageUploadResponse(recorded, next));
    }
}
