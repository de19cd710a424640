using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Runtime.Filters;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Runtime.Reminders;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Dashboard.Views;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Hosting;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>
/// The admin endpoints only the dashboard needs, under <c>/api/v1/admin/dashboard</c>, behind the
/// admin token like the rest of the admin API: the silo table with every silo's CPU and memory,
/// call statistics per grain type, and the live log stream. Everything else the dashboard shows
/// comes from the ordinary admin API.
/// </summary>
internal static class DashboardApiEndpoints
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/api/v1/admin/dashboard";

    public static void MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        var dashboard = routes.MapGroup(Prefix).RequireAuthorization(AdminAuthentication.Policy).WithTags("Dashboard");

        dashboard.MapGet("/overview", GetOverviewAsync)
            .WithName("GetDashboardOverview")
            .WithSummary("Silos with CPU and memory")
            .WithDescription("Every silo of the membership table with its status, role, leadership and activations; "
                + "each silo's process CPU (share of all cores since its previous reading) and memory, as that silo measured it.")
            .Produces<DashboardOverview>()
            .ProducesProblems(401);

        dashboard.MapGet("/stats", GetStats)
            .WithName("GetDashboardStats")
            .WithSummary("Grain calls of this silo")
            .WithDescription("Calls, errors and latency of this silo over the last 100 seconds, one sample per second, "
                + "silo-wide and per grain type and method, with the activations per grain type.")
            .Produces<DashboardStats>()
            .ProducesProblems(401);

        dashboard.MapGet("/logs", DashboardLogStream.StreamAsync)
            .WithName("StreamDashboardLogs")
            .WithSummary("Live log of this silo (server-sent events)")
            .WithDescription("The last 500 log entries of this silo, then each new one, as text/event-stream: "
                + "'event: log', the id '{instance}-{sequence}', the entry as JSON. ?after=ID (or Last-Event-ID) resumes after that entry.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblems(401);
    }

    private static async Task<IResult> GetOverviewAsync(
        HttpContext context,
        SiloRuntime runtime,
        ReminderService reminders,
        SiloUrls urls,
        IOptions<LicensingOptions> licensing,
        CancellationToken cancellationToken)
    {
        var view = runtime.View;
        var statistics = await runtime.StatisticsAsync(cancellationToken).ConfigureAwait(false);
        var leader = view.Leader;
        var gateway = urls.Gateways(context.Request)[0];
        var silos = view.Table.Entries
            .OrderBy(e => e.Status == SiloStatus.Dead).ThenBy(e => e.StartedAt)
            .Select(e =>
            {
                var self = e.Silo == view.Self;

                // A single silo has no silo port: like the status endpoint, it is known by its gateway URL.
                return new DashboardSilo(
                    e.SiloName,
                    view.Clustered ? e.Silo.ToString() : gateway,
                    view.Clustered ? NullIfEmpty(e.GatewayUrl) : gateway,
                    view.IsActive(e.Silo) ? "active" : e.Status.ToString().ToLowerInvariant(),
                    NullIfEmpty(e.Role),
                    e.Silo == leader,
                    self,
                    self ? runtime.ActivationCount : statistics.GetValueOrDefault(e.Silo)?.Activations,
                    e.StartedAt,
                    e.IAmAliveAt,
                    statistics.GetValueOrDefault(e.Silo)?.Process is { } p ? ProcessUsage.From(p) : null);
            })
            .ToList();

        return TypedResults.Ok(new DashboardOverview(
            licensing.Value.ClusterId,
            view.Clustered ? StatusEndpoints.GridTopology : StatusEndpoints.SingleTopology,
            view.Clustered ? view.Self.ToString() : gateway,
            reminders.ScheduledCount,
            silos));
    }

    private static IResult GetStats(CallStatistics statistics, SiloRuntime runtime)
        => TypedResults.Ok(DashboardStatsBuilder.Build(statistics.Total(), statistics.Series(), runtime.ActivationsByType()));

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
