using OrleansLicense.Contracts.Agents;
using OrleansLicense.Grains.Agents;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>A feature of an upstream product's license, as the link lists it (position = the seed's fid, 1-based).</summary>
public sealed record LinkFeature(string LicenseId, string Feature, int Position, int Seats, bool Agentable);

/// <summary>Sets an agreement upstream (0 seats releases it).</summary>
public sealed record LinkSetRequest(string LicenseId, string Feature, string Product, string Mode, int Seats);

/// <summary>Renews an agreement's lease.</summary>
public sealed record LinkRenewRequest(string LicenseId, string Feature);

/// <summary>Share mode: sets the upstream seats one downstream holder draws.</summary>
public sealed record LinkDrawRequest(string LicenseId, string Feature, string Holder, int Count);

/// <summary>Converts between the grains' agreements and the wire's <see cref="AgentView"/> (a contract shared with olic).</summary>
public static class AgentViews
{
    /// <summary>The view of a grain's agreement.</summary>
    public static AgentView Of(AgentAgreement a) => new(
        a.Role, a.AgentId, a.LicenseId, a.Product, a.Feature, ModeName(a.Mode), a.Seats, a.InUse, a.Status.ToString().ToLowerInvariant(), a.LeaseSeconds, a.LastRenewal);

    /// <summary>The wire name of a mode.</summary>
    public static string ModeName(AgentMode mode) => mode == AgentMode.Share ? "share" : "increase";

    /// <summary>Reads a wire mode name; null when it is neither.</summary>
    public static AgentMode? ParseMode(string? mode) => mode switch
    {
        "increase" => AgentMode.Increase,
        "share" => AgentMode.Share,
        _ => null,
    };

    /// <summary>The grain's agreement from the wire view.</summary>
    public static AgentAgreement ToAgreement(this AgentView view) => new(
        view.LicenseId, view.Feature, view.AgentId, view.Product, ParseMode(view.Mode) ?? AgentMode.Increase, view.Seats, view.InUse,
        Enum.TryParse<AgentStatus>(view.State, ignoreCase: true, out var status) ? status : AgentStatus.Released, view.LeaseSeconds, view.LastRenewal, view.Role);
}

/// <summary>The seed's answer of addAgent, releaseAgent and getAgent: code 0 is success; getAgent adds the agents.</summary>
public sealed record AgentRestAnswer(int Code, string ErrMsg, IReadOnlyList<AgentView>? Agents = null);
