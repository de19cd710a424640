using System.Reflection;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Membership;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary><c>GET /api/v1/admin/status</c>: the seeds' <c>-s</c> (R-MAINT-2, R-OPS-2).</summary>
internal static class StatusEndpoints
{
    /// <summary>The topology of a lone silo.</summary>
    public const string SingleTopology = "single";

    /// <summary>The topology of silos sharing a PostgreSQL store.</summary>
    public const string GridTopology = "grid";

    /// <summary>The version reported: the informational version of the silo assembly.</summary>
    public static string Version { get; } =
        typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(StatusEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static void MapStatusEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/status", GetAsync)
            .WithTags("Status")
            .WithName("GetStatus")
            .WithSummary("Cluster status")
            .WithDescription("Cluster id, topology, mode, silos with their role and activations, license and session counts, version.")
            .Produces<StatusView>()
            .ProducesProblems(401);
    }

    private static async Task<IResult> GetAsync(
        HttpContext context,
        IGrainFactory grains,
        LicenseQueries queries,
        SiloRuntime runtime,
        SiloUrls urls,
        IOptions<LicensingOptions> licensing,
        CancellationToken cancellationToken)
    {
        var settings = await grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get().ConfigureAwait(false);
        var licenses = await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false);
        var sessions = await queries.ListSessionsAsync(cancellationToken).ConfigureAwait(false);
        var view = runtime.View;
        IReadOnlyList<SiloView> silos;
        if (view.Clustered)
        {
            var counts = await runtime.ActivationCountsAsync(cancellationToken).ConfigureAwait(false);
            var leader = view.Leader;
            silos = [.. view.Table.Entries
                .OrderBy(e => e.Status == SiloStatus.Dead).ThenBy(e => e.StartedAt)
                .Select(e => new SiloView(
                    e.SiloName,
                    e.Silo.ToString(),
                    view.IsActive(e.Silo) ? "active" : e.Status.ToString().ToLowerInvariant(),
                    e.Role,
                    e.Silo == leader,
                    counts.GetValueOrDefault(e.Silo)))];
        }
        else
        {
            silos = [new SiloView(Environment.MachineName, urls.Gateways(context.Request)[0], "active", Role: null, IsLeader: true, runtime.ActivationCount)];
        }

        return Results.Ok(new StatusView(
            licensing.Value.ClusterId,
            view.Clustered ? GridTopology : SingleTopology,
            settings.Maintenance ? SettingsEndpoints.MaintenanceMode : SettingsEndpoints.NormalMode,
            silos,
            licenses.Count,
            sessions.Count,
            Version));
    }
}
