using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Dashboard.Logs;
using OrleansLicense.Silo.Dashboard.Views;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Endpoints.Admin;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Dashboard;

/// <summary>
/// The admin endpoints only the console needs, under <c>/api/v1/admin/dashboard</c>, behind the admin token like the
/// rest of the admin API: the silo table with every silo's CPU and memory, Orleans' statistics per silo and grain
/// type, the live log stream, and the cookie that opens the Orleans Dashboard to a signed-in console. Everything else
/// the console shows comes from the ordinary admin API.
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
            .WithDescription("Every silo of Orleans' membership table with its status, role, leadership and activations; "
                + "each active silo's CPU and memory, as that silo measured it (Orleans' runtime statistics).")
            .Produces<DashboardOverview>()
            .ProducesProblems(401);

        dashboard.MapGet("/stats", GetStatsAsync)
            .WithName("GetDashboardStats")
            .WithSummary("Orleans' statistics of the cluster")
            .WithDescription("Each active silo's runtime statistics and the activations per grain type (Orleans' IManagementGrain), "
                + "with the readings of the last 100 seconds during which the console asked. Calls, errors and latency per grain "
                + "method are on the Orleans Dashboard at /dashboard/orleans.")
            .Produces<DashboardStats>()
            .ProducesProblems(401);

        dashboard.MapGet("/logs", DashboardLogStream.StreamAsync)
            .WithName("StreamDashboardLogs")
            .WithSummary("Live log of this silo (server-sent events)")
            .WithDescription("The last 500 log entries of this silo, then each new one, as text/event-stream: "
                + "'event: log', the id '{instance}-{sequence}', the entry as JSON. ?after=ID (or Last-Event-ID) resumes after that entry.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblems(401);

        dashboard.MapPost("/session", OpenOrleansDashboard)
            .WithName("OpenOrleansDashboard")
            .WithSummary("Open the Orleans Dashboard to this browser")
            .WithDescription("Sets a short-lived cookie (HttpOnly, SameSite=Strict, path /dashboard/orleans) that lets this browser's "
                + "page loads of the Orleans Dashboard in without the Authorization header; the console calls it when it signs in.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(401);

        dashboard.MapDelete("/session", CloseOrleansDashboard)
            .AllowAnonymous()
            .WithName("CloseOrleansDashboard")
            .WithSummary("Close the Orleans Dashboard to this browser")
            .WithDescription("Removes the cookie of POST /api/v1/admin/dashboard/session (the console's sign-out).")
            .Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> GetOverviewAsync(
        ClusterMembers cluster,
        ILocalSiloDetails local,
        IOptions<SiloOptions> silo,
        IOptions<LicensingOptions> licensing,
        CancellationToken cancellationToken)
    {
        var members = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        var statistics = await cluster.StatisticsAsync(members.Where(m => m.IsActive).Select(m => m.Silo), cancellationToken).ConfigureAwait(false);
        var silos = members
            .Select(m =>
            {
                var measured = statistics.GetValueOrDefault(m.Silo);
                return new DashboardSilo(
                    m.Name,
                    m.Address,
                    m.GatewayUrl,
                    m.Status,
                    m.Role,
                    m.IsLeader,
                    m.IsSelf,
                    measured?.ActivationCount,
                    m.StartedAt,
                    m.LastAliveAt,
                    measured is null ? null : ProcessUsage.From(measured, m.StartedAt));
            })
            .ToList();

        return TypedResults.Ok(new DashboardOverview(
            licensing.Value.ClusterId,
            silo.Value.IsGrid ? StatusEndpoints.GridTopology : StatusEndpoints.SingleTopology,
            $"{local.SiloAddress.Endpoint}@{local.SiloAddress.Generation}",
            silos));
    }

    private static async Task<IResult> GetStatsAsync(ClusterMembers cluster, ClusterStatisticsHistory history, CancellationToken cancellationToken)
    {
        var members = (await cluster.ListAsync(cancellationToken).ConfigureAwait(false)).Where(m => m.IsActive).ToList();
        var statistics = await cluster.StatisticsAsync(members.Select(m => m.Silo), cancellationToken).ConfigureAwait(false);
        var grains = await cluster.GrainStatisticsAsync(members.Select(m => m.Silo), cancellationToken).ConfigureAwait(false);
        var at = DateTimeOffset.UtcNow;

        var silos = members
            .Where(m => statistics.ContainsKey(m.Silo))
            .Select(m =>
            {
                var s = statistics[m.Silo];
                var environment = s.EnvironmentStatistics;
                return new SiloStats(
                    m.Name,
                    m.Address,
                    m.IsSelf,
                    s.ActivationCount,
                    s.RecentlyUsedActivationCount,
                    Math.Round(Math.Clamp(environment.FilteredCpuUsagePercentage, 0, 100), 1),
                    environment.FilteredMemoryUsageBytes,
                    s.ClientCount,
                    s.ReceivedMessages,
                    s.SentMessages);
            })
            .ToList();

        var addresses = members.ToDictionary(m => m.Silo, m => m.Address);
        var types = grains
            .GroupBy(g => g.GrainType, StringComparer.Ordinal)
            .Select(g => new GrainTypeStats(
                GrainTypeNames.Short(g.Key),
                GrainTypeNames.Full(g.Key),
                GrainTypeNames.IsSystem(g.Key),
                g.Sum(x => x.ActivationCount),
                [.. g.Where(x => x.SiloAddress is not null)
                    .Select(x => new GrainSiloActivations(addresses.GetValueOrDefault(x.SiloAddress) ?? x.SiloAddress.ToString(), x.ActivationCount))]))
            .OrderBy(t => t.IsSystem)
            .ThenByDescending(t => t.Activations)
            .ThenBy(t => t.GrainType, StringComparer.Ordinal)
            .ToList();

        var sample = new ClusterSample(
            at,
            silos.Sum(s => s.Activations),
            [.. silos.Select(s => new SiloSample(s.Address, s.Name, s.Activations, s.CpuPercent, s.MemoryUsageBytes))]);
        return TypedResults.Ok(new DashboardStats(at, silos, types, history.Add(sample)));
    }

    private static IResult OpenOrleansDashboard(HttpContext context, OrleansDashboardCookie cookie)
    {
        cookie.Append(context);
        return Results.NoContent();
    }

    private static IResult CloseOrleansDashboard(HttpContext context)
    {
        OrleansDashboardCookie.Delete(context);
        return Results.NoContent();
    }
}
