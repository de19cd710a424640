using System.Net;
using System.Net.Sockets;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Process;

/// <summary>The built silo's command line (issue #14 item 14): --help, one silo per data folder, a busy port.</summary>
public sealed class CommandLineProcessTests() : ProcessWalk("olic-cmdline")
{
    [Fact]
    public async Task Help_prints_the_usage_and_exits_0_without_starting_a_silo()
    {
        var info = BuiltProgram.StartInfo(SiloProcess.Dll, Work.Path, ["--help"]);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bounded.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await error);
        var usage = await output;
        foreach (var flag in SiloCommandLine.Flags)
        {
            Assert.Contains(flag.Name, usage, StringComparison.Ordinal);
        }

        Assert.Contains("--help", usage, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data), "--help made a data folder: a silo started");
    }

    [Fact]
    public async Task A_second_silo_on_the_same_data_folder_is_refused_with_a_clear_error()
    {
        var first = await StartSiloAsync();

        await using var second = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path });
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The data folder '{Data}' is in use by another silo", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);

        // The first silo still serves, and after it is killed the folder is free again (the lock dies with the process).
        using var health = await first.Http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await first.KillAsync(Ct);
        await using var third = await SiloProcess.StartAsync(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path }, Ct);
    }

    [Fact]
    public async Task A_busy_http_port_prints_one_sentence_with_the_port_hint_and_no_stack()
    {
        using var holder = new TcpListener(IPAddress.Loopback, FreePort.Next());
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, HttpPort = port });
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The HTTP port {port} (127.0.0.1:{port}) is in use by another program; start the silo with another --port N.", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_gateway_port_names_the_gateway_port_flag()
    {
        using var holder = new TcpListener(IPAddress.Loopback, FreePort.Next());
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, GatewayPort = port });
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The Orleans gateway port {port}", silo.Output, StringComparison.Ordinal);
        Assert.Contains("--gateway-port N", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_stops_the_silo_naming_the_flag()
    {
        await using var silo = SiloProcess.Start(new SiloProcessOptions { DataFolder = Data, WorkingDirectory = Work.Path, Arguments = ["--prot", "9000"] });
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown option '--prot'", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }
}
