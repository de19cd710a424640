using System.Security.Claims;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>Admin API of settings (client timeout, borrow rules) and maintenance mode (R-SESS-3, R-MAINT).</summary>
internal static class SettingsEndpoints
{
    /// <summary>The mode that refuses logins.</summary>
    public const string MaintenanceMode = "maintenance";

    /// <summary>The usual mode.</summary>
    public const string NormalMode = "normal";

    public static void MapSettingsEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/settings", GetAsync)
            .WithTags("Settings")
            .WithName("GetSettings")
            .WithSummary("Show the settings")
            .WithDescription("The client timeout, maintenance mode and per-product borrow rules.")
            .Produces<SettingsView>()
            .ProducesProblems(401);

        admin.MapPut("/settings", UpdateAsync)
            .WithTags("Settings")
            .WithName("UpdateSettings")
            .WithSummary("Replace the settings")
            .WithDescription("clientTimeoutSeconds must be 60 to 172800; at most 200 borrow rules, each keyed by a product name (1 to 128 characters, no control characters) and of 1 to 4320 hours.")
            .Produces<SettingsView>()
            .ProducesProblems(400, 401, 413);

        admin.MapPut("/maintenance", SetModeAsync)
            .WithTags("Settings")
            .WithName("SetMode")
            .WithSummary("Switch maintenance mode")
            .WithDescription("Body {\"mode\": \"maintenance\" | \"normal\"}. In maintenance every login fails with 503 maintenance (in a grid either switch is answered once every silo follows it: about a second); "
                + "sessions already open keep working. The mode survives restarts.")
            .Produces<SettingsView>()
            .ProducesProblems(400, 401);
    }

    private static async Task<IResult> GetAsync(IGrainFactory grains)
        => Results.Ok(await Settings(grains).Get().ConfigureAwait(false));

    private static async Task<IResult> UpdateAsync(SettingsView settings, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var problem = SettingsValidator.Validate(settings);
        if (problem is not null)
        {
            return ApiProblems.BadRequest(problem);
        }

        // A body without borrowRules means "no rules", not null inside the grain.
        var normalized = settings with { BorrowRules = settings.BorrowRules ?? new Dictionary<string, BorrowRuleView>() };
        var updated = await Settings(grains).Update(normalized, cancellationToken).ConfigureAwait(false);
        SiloLog.LogInformationSettingsChanged(loggers.CreateLogger(AdminEndpoints.LogCategory), AdminCaller.Of(user), updated.ClientTimeoutSeconds, updated.BorrowRules.Count);
        return Results.Ok(updated);
    }

    private static async Task<IResult> SetModeAsync(MaintenanceRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        bool maintenance;
        if (string.Equals(request.Mode, MaintenanceMode, StringComparison.OrdinalIgnoreCase))
        {
            maintenance = true;
        }
        else if (string.Equals(request.Mode, NormalMode, StringComparison.OrdinalIgnoreCase))
        {
            maintenance = false;
        }
        else
        {
            return ApiProblems.BadRequest($"mode must be '{MaintenanceMode}' or '{NormalMode}' (was '{request.Mode}').");
        }

        var settings = await Settings(grains).SetMaintenance(maintenance, cancellationToken).ConfigureAwait(false);
        SiloLog.LogInformationMaintenance(loggers.CreateLogger(AdminEndpoints.LogCategory), maintenance ? MaintenanceMode : NormalMode, AdminCaller.Of(user));
        return Results.Ok(settings);
    }

    private static ISettingsGrain Settings(IGrainFactory grains) => grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key);
}
