using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Faults;

namespace OrleansLicense.Silo.Endpoints.Admin;

/// <summary>
/// <c>POST /api/v1/admin/faults/partition</c>: cuts this silo's silo-to-silo connections (not its database), for
/// partition tests: its peers vote it dead and it stops with exit code 3. Answers 403 unless
/// <c>Cluster:AllowFaultInjection</c> is on.
/// </summary>
internal static class FaultEndpoints
{
    public static void MapFaultEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/faults/partition", (PartitionRequest request, SiloPartition partition) =>
            {
                try
                {
                    partition.Set(request.Blocked);
                    return Results.Ok(request);
                }
                catch (InvalidOperationException ex)
                {
                    return ApiProblems.Result(ErrorCodes.Forbidden, ex.Message);
                }
            })
            .WithTags("Faults")
            .WithName("SetPartition")
            .WithSummary("Block silo-to-silo traffic (tests only)")
            .WithDescription("Fault injection for partition tests; refused unless Cluster:AllowFaultInjection is true.")
            .ExcludeFromDescription();
    }
}

/// <summary>Body of the partition fault: block or unblock.</summary>
/// <param name="Blocked">True to cut this silo off from its peers.</param>
internal sealed record PartitionRequest(bool Blocked);
