using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Borrows;
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
                + "the license's period; this upload lets it go on. Answers when the next upload is due. A record that could not have happened is "
                + "400 bad_request naming the field: a period ending in the future (beyond 5 minutes of clock skew), from after to, longer than 366 days, "
                + "a feature the license lacks or named twice, negative numbers, more seconds than the feature's seats can be held in the period, "
                + "more check-outs than one per seat and second of it.")
            .Produces<UsageUploadResponse>()
            .ProducesProblems(400, 404, 413, 422);
    }

    private static async Task<IResult> UploadAsync(UsageUploadRequest request, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problem = BorrowRequestValidator.Validate(request) ?? UsageRecordValidator.Validate(request.Record, clock.GetUtcNow());
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

        // Every license is read and the record checked against them before any stores it: all or none.
        var keeping = new List<(LicenseTerms Terms, LicenseView View)>();
        foreach (var licenseId in licenseIds)
        {
            var license = grains.GetGrain<ILicenseGrain>(licenseId);
            var terms = await license.GetTerms().ConfigureAwait(false);
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

            if (await license.Get(cancellationToken).ConfigureAwait(false) is { } view)
            {
                keeping.Add((terms, view));
            }
        }

        if (keeping.Count > 0 && UsageRecordValidator.Validate(request.Record, [.. keeping.Select(k => k.View)]) is { } impossible)
        {
            return ApiProblems.BadRequest(impossible);
        }

        var clientId = UsageClientId.Of(request.Client);
        var recorded = new List<string>();
        DateTimeOffset? next = null;
        foreach (var (terms, _) in keeping)
        {
            var due = await grains.GetGrain<IUsageGrain>(terms.Id)
                .Upload(clientId, new UsageUpload(request.Client, request.Record), terms.ForcedAuthenticationHours, cancellationToken)
                .ConfigureAwait(false);
            recorded.Add(terms.Id);
            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return Results.Ok(new UsageUploadResponse(recorded, next));
    }
}
