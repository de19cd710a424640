using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Licensing.Usage;
using OrleansLicense.Silo.Borrowing;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>The admin API of usage statistics: show them, and export them signed and encrypted for the vendor (R-USE-2).</summary>
internal static class UsageAdminEndpoints
{
    public static void MapUsageAdminEndpoints(this RouteGroupBuilder admin)
    {
        var usage = admin.MapGroup("/usage").WithTags("Usage");

        usage.MapGet("/{licenseId}", ShowAsync)
            .WithName("GetUsage")
            .WithSummary("Show a license's usage statistics")
            .WithDescription("Every client seen, its uploads, when forced authentication wants the next, and its use per feature.")
            .Produces<UsageView>()
            .ProducesProblems(401, 404);

        usage.MapGet("/{licenseId}/export", ExportAsync)
            .WithName("ExportUsage")
            .WithSummary("Export usage for the vendor")
            .WithDescription("The usage report encrypted to the public key of the vendor that signed the license (ECDH P-256 + HKDF-SHA256 + "
                + "AES-256-GCM) and signed by the server's key; 'olic vendor verify-usage' checks and decrypts it. 422 not_enabled when the "
                + "license keeps no usage statistics.")
            .Produces<string>(StatusCodes.Status200OK, "application/json")
            .ProducesProblems(401, 404, 409, 422);
    }

    private static async Task<IResult> ShowAsync(string licenseId, IGrainFactory grains)
    {
        var terms = await grains.GetGrain<ILicenseGrain>(licenseId).GetTerms().ConfigureAwait(false);
        if (terms is null)
        {
            return ApiProblems.NotFound($"There is no license '{licenseId}'.");
        }

        var clients = await grains.GetGrain<IUsageGrain>(licenseId).List().ConfigureAwait(false);
        var period = terms.UsageStatistics ? terms.ForcedAuthenticationHours : null;
        return Results.Ok(new UsageView(licenseId, terms.Product, terms.UsageStatistics, period, [.. clients.Select(c => BorrowViews.Client(c, period))]));
    }

    private static async Task<IResult> ExportAsync(
        string licenseId,
        HttpContext http,
        IGrainFactory grains,
        TrustedKeyProvider trustedKeys,
        ServerSigningKey key,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        var terms = await grains.GetGrain<ILicenseGrain>(licenseId).GetTerms().ConfigureAwait(false);
        if (terms is null)
        {
            return ApiProblems.NotFound($"There is no license '{licenseId}'.");
        }

        if (!terms.UsageStatistics)
        {
            return ApiProblems.Result(ErrorCodes.NotEnabled, $"License '{licenseId}' does not keep usage statistics.");
        }

        if (!(await trustedKeys.LoadAsync(grains).ConfigureAwait(false)).TryGet(terms.VendorKeyId, out var vendor))
        {
            return ApiProblems.Result(ErrorCodes.Conflict, $"The vendor key '{terms.VendorKeyId}' that signed license '{licenseId}' is no longer trusted here, so the export cannot be encrypted to it.");
        }

        var clients = await grains.GetGrain<IUsageGrain>(licenseId).List().ConfigureAwait(false);
        var report = new UsageReport(licenseId, terms.Product, clock.GetUtcNow(), [.. clients.Select(BorrowViews.ReportClient)]);
        var text = UsageExportFile.Write(report, vendor.Key, key.Key);
        BorrowingLog.LogInformationUsageExported(loggers.CreateLogger(BorrowingLog.Category), licenseId, vendor.KeyId, clients.Count, AdminCaller.Of(http.User));
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"usage-{Uri.EscapeDataString(licenseId)}.log\"";
        return Results.Text(text, "application/json");
    }
}
