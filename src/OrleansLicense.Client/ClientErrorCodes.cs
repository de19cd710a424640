namespace OrleansLicense.Client;

/// <summary>Error codes the client library reports itself, when no server gave one.</summary>
public static class ClientErrorCodes
{
    /// <summary>No server answered within the retries (refused connections, timeouts, 5xx).</summary>
    public const string Unreachable = "server_unreachable";

    /// <summary>A request that must not be repeated (a check-out) timed out: it may or may not have been granted.</summary>
    public const string OutcomeUnknown = "outcome_unknown";

    /// <summary>A server answered with a body that is not the documented contract.</summary>
    public const string InvalidResponse = "invalid_response";
}
