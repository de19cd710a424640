namespace OrleansLicense.Grains.Agents;

/// <summary>Keys of the agent grains: <c>licenseId/feature/agentId</c> (feature names and agent ids hold no slash; license ids may).</summary>
public static class AgentKey
{
    /// <summary>The key of an agreement.</summary>
    public static string Of(string licenseId, string feature, string agentId) => $"{licenseId}/{feature}/{agentId}";

    /// <summary>Splits a key into license id, feature and agent id.</summary>
    public static (string LicenseId, string Feature, string AgentId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var last = key.LastIndexOf('/');
        var middle = last > 0 ? key.LastIndexOf('/', last - 1) : -1;
        return middle <= 0 ? (key, "", "") : (key[..middle], key[(middle + 1)..last], key[(last + 1)..]);
    }

    /// <summary>True when an agent id is usable in keys and credentials: 1-64 of letters, digits, '-', '_' and '.'.</summary>
    public static bool IsValidAgentId(string? agentId)
        => agentId is { Length: > 0 and <= 64 } && agentId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
