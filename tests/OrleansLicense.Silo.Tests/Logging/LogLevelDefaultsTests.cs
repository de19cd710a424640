using Microsoft.Extensions.Configuration;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OrleansLicense.Silo.Tests.Logging;

/// <summary>
/// Issue #14 item 15: with the appsettings.json the silo ships, Npgsql's per-statement lines (1,311 of 1,409 entries
/// on PostgreSQL in the administrator's try) stay out of the log, while the silo's own information lines stay in.
/// </summary>
public sealed class LogLevelDefaultsTests
{
    [Fact]
    public void The_shipped_settings_keep_npgsql_commands_out_and_the_silos_own_lines_in()
    {
        using var folder = new TempDirectory("olic-loglevels");
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .Build();
        var sink = new CollectingSink();
        var loggerConfiguration = new LoggerConfiguration();
        SerilogSetup.Configure(loggerConfiguration, configuration, folder.Path, sink);

        using (var logger = loggerConfiguration.CreateLogger())
        {
            logger.ForContext(Constants.SourceContextPropertyName, "Npgsql.Command").Information("SELECT 1");
            logger.ForContext(Constants.SourceContextPropertyName, "Npgsql.Command").Warning("slow statement");
            logger.ForContext(Constants.SourceContextPropertyName, "OrleansLicense.Silo.Gateway").Information("Login: session x");
            logger.ForContext(Constants.SourceContextPropertyName, "OrleansLicense.Grains.Sessions.SessionGrain").Information("Session x logged out");
        }

        Assert.Equal(["slow statement", "Login: session x", "Session x logged out"], sink.Messages);
        Assert.Equal("Warning", configuration["Serilog:MinimumLevel:Override:Npgsql.Command"]);
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public List<string> Messages { get; } = [];

        public void Emit(LogEvent logEvent) => Messages.Add(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
