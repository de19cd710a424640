using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Licenses;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Triad;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Cluster;
using ClusterMember = OrleansLicense.Silo.Cluster.ClusterMember;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Triad;

/// <summary>
/// <c>/api/v1/admin/triad</c> (R-TRI-3, R-REL-1, R-LIC-3): create, view, change roles, replace a dead node and dissolve,
/// each refusal with its own code.
/// </summary>
internal static partial class TriadEndpoints
{
    /// <summary>How long a change waits for this silo to read the stored triad again.</summary>
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a view waits for a grain before it answers from this silo's own knowledge.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The dissolve options for the licenses.</summary>
    private static readonly string[] LicenseModes = ["keep", "move", "deactivate"];

    public static void MapTriadEndpoints(this IEndpointRouteBuilder routes)
    {
        var triad = routes.MapGroup("/api/v1/admin/triad").WithTags("Triad").RequireAuthorization(AdminAuthentication.Policy);

        triad.MapGet("", GetAsync)
            .WithName("GetTriad")
            .WithSummary("View the triad")
            .WithDescription("Each server's name, addresses, ports, role and status as this silo sees them, which one is active, whether this silo has a quorum, and the number of licenses. 409 not_in_relationship when the grid is not a triad.")
            .Produces<TriadView>()
            .ProducesProblems(401, 409);

        triad.MapPost("", CreateAsync)
            .WithName("CreateTriad")
            .WithSummary("Create a triad")
            .WithDescription("A name, an id (default: the name), the three Active silos of this grid and the licenses issued for the triad (--bind triad:ID), at least one enterprise license. "
                + "Refusals: grid_required, already_in_relationship, triad_silo_unknown, triad_roles_invalid, enterprise_required, license_binding_mismatch (also when the grid serves licenses not given here: deactivate them first).")
            .Accepts<CreateTriadRequest>("application/json")
            .Produces<CreatedTriad>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 409, 422);

        triad.MapPut("/roles", ChangeRolesAsync)
            .WithName("ChangeTriadRoles")
            .WithSummary("Change the roles")
            .WithDescription("Which member is primary, secondary and tertiary (names or addresses of the current members).")
            .Accepts<TriadRolesRequest>("application/json")
            .Produces<TriadView>()
            .ProducesProblems(400, 401, 409, 422);

        triad.MapPost("/replace", ReplaceAsync)
            .WithName("ReplaceTriadNode")
            .WithSummary("Replace a dead node")
            .WithDescription("An Active silo of this grid, in no triad, takes the role of a member that is down; the triad id, and with it the licenses bound to it, stays (no re-import, no re-issue). 409 triad_node_alive when the member still runs.")
            .Accepts<ReplaceTriadNodeRequest>("application/json")
            .Produces<TriadView>()
            .ProducesProblems(400, 401, 409, 422);

        triad.MapDelete("", DissolveAsync)
            .WithName("DissolveTriad")
            .WithSummary("Dissolve the triad")
            .WithDescription("Works with one or two nodes down. ?licenses=keep (default: the licenses stay served by the remaining grid), move or deactivate. "
                + "move: the body gives another server's URL and admin token ({\"to\": \"https://host:port\", \"toToken\": \"...\"}); each license's signed document is imported there (POST /api/v1/admin/licenses) and only then deactivated here. "
                + "502 triad_move_target_unreachable when the target cannot be reached, refuses the token or is this grid (nothing changed); 502 triad_move_incomplete names each license the target refused (they stay active here).")
            .Accepts<DissolveTriadRequest>("application/json")
            .Produces<DissolveTriadResult>()
            .ProducesProblems(400, 401, 409, 502);
    }

    private static ITriadGrain Triad(IGrainFactory grains) => grains.GetGrain<ITriadGrain>(ITriadGrain.Key);

    private static async Task<IResult> GetAsync(IGrainFactory grains, ClusterMembers cluster, TriadSiloView view, LicenseQueries queries, ILocalSiloDetails local, CancellationToken cancellationToken)
    {
        // Asked on a silo cut off from the others too: the triad grain may have lived on a dead silo, so the silo's own copy answers then.
        TriadConfig? config;
        try
        {
            config = await Triad(grains).Get().WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && view.Current.Config is not null)
        {
            config = view.Current.Config;
        }

        return config is null
            ? NotATriad()
            : Results.Json(await ViewAsync(config, grains, cluster, view, queries, local, cancellationToken).ConfigureAwait(false), TriadJsonContext.Default.TriadView);
    }

    private static async Task<IResult> CreateAsync(
        CreateTriadRequest request,
        IGrainFactory grains,
        ClusterMembers cluster,
        TriadSiloView view,
        TriadMonitor monitor,
        LicenseQueries queries,
        TrustedKeyProvider keys,
        ILocalSiloDetails local,
        IOptions<SiloOptions> silo,
        IOptions<LicensingOptions> licensing,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!silo.Value.IsGrid)
        {
            return ApiProblems.Result(TriadErrorCodes.GridRequired, "A triad is a grid of three silos on one PostgreSQL database; this silo runs alone on SQLite.", StatusCodes.Status409Conflict);
        }

        var name = request.Name?.Trim();
        var id = (request.Id ?? name)?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return ApiProblems.BadRequest("name: give the triad a name (at most 100 characters).");
        }

        if (id is null || !TriadId().IsMatch(id))
        {
            return ApiProblems.BadRequest("id: 1 to 64 letters, digits, '.', '_' or '-' (licenses are bound to it: --bind triad:ID).");
        }

        if (string.IsNullOrWhiteSpace(request.Primary) || string.IsNullOrWhiteSpace(request.Secondary) || string.IsNullOrWhiteSpace(request.Tertiary))
        {
            return ApiProblems.BadRequest("primary, secondary, tertiary: name the three silos (names, addresses or URLs as 'olic status' lists them).");
        }

        if (await Triad(grains).Get().ConfigureAwait(false) is { } existing)
        {
            return ApiProblems.Result(TriadErrorCodes.AlreadyInRelationship, $"This grid's silos are already the triad '{existing.Name}' ({existing.Id}); a server joins at most one relationship (R-REL-1).", StatusCodes.Status409Conflict);
        }

        if (await grains.GetGrain<OrleansLicense.Grains.Backup.IRelationshipGrain>(OrleansLicense.Grains.Backup.IRelationshipGrain.Key).Get().ConfigureAwait(false) is { } backup)
        {
            return ApiProblems.Result(TriadErrorCodes.AlreadyInRelationship, $"This grid is in the backup relationship '{backup.Relationship.Id}'; a server joins at most one relationship (R-REL-1).", StatusCodes.Status409Conflict);
        }

        var members = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        var chosen = new List<TriadMember>();
        foreach (var (reference, role) in new[] { (request.Primary, TriadRole.Primary), (request.Secondary, TriadRole.Secondary), (request.Tertiary, TriadRole.Tertiary) })
        {
            if (TriadServers.FindActive(members, reference.Trim()) is not { } found)
            {
                return UnknownSilo(reference, members);
            }

            chosen.Add(TriadServers.MemberOf(found, role));
        }

        if (chosen.Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 3)
        {
            return ApiProblems.Result(TriadErrorCodes.RolesInvalid, "A triad is three different silos: one primary, one secondary, one tertiary.", StatusCodes.Status400BadRequest);
        }

        // R-LIC-3: the licenses are checked against the triad they are for, before it exists.
        var identity = new ServerIdentity(licensing.Value.ServerId, licensing.Value.ClusterId, true, id);
        var trusted = await keys.LoadAsync(grains).ConfigureAwait(false);
        var documents = (request.Licenses ?? []).Select(l => l.GetRawText()).Select(text => (Text: text, Document: LicenseVerifier.Verify(text, trusted, clock.GetUtcNow(), identity))).ToList();
        if (!documents.Any(d => d.Document.Edition == LicenseEdition.Enterprise))
        {
            return ApiProblems.Result(TriadErrorCodes.EnterpriseRequired, $"Creating a triad needs at least one enterprise license issued for it ('olic vendor issue --edition enterprise --bind triad:{id}'), given in 'licenses' (olic triad create --license FILE).", StatusCodes.Status422UnprocessableEntity);
        }

        var given = documents.Select(d => d.Document.Id).ToHashSet(StringComparer.Ordinal);
        var unbound = (await queries.ListLicensesAsync(cancellationToken).ConfigureAwait(false)).Where(l => l.Status == "active" && !given.Contains(l.Id)).Select(l => l.Id).ToList();
        if (unbound.Count > 0)
        {
            return ApiProblems.Result(ErrorCodes.LicenseBindingMismatch, $"This grid serves licenses not issued for the triad: {string.Join(", ", unbound)}. A license for single servers does not work in a triad: deactivate them first and give their re-issued ('--bind triad:{id}') documents in 'licenses'.");
        }

        var config = await Triad(grains).Create(id, name, chosen).ConfigureAwait(false);
        await monitor.RefreshAsync(RefreshTimeout, cancellationToken).ConfigureAwait(false);
        var imported = new List<LicenseView>();
        foreach (var (text, document) in documents)
        {
            imported.Add(await grains.GetGrain<ILicenseGrain>(document.Id).Import(text, cancellationToken).ConfigureAwait(false));
        }

        var created = new CreatedTriad(await ViewAsync(config, grains, cluster, view, queries, local, cancellationToken).ConfigureAwait(false), imported);
        return Results.Json(created, TriadJsonContext.Default.CreatedTriad, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ChangeRolesAsync(
        TriadRolesRequest request, IGrainFactory grains, ClusterMembers cluster, TriadSiloView view, TriadMonitor monitor, LicenseQueries queries, ILocalSiloDetails local, CancellationToken cancellationToken)
    {
        if (await TriadRetry.RetryAsync(() => Triad(grains).Get(), cancellationToken).ConfigureAwait(false) is not { } config)
        {
            return NotATriad();
        }

        var roles = new Dictionary<string, TriadRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var (reference, role) in new[] { (request.Primary, TriadRole.Primary), (request.Secondary, TriadRole.Secondary), (request.Tertiary, TriadRole.Tertiary) })
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                continue;
            }

            if (config.Members.FirstOrDefault(m => m.IsNamedBy(reference.Trim())) is not { } member)
            {
                return NotAMember(reference, config);
            }

            if (!roles.TryAdd(member.Address, role))
            {
                return ApiProblems.Result(TriadErrorCodes.RolesInvalid, $"'{reference}' is given two roles; each member has one.", StatusCodes.Status400BadRequest);
            }
        }

        if (roles.Count == 0)
        {
            return ApiProblems.BadRequest("primary, secondary, tertiary: name the member of at least one role.");
        }

        var changed = await TriadRetry.RetryAsync(() => Triad(grains).ChangeRoles(roles), cancellationToken).ConfigureAwait(false);
        await monitor.RefreshAsync(RefreshTimeout, cancellationToken).ConfigureAwait(false);
        return Results.Json(await ViewAsync(changed, grains, cluster, view, queries, local, cancellationToken).ConfigureAwait(false), TriadJsonContext.Default.TriadView);
    }

    private static async Task<IResult> ReplaceAsync(
        ReplaceTriadNodeRequest request, IGrainFactory grains, ClusterMembers cluster, TriadSiloView view, TriadMonitor monitor, LicenseQueries queries, ILocalSiloDetails local, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Node) || string.IsNullOrWhiteSpace(request.With))
        {
            return ApiProblems.BadRequest("node, with: name the member to replace and the silo that takes its place.");
        }

        if (await TriadRetry.RetryAsync(() => Triad(grains).Get(), cancellationToken).ConfigureAwait(false) is not { } config)
        {
            return NotATriad();
        }

        if (config.Members.FirstOrDefault(m => m.IsNamedBy(request.Node.Trim())) is not { } old)
        {
            return NotAMember(request.Node, config);
        }

        // Alive: Active in Orleans' membership and, as far as this silo's pings tell, answering (a killed silo stays
        // Active in the table until it is voted dead; its pings stop at once).
        var members = await cluster.ListAsync(cancellationToken).ConfigureAwait(false);
        var answering = view.Current.Config is null || view.Current.Statuses.GetValueOrDefault(old.Address) is "active";
        if (answering && members.Any(m => m.IsActive && string.Equals(TriadMember.AddressOf(m.Silo), old.Address, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblems.Result(TriadErrorCodes.NodeAlive, $"The {TriadServers.NameOf(old.Role)} {old.Name} ({old.Address}) is still active; only a node that is down is replaced (change the roles instead).", StatusCodes.Status409Conflict);
        }

        if (TriadServers.FindActive(members, request.With.Trim()) is not { } replacement)
        {
            return UnknownSilo(request.With, members);
        }

        if (config.MemberAt(TriadMember.AddressOf(replacement.Silo)) is not null)
        {
            return ApiProblems.Result(TriadErrorCodes.AlreadyInRelationship, $"{replacement.Name} is already a member of the triad '{config.Name}' (R-REL-1).", StatusCodes.Status409Conflict);
        }

        var member = TriadServers.MemberOf(replacement, old.Role);
        var replaced = await TriadRetry.RetryAsync(
            async () =>
            {
                try
                {
                    return await Triad(grains).Replace(old.Address, member).ConfigureAwait(false);
                }
                catch (LicensingException ex) when (ex.Code is TriadErrorCodes.AlreadyInRelationship or TriadErrorCodes.SiloUnknown)
                {
                    // An attempt that timed out may have done the replacement already; anything else is the refusal.
                    var now = await Triad(grains).Get().ConfigureAwait(false);
                    if (now?.MemberAt(member.Address)?.Role == old.Role)
                    {
                        return now;
                    }

                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
        await monitor.RefreshAsync(RefreshTimeout, cancellationToken).ConfigureAwait(false);
        return Results.Json(await ViewAsync(replaced, grains, cluster, view, queries, local, cancellationToken).ConfigureAwait(false), TriadJsonContext.Default.TriadView);
    }

    private static async Task<IResult> DissolveAsync(
        IGrainFactory grains,
        TriadMonitor monitor,
        LicenseQueries queries,
        TriadLicenseMover mover,
        IOptions<LicensingOptions> licensing,
        CancellationToken cancellationToken,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DissolveTriadRequest? request = null,
        string? licenses = null)
    {
        var mode = (licenses ?? "keep").Trim().ToLowerInvariant();
        if (!LicenseModes.Contains(mode))
        {
            return ApiProblems.BadRequest($"licenses: keep, move or deactivate, not '{licenses}'.");
        }

        Uri? target = null;
        if (mode == "move")
        {
            if (!Uri.TryCreate(request?.To?.Trim(), UriKind.Absolute, out target) || target.Scheme is not ("http" or "https") || string.IsNullOrWhiteSpace(request?.ToToken))
            {
                return ApiProblems.BadRequest("licenses=move: give the target server's URL (to: http(s)://host:port) and its admin token (toToken) in the body.");
            }

            // Checked before anything changes: a target that cannot take the licenses leaves the triad as it is.
            if (await mover.CheckAsync(target, request.ToToken!, licensing.Value.ClusterId, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return ApiProblems.Result(TriadErrorCodes.MoveTargetUnreachable, refusal + " Nothing was changed.", StatusCodes.Status502BadGateway);
            }
        }

        if (await TriadRetry.RetryAsync(() => Triad(grains).Get(), cancellationToken).ConfigureAwait(false) is not { } config)
        {
            return NotATriad();
        }

        // An attempt that timed out may have dissolved it already: then the next one finds no triad, which is the answer.
        var dissolved = await TriadRetry.RetryAsync(
            async () =>
            {
                try
                {
                    return await Triad(grains).Dissolve().ConfigureAwait(false);
                }
                catch (LicensingException ex) when (ex.Code == TriadErrorCodes.NotInRelationship)
                {
                    return config;
                }
            },
            cancellationToken).ConfigureAwait(false);

        // This silo stops fencing now, so the licenses can be deactivated here even with the other two down.
        await monitor.RefreshAsync(RefreshTimeout, cancellationToken).ConfigureAwait(false);
        var affected = new List<string>();
        var failed = new List<MoveFailure>();
        if (mode != "keep")
        {
            var listed = await TriadRetry.RetryAsync(() => queries.ListLicensesAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var license in listed.Where(l => l.Status == "active"))
            {
                var grain = grains.GetGrain<ILicenseGrain>(license.Id);
                if (target is not null)
                {
                    // Moved: imported on the target first, and only then deactivated here; a refused one stays active here.
                    var document = await TriadRetry.RetryAsync(grain.GetSignedDocument, cancellationToken).ConfigureAwait(false);
                    var failure = document is null
                        ? new MoveFailure(license.Id, null, ErrorCodes.NotFound, "Its signed document is not stored here (a license served for an upstream grid).")
                        : await mover.ImportAsync(target, request!.ToToken!, license.Id, document, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        failed.Add(failure);
                        continue;
                    }
                }

                await TriadRetry.RetryAsync(() => grain.Deactivate(cancellationToken), cancellationToken).ConfigureAwait(false);
                affected.Add(license.Id);
            }
        }

        if (failed.Count > 0)
        {
            var problem = ApiProblems.Create(
                TriadErrorCodes.MoveIncomplete,
                $"The triad '{dissolved.Name}' is dissolved. {target} refused {string.Join("; ", failed.Select(f => $"{f.License}: {f.Code} {f.Detail}"))}. "
                    + $"{(failed.Count == 1 ? "That license stays" : "Those licenses stay")} active here" + (affected.Count > 0 ? $"; moved: {string.Join(", ", affected)}." : "."),
                StatusCodes.Status502BadGateway);
            return Results.Json(
                new MoveIncompleteProblem(problem.Type!, problem.Title!, problem.Status, problem.Detail!, problem.Code, dissolved.Id, affected, failed),
                TriadJsonContext.Default.MoveIncompleteProblem,
                ApiProblems.ContentType,
                problem.Status);
        }

        return Results.Json(new DissolveTriadResult(dissolved.Id, dissolved.Name, mode, affected, target?.ToString()), TriadJsonContext.Default.DissolveTriadResult);
    }

    private static async Task<TriadView> ViewAsync(
        TriadConfig config, IGrainFactory grains, ClusterMembers cluster, TriadSiloView view, LicenseQueries queries, ILocalSiloDetails local, CancellationToken cancellationToken)
    {
        var snapshot = view.Current;
        IReadOnlyList<ClusterMember>? members;
        try
        {
            members = await cluster.ListAsync(cancellationToken).WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            members = null;
        }

        int? licenses = null;
        if (snapshot.Decision.Quorum)
        {
            try
            {
                licenses = (await queries.ListLicensesAsync(cancellationToken).WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false)).Count(l => l.Status == "active");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Counted only where the license grains answer; the view itself must never fail for it.
                licenses = null;
            }
        }

        TriadActiveReport? active;
        try
        {
            active = await Triad(grains).GetActive().WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            active = null;
        }

        var activeMember = snapshot.Config?.Version == config.Version ? snapshot.ActiveMember : null;
        return new TriadView(
            config.Id,
            config.Name,
            activeMember?.Name,
            snapshot.Decision.Quorum,
            TriadMember.AddressOf(local.SiloAddress),
            members is null ? TriadServers.Views(snapshot) : TriadServers.Views(config, members, activeMember, licenses),
            licenses,
            active?.Since,
            active?.Failovers ?? 0,
            config.CreatedAt);
    }

    private static IResult NotATriad()
        => ApiProblems.Result(TriadErrorCodes.NotInRelationship, "This grid is not a triad ('olic triad create' makes one).", StatusCodes.Status409Conflict);

    private static IResult NotAMember(string reference, TriadConfig config)
        => ApiProblems.Result(TriadErrorCodes.SiloUnknown, $"'{reference}' is not a member of the triad '{config.Name}': {string.Join(", ", config.Members.Select(m => $"{m.Name} ({m.Address})"))}.", StatusCodes.Status422UnprocessableEntity);

    private static IResult UnknownSilo(string reference, IReadOnlyList<ClusterMember> members)
        => ApiProblems.Result(TriadErrorCodes.SiloUnknown, $"No active silo of this grid is '{reference}'. Active silos: {string.Join(", ", members.Where(m => m.IsActive).Select(m => $"{m.Name} ({TriadMember.AddressOf(m.Silo)}, {m.GatewayUrl})"))}.", StatusCodes.Status422UnprocessableEntity);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TriadId();
}
