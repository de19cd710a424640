using System.Reflection;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Settings;
using OrleansLicense.Silo.Cluster;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary><c>GET /api/v1/admin/status</c>: the seeds' <c>-s</c> (R-MAINT-2, R-OPS-2).</summary>
internal static class StatusEndpoints
{
    /// <summary>The topology of a lone silo.</summary>
    public const string SingleTopology = "single";

    /// <summary>The topology of silos sharing a PostgreSQL store.</summary>
    public const string GridTopology = "grid";

    /// <summary>The topology of a grid that is a triad (R-TRI-1); each silo's role is its triad role.</summary>
    public const string TriadTopology = "triad";

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
            .WithDescription("Cluster id, topology, mode, the silos of Orleans' membership table with their status, role, leadership (the oldest active silo) and activations, license and session counts, version. "
                + "Rows of dead (or stopped) silos are counted in deadSilos and listed only with ?dead=true; they expire from the table after Cluster:DefunctSiloExpiration.")
            .Produces<StatusView>()
            .ProducesProblems(401);
    }

    private static async Task<IResult> GetAsync(
        IGrainFactory grains,
        LicenseQueries queries,
        ClusterMembers cluster,
        IOptions<SiloOptions> silo,
        IOptions<LicensingOptions> licensing,
        OrleansLicense.Grains.Triad.TriadSiloView triad,
        CancellationToken cancellationToken,
        bool? dead = null)
    {
        // Asked in the middle of a failover too: reads of grains that lived on a silo that just died are retried. A status
        // page reports a degraded grid rather than failing: counts that cannot be read now (a triad silo without a quorum,
        // a grain that does not answer in time) are left out and the reason is listed in Degraded.
        var degraded = new List<string>();
        var settings = await FailoverRetry.RetryAsync(() => grains.GetGrain<ISettingsGrain>(ISettingsGrain.Key).Get(), cancellationToken).ConfigureAwait(false);
        var licenses = await CountAsync("licenses", async () => (await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false)).Count, degraded, cancellationToken).ConfigureAwait(false)
            ?? await CountAsync("license index", async () => (await grains.GetGrain<ILicenseIndexGrain>(ILicenseIndexGrain.Key).List().ConfigureAwait(false)).Count, degraded, cancellationToken).ConfigureAwait(false);
        var sessions = await CountAsync("sessions", async () => (await queries.ListSessionsAsync(cancellationToken).ConfigureAwait(false)).Count, degraded, cancellationToken).ConfigureAwait(false);
        var members = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        var statistics = await cluster.StatisticsAsync(members.Where(m => m.IsActive).Select(m => m.Silo), cancellationToken).ConfigureAwait(false);
        var deadSilos = members.Count(IsDead);
        IReadOnlyList<SiloView> silos = [.. members.Where(m => dead == true || !IsDead(m)).Select(m => new SiloView(
            m.Name,
            m.Address,
            m.Status,
            triad.Current.Config?.MemberAt(OrleansLicense.Grains.Triad.TriadMember.AddressOf(m.Silo))?.Role.ToString().ToLowerInvariant() ?? m.Role,
            m.IsLeader,
            statistics.GetValueOrDefault(m.Silo)?.ActivationCount ?? 0))];

        return Results.Ok(new StatusView(
            licensing.Value.ClusterId,
            triad.Current.HasTriad ? TriadTopology : silo.Value.IsGrid ? GridTopology : SingleTopology,
            settings.Maintenance ? SettingsEndpoints.MaintenanceMode : SettingsEndpoints.NormalMode,
            silos,
            licenses ?? 0,
            sessions,
            Version,
            deadSilos,
            degraded.Count == 0 ? null : degraded));
    }

    /// <summary>How long one count may take before the status answers without it.</summary>
    private static readonly TimeSpan CountTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A count for the status, or null with the reason added to <paramref name="degraded"/> when it cannot be read now
    /// (refused without a quorum, not answered in time): the status itself must still answer.
    /// </summary>
    private static async Task<int?> CountAsync(string what, Func<Task<int>> count, List<string> degraded, CancellationToken cancellationToken)
    {
        try
        {
            return await FailoverRetry.RetryAsync(count, cancellationToken).WaitAsync(CountTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            degraded.Add($"{what}: not counted: {Reason(ex)}");
            return null;
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        Grains.Errors.LicensingException licensing => $"{licensing.Code}: {licensing.Message}",
        TimeoutException => "no answer in time (try again)",
        _ => ex.Message,
    };

    /// <summary>A silo Orleans declared dead, or one that stopped (Orleans marks a stopped silo dead too).</summary>
    public static bool IsDead(Cluster.ClusterMember member) => member.Status == "dead";
}
