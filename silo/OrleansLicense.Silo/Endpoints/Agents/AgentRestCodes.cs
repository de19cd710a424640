using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Agents;

namespace OrleansLicense.Silo.Endpoints.Agents;

/// <summary>
/// The <c>code</c> of the seed's agent calls (0 = success), each with the HTTP status it is sent with. The body is
/// always the seed's <c>{ "code", "errMsg" }</c>.
/// </summary>
public static class AgentRestCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>401: the &lt;pwd&gt; of the URL is neither this silo's admin token nor a named admin's token.</summary>
    public const int BadCredential = 1;

    /// <summary>400: the body is not key=value pairs, names an unknown key, or names no feature.</summary>
    public const int BadRequest = 2;

    /// <summary>400: mode is not increase or share.</summary>
    public const int BadMode = 3;

    /// <summary>400: featureUserNumber is not a whole number from 1 to 1,000,000.</summary>
    public const int BadNumber = 4;

    /// <summary>404: the upstream grid has no active license of the product.</summary>
    public const int UnknownProduct = 5;

    /// <summary>404: the product has no such feature (fid is the feature's 1-based position in its license).</summary>
    public const int UnknownFeature = 6;

    /// <summary>422: the upstream license does not allow agents (issued without --agentable).</summary>
    public const int NotAgentable = 7;

    /// <summary>409: the upstream pool has not that many free seats.</summary>
    public const int NotEnoughSeats = 8;

    /// <summary>503: the upstream grid cannot be reached.</summary>
    public const int UpstreamUnreachable = 9;

    /// <summary>502: the upstream refused this silo's agent credential.</summary>
    public const int LinkRefused = 10;

    /// <summary>409: this silo has no upstream configured (Agent:Upstream, Agent:Credential).</summary>
    public const int NotConfigured = 11;

    /// <summary>409: releasing would take seats clients hold here; add force=true to kick them.</summary>
    public const int InUse = 12;

    /// <summary>409: the feature is served in the other mode already.</summary>
    public const int ModeConflict = 13;

    /// <summary>404: no agent serves that feature here.</summary>
    public const int NoSuchAgent = 14;

    /// <summary>500: anything else (errMsg says what).</summary>
    public const int Other = 15;

    /// <summary>
    /// 403: the admin's call is refused as on the admin API: plain HTTP from another computer (https_required), or an
    /// access rule denies this admin from this address (errMsg names the rule).
    /// </summary>
    public const int Denied = 16;

    /// <summary>The seed code of an error code of the grains, the link or the upstream.</summary>
    public static int FromErrorCode(string code) => code switch
    {
        AgentErrorCodes.UnknownFeature => UnknownFeature,
        AgentErrorCodes.NotAgentable => NotAgentable,
        AgentErrorCodes.UpstreamUnreachable => UpstreamUnreachable,
        AgentErrorCodes.LinkRefused => LinkRefused,
        AgentErrorCodes.NotConfigured => NotConfigured,
        AgentErrorCodes.InUse => InUse,
        AgentErrorCodes.ModeConflict => ModeConflict,
        ErrorCodes.SeatsExhausted => NotEnoughSeats,
        ErrorCodes.LicenseDeactivated => NotEnoughSeats,
        ErrorCodes.NotFound => UnknownProduct,
        ErrorCodes.BadRequest => BadRequest,
        _ => Other,
    };

    /// <summary>The HTTP status a code is sent with.</summary>
    public static int StatusOf(int code) => code switch
    {
        Ok => StatusCodes.Status200OK,
        BadCredential => StatusCodes.Status401Unauthorized,
        Denied => StatusCodes.Status403Forbidden,
        BadRequest or BadMode or BadNumber => StatusCodes.Status400BadRequest,
        UnknownProduct or UnknownFeature or NoSuchAgent => StatusCodes.Status404NotFound,
        NotAgentable => StatusCodes.Status422UnprocessableEntity,
        NotEnoughSeats or NotConfigured or InUse or ModeConflict => StatusCodes.Status409Conflict,
        UpstreamUnreachable => StatusCodes.Status503ServiceUnavailable,
        LinkRefused => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };
}
