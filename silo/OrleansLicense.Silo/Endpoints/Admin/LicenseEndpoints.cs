using System.Security.Claims;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>Admin API of licenses: import, list, show, deactivate (R-LIC-4).</summary>
internal static class LicenseEndpoints
{
    public static void MapLicenseEndpoints(this RouteGroupBuilder admin)
    {
        var licenses = admin.MapGroup("/licenses").WithTags("Licenses");

        licenses.MapPost("", ImportAsync)
            .WithName("ImportLicense")
            .WithSummary("Import a signed license")
            .WithDescription("The body is the signed license file exactly as issued by 'olic vendor issue'. "
                + "It is verified against the trusted vendor keys (the data folder's keys/) before anything in it is used.")
            .Accepts<string>("application/json")
            .Produces<LicenseView>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 409, 413, 422);

        licenses.MapGet("", ListAsync)
            .WithName("ListLicenses")
            .WithSummary("List licenses")
            .WithDescription("Every imported license with its seats used, borrowed, free and today's peak, in import order.")
            .Produces<List<LicenseView>>()
            .ProducesProblems(401);

        licenses.MapGet("/{id}", ShowAsync)
            .WithName("GetLicense")
            .WithSummary("Show a license")
            .WithDescription("One license with its seats per feature.")
            .Produces<LicenseView>()
            .ProducesProblems(401, 404);

        licenses.MapDelete("/{id}", DeactivateAsync)
            .WithName("DeactivateLicense")
            .WithSummary("Deactivate a license")
            .WithDescription("No new seats are granted from the license; seats held stay until returned.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401, 404);
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The raw text, not a bound DTO: re-serialising the document could change the signed bytes.
        var (text, malformed) = await RawJsonBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return malformed!;
        }

        if (!LicenseIdReader.TryRead(text, out var id, out var problem))
        {
            return ApiProblems.Result(ErrorCodes.LicenseSignatureInvalid, problem);
        }

        var view = await grains.GetGrain<ILicenseGrain>(id).Import(text, cancellationToken).ConfigureAwait(false);
        SiloLog.LogInformationLicenseImported(loggers.CreateLogger(AdminEndpoints.LogCategory), view.Id, view.Product, AdminCaller.Of(user));
        return Results.Created($"/api/v1/admin/licenses/{Uri.EscapeDataString(view.Id)}", view);
    }

    private static async Task<IResult> ListAsync(LicenseQueries queries, CancellationToken cancellationToken)
        => Results.Ok(await FailoverRetry.RetryAsync(() => queries.ListLicensesAsync(cancellationToken), cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> ShowAsync(string id, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var view = await FailoverRetry.RetryAsync(() => grains.GetGrain<ILicenseGrain>(id).Get(cancellationToken), cancellationToken).ConfigureAwait(false);
        return view is null ? UnknownLicense(id) : Results.Ok(view);
    }

    private static async Task<IResult> DeactivateAsync(string id, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var license = grains.GetGrain<ILicenseGrain>(id);
        if (await license.Get(cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownLicense(id);
        }

        await license.Deactivate(cancellationToken).ConfigureAwait(false);
        SiloLog.LogInformationLicenseDeactivated(loggers.CreateLogger(AdminEndpoints.LogCategory), id, AdminCaller.Of(user));
        return Results.NoContent();
    }

    private static IResult UnknownLicense(string id) => ApiProblems.NotFound($"There is no license '{id}'.");
}
