using OrleansLicense.Silo.Tests.Process;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Grid;

/// <summary>
/// Issue #14 item 13: <c>Target Session Attributes=read-write</c> on a one-database setup (Npgsql refuses it with one
/// host) stops the silo with one clear sentence, where it printed 90 lines of stack trace.
/// </summary>
public sealed class GridConnectionStringTests() : ProcessWalk("olic-gridcs")
{
    [Fact]
    public async Task A_read_write_target_with_one_host_stops_the_silo_with_one_sentence()
    {
        var connection = "Host=127.0.0.1;Port=1;Database=olic;Username=olic;Password=secret;Target Session Attributes=read-write";

        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, PostgresConnectionString = connection });
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("OrleansLicense silo cannot start: PostgresStorageOptions.ConnectionString has Target Session Attributes 'read-write' with one host (127.0.0.1); Npgsql accepts it only with several hosts", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        Assert.True(silo.Output.Split('\n').Length <= 3, silo.Output);
    }
}
