using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Usage;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>
/// A client's usage upload (R-USE-1), shared by the HTTP endpoint and the Orleans client API: refusals are
/// <see cref="LicensingException"/>s, which each edge answers in its own way.
/// </summary>
internal static class UsageUploads
{
    /// <summary>Records the upload at every license of the product that keeps usage statistics (or at the named one).</summary>
    /// <exception cref="LicensingException">bad_request, not_found, not_enabled.</exception>
    public static async Task<UsageUploadResponse> UploadAsync(UsageUploadRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var problem = BorrowRequestValidator.Validate(request);
        if (problem is not null)
        {
            throw LicensingException.BadRequest(problem);
        }

        IReadOnlyList<string> licenseIds = request.LicenseId is { } id
            ? [id]
            : await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).FindByProduct(request.Product).ConfigureAwait(false);
        if (licenseIds.Count == 0)
        {
            throw LicensingException.NotFound($"No license for product '{request.Product}'.");
        }

        var clientId = UsageClientId.Of(request.Client);
        var recorded = new List<string>();
        DateTimeOffset? next = null;
        foreach (var licenseId in licenseIds)
        {
            var terms = await grains.GetGrain<ILicenseGrain>(licenseId).GetTerms().ConfigureAwait(false);
            if (terms is null || terms.Product != request.Product)
            {
                throw LicensingException.NotFound($"No license '{licenseId}' of product '{request.Product}'.");
            }

            if (!terms.UsageStatistics)
            {
                if (request.LicenseId is not null)
                {
                    throw new LicensingException(ErrorCodes.NotEnabled, $"License '{licenseId}' does not keep usage statistics.");
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

        return new UsageUploadResponse(recorded, next);
    }
}
