using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cli.Tests.Agents;

/// <summary>Issue #18 item 1: <c>olic vendor issue --agentable</c> sets the signed agentable flag; without it the flag is unset.</summary>
public sealed class AgentableIssueTests : IDisposable
{
    private readonly TempFolder output = new();

    public void Dispose() => output.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Issue_sets_the_agentable_flag_only_when_asked(bool agentable)
    {
        using var keys = await VendorKeys.CreateAsync();
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var path = output.Combine("license.json");
        string[] args = ["vendor", "issue", "--key", keys.PrivateKeyPath, "--product", "acme-cad", "--feature", "draw=5", "--out", path];

        var result = await Olic.RunAtAsync(now, agentable ? [.. args, "--agentable"] : args);

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = LicenseVerifier.Verify(File.ReadAllText(path), keys.TrustedKeys, now, server: null);
        Assert.Equal(agentable, document.Flags.Agentable);
    }
}
