using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The admin API of daily peaks: show them, and export them in the seed's signed format (R-USE-3).</summary>
internal static class PeakAdminEndpoints
{
    public static void MapPeakAdminEndpoints(this RouteGroupBuilder admin)
    {
        var peaks = admin.MapGroup("/peaks").WithTags("Usage");

        peaks.MapGet("/{licenseId}", ShowAsync)
            .WithName("GetPeaks")
            .WithSummary("Show a license's daily peaks")
            .WithDescription("Per UTC day from 'from' (default: the first day with use) to 'to' (default: today), both yyyy-MM-dd: the most "
                + "holders of the license at once (sn) and the most seats per feature in use at once, borrowed seats included.")
            .Produces<PeaksView>()
            .ProducesProblems(400, 401, 404);

        peaks.MapGet("/{licenseId}/export", ExportAsync)
            .WithName("ExportPeaks")
            .WithSummary("Export daily peaks for the vendor")
            .WithDescription("The seed's userPeakLog text: '#type:userPeakLog sn:<sn> time:<export time> sign:<signature>' and the list of days; "
                + "signed by the server's key over the whole text with the sign value empty. 'olic vendor verify-peaks' checks it. "
                + "422 not_enabled when the license is not flagged for peak upload.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(400, 401, 404, 422);
    }

    private static async Task<IResult> ShowAsync(string licenseId, string? from, string? to, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!BorrowRequestValidator.TryDate(from, "from", out var start, out var problem) || !BorrowRequestValidator.TryDate(to, "to", out var end, out problem))
        {
            return ApiProblems.BadRequest(problem!);
        }

        var days = await grains.GetGrain<IPeakGrain>(licenseId).GetDays(start, end, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new PeaksView(licenseId, [.. days.Select(BorrowViews.Day)]));
    }

    private static async Task<IResult> ExportAsync(
        string licenseId,
        string? from,
        string? to,
        HttpContext http,
        IGrainFactory grains,
        ServerSigningKey key,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!BorrowRequestValidator.TryDate(from, "from", out var start, out var problem) || !BorrowRequestValidator.TryDate(to, "to", out var end, out problem))
        {
            return ApiProblems.BadRequest(problem!);
        }

        var terms = await grains.GetGrain<ILicenseGrain>(licenseId).GetTerms().ConfigureAwait(false);
        if (terms is null)
        {
            return ApiProblems.NotFound($"There is no license '{licenseId}'.");
        }

        if (!terms.PeakUpload)
        {
            return ApiProblems.Result(ErrorCodes.NotEnabled, $"License '{licenseId}' is not flagged for peak upload.");
        }

        var days = await grains.GetGrain<IPeakGrain>(licenseId).GetDays(start, end, cancellationToken).ConfigureAwait(false);
        var text = PeakLog.Write(licenseId, clock.GetUtcNow(), [.. days.Select(BorrowViews.LogDay)], key.Key);
        BorrowingLog.LogInformationPeaksExported(loggers.CreateLogger(BorrowingLog.Category), licenseId, days.Count, AdminCaller.Of(http.User));
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"peaks-{Uri.EscapeDataString(licenseId)}.log\"";
        return Results.Text(text, "text/plain; charset=utf-8");
    }
}
