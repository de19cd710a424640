using Microsoft.Extensions.Configuration;
using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.Tests.CommandLine;

/// <summary>The silo's flag table (issue #14 item 14): one list feeds the configuration and <c>--help</c>.</summary>
public sealed class SiloCommandLineTests
{
    [Fact]
    public void Every_flag_of_the_table_appears_in_the_usage_and_sets_its_key()
    {
        var usage = SiloCommandLine.Usage();
        foreach (var flag in SiloCommandLine.Flags)
        {
            Assert.Contains(flag.Name, usage, StringComparison.Ordinal);
            Assert.Contains(flag.Description, usage, StringComparison.Ordinal);

            var configuration = Read(flag.IsSwitch ? [flag.Name] : [flag.Name, "value-1"]);
            Assert.Equal(flag.IsSwitch ? "true" : "value-1", configuration[flag.ConfigurationKey]);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_is_recognised(string flag) => Assert.True(SiloCommandLine.IsHelp(["--port", "9000", flag]));

    [Fact]
    public void A_switch_without_a_value_sets_true_and_a_following_flag_is_read_as_its_own()
    {
        // What a flag such as --ipv6 gets: one more row in the table.
        List<SiloFlag> flags = [.. SiloCommandLine.Flags, new SiloFlag("--test-switch", "Test:Switch", null, "a switch")];

        Assert.Equal(["--test-switch", "true", "--port", "9000"], SiloCommandLine.Normalize(["--test-switch", "--port", "9000"], flags));
        Assert.Equal(["--port", "9000", "--test-switch", "true"], SiloCommandLine.Normalize(["--port", "9000", "--test-switch"], flags));
        Assert.Equal(["--test-switch", "false"], SiloCommandLine.Normalize(["--test-switch", "false"], flags));
    }

    [Fact]
    public void An_unknown_flag_is_refused_naming_it_and_help()
    {
        var error = Assert.Throws<SiloStartupException>(() => SiloCommandLine.Normalize(["--prot", "9000"]));

        Assert.Contains("'--prot'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--help", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_keys_and_the_hosts_own_keys_pass_through()
    {
        var configuration = Read(["--Licensing:ClusterId", "plant-a", "--environment", "Production", "--Silo:HttpPort=9001"]);

        Assert.Equal("plant-a", configuration["Licensing:ClusterId"]);
        Assert.Equal("Production", configuration["environment"]);
        Assert.Equal("9001", configuration["Silo:HttpPort"]);
    }

    private static IConfiguration Read(string[] args)
    {
        var builder = new ConfigurationBuilder();
        builder.AddSiloSources(SiloCommandLine.Normalize(args));
        return builder.Build();
    }
}
