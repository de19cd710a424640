using System.Security.Claims;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Endpoints;
using OrleansLicense.Silo.Errors;
using OrleansLicense.Silo.Security;

namespace OrleansLicense.Silo.Hosting.Network;

/// <summary><c>/api/v1/admin/network</c>: this silo's IPv6 mode for its next start (issue #15 item 1, R-NET-1).</summary>
internal static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").RequireAuthorization(AdminAuthentication.Policy).WithTags("Network");
        admin.MapGet("/network", Get)
            .WithName("GetNetworkSettings")
            .WithSummary("Show this silo's network settings")
            .WithDescription("The IPv6 mode for the next start and the running one, and the HTTPS port.")
            .Produces<NetworkSettingsView>()
            .ProducesProblems(401, 403);

        admin.MapPut("/network", Set)
            .WithName("SetNetworkSettings")
            .WithSummary("Change this silo's IPv6 mode")
            .WithDescription("Body {\"ipv6\": \"disable\" | \"enable\" | \"only\"}; written to network.json in the silo's data folder and used from its next start "
                + "(a --ipv6 switch on the silo's command line still wins). In a grid, set it on each silo.")
            .Produces<NetworkSettingsView>()
            .ProducesProblems(400, 401, 403);
    }

    private static IResult Get(DataFolder folder, IOptions<NetworkOptions> network, IServer server)
        => TypedResults.Json(View(folder, network.Value, server), OperationsJsonContext.Default.NetworkSettingsView);

    private static IResult Set(NetworkSettingsRequest? request, DataFolder folder, IOptions<NetworkOptions> network, IServer server, ILoggerFactory loggers, ClaimsPrincipal user)
    {
        if (request?.IPv6 is not { } text || !Enum.TryParse<IPv6Mode>(text, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(text, out _))
        {
            return ApiProblems.BadRequest($"ipv6 must be disable, enable or only (was '{request?.IPv6}').");
        }

        NetworkSettingsFile.WriteIPv6(folder, mode);
        NetworkLog.LogInformationIPv6Set(loggers.CreateLogger("OrleansLicense.Silo.Admin"), NetworkSettingsFile.Name(mode), Path.Combine(folder.Root, NetworkSettingsFile.FileName), AdminCaller.Of(user));
        return TypedResults.Json(View(folder, network.Value, server), OperationsJsonContext.Default.NetworkSettingsView);
    }

    private static NetworkSettingsView View(DataFolder folder, NetworkOptions running, IServer server)
    {
        var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        return new NetworkSettingsView(
            NetworkSettingsFile.Name(NetworkSettingsFile.ReadIPv6(folder) ?? running.IPv6),
            NetworkSettingsFile.Name(running.IPv6),
            running.HttpsPort,
            addresses.Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)));
    }
}
