namespace OrleansLicense.Silo.Tests.Process;

/// <summary>Issue #15 item 4: <c>olic access list|add|remove</c> and <c>olic access admin add</c> against the built silo.</summary>
public sealed class AccessCommandTests() : ProcessWalk("olic-access")
{
    [Fact]
    public async Task Olic_access_adds_lists_guards_and_removes_rules()
    {
        await StartSiloAsync();

        var added = await Olic.RunOkAsync(Work.Path, "access", "add", "deny", "--who", "everyone", "--where", "10.0.0.0/8");
        Assert.Contains("deny", added.Output, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/8", added.Output, StringComparison.Ordinal);

        // The lock-out guard: olic runs on this computer with the grid's token.
        var refused = await Olic.RunAsync(Work.Path, "access", "add", "deny", "--who", "token", "--where", "this-computer", "--position", "1");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("lock you out", refused.Output + refused.Error, StringComparison.Ordinal);

        var admin = await Olic.RunOkAsync(Work.Path, "access", "admin", "add", "dora");
        var token = admin.Output.Trim().Split('\n')[^1].Trim();
        var asDora = await Olic.RunOkAsync(Work.Path, "--token", token, "access", "list");
        Assert.Contains("Named admins: dora", asDora.Output, StringComparison.Ordinal);

        var list = await Olic.RunOkAsync(Work.Path, "access", "list");
        var line = list.Output.Split('\n').Single(l => l.Contains("10.0.0.0/8", StringComparison.Ordinal));
        var id = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var removed = await Olic.RunOkAsync(Work.Path, "access", "remove", id);
        Assert.Contains("Rules: none", removed.Output, StringComparison.Ordinal);
    }
}
