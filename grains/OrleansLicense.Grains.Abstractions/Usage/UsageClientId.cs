using OrleansLicense.Contracts.Sessions;

namespace OrleansLicense.Grains.Usage;

/// <summary>How a client is named in usage statistics: its fingerprint, else <c>user@host</c>, else <c>anonymous</c>.</summary>
public static class UsageClientId
{
    /// <summary>The id of the client.</summary>
    public static string Of(ClientInfo? client)
    {
        if (!string.IsNullOrWhiteSpace(client?.Fingerprint))
        {
            return client.Fingerprint;
        }

        return string.IsNullOrWhiteSpace(client?.User) && string.IsNullOrWhiteSpace(client?.Host)
            ? "anonymous"
            : $"{client?.User}@{client?.Host}";
    }
}
