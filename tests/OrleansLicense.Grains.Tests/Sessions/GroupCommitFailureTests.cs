using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// R-SESS-1, R-SESS-2: a seat is granted only once its pool's append committed. When an append fails, every caller
/// of that batch gets the error (none is told it holds a seat), and the pool reloads from its log instead of going
/// on from memory that storage never got.
/// </summary>
public sealed class GroupCommitFailureTests : SiloTestBase
{
    private readonly AppendProbe _appends = new();

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo => _appends.Install(silo.Services));

    [Fact]
    public async Task Failed_appends_grant_nothing_and_the_pool_goes_on_from_what_was_stored()
    {
        await Silo.Import("L1", "cad", ("draw", 3));
        await Silo.Login("s0", "cad", ("draw", 1));
        _appends.Script("L1", "draw", AppendStep.Fail, AppendStep.Fail, AppendStep.Fail, AppendStep.Fail, AppendStep.Fail, AppendStep.Fail);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
        {
            try
            {
                await Silo.Login($"s{i}", "cad", ("draw", 1));
                return true;
            }
            catch (Exception ex) when (ex is not LicensingException { Code: ErrorCodes.SeatsExhausted })
            {
                return false;
            }
        }));
        _appends.Clear();

        // Only calls whose batch came after the scripted failures may have got seats; every seat counted was answered.
        var granted = outcomes.Count(ok => ok);
        Assert.Contains(false, outcomes);
        Assert.True(await Eventually(async () => await Silo.Used("L1", "draw") == 1 + granted));

        // The pool serves on: the seats nobody was told about are free.
        await Silo.Login("t1", "cad", ("draw", 2 - granted));
        Assert.Equal(3, await Silo.Used("L1", "draw"));
    }
}
