using System.Security.Cryptography;
using System.Text;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Storage;

namespace OrleansLicense.Grains.Agents;

/// <summary>Issues and checks agent credentials (R-SEC-2: the agent link is authenticated); stores hashes only.</summary>
[GrainType("agentcredentials")]
internal sealed class AgentCredentialsGrain(
    [PersistentState("agentCredentials", LicenseStorage.StateStorageName)] IPersistentState<AgentCredentialsState> credentials) : Grain, IAgentCredentialsGrain
{
    public async Task<string> Create(string agentId, CancellationToken cancellationToken)
    {
        if (!AgentKey.IsValidAgentId(agentId))
        {
            throw LicensingException.BadRequest("An agent id is 1-64 letters, digits, '-', '_' or '.'.");
        }

        // 256 random bits: guessing is hopeless, so a plain hash (no slow KDF) is enough to store.
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        credentials.State.Hashes[agentId] = Hash(secret);
        await credentials.WriteStateAsync(cancellationToken);
        return secret;
    }

    public Task<bool> Verify(string agentId, string secret)
    {
        if (string.IsNullOrEmpty(secret) || !credentials.State.Hashes.TryGetValue(agentId, out var stored))
        {
            return Task.FromResult(false);
        }

        return Task.FromResult(CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(stored), Convert.FromBase64String(Hash(secret))));
    }

    public Task<IReadOnlyList<string>> List()
        => Task.FromResult<IReadOnlyList<string>>([.. credentials.State.Hashes.Keys.Order(StringComparer.Ordinal)]);

    private static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
