using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace OrleansLicense.Silo.Logging;

/// <summary>
/// Configures the Serilog logger: defaults first, then the <c>Serilog</c> configuration section on top. Without a
/// <c>Serilog:WriteTo</c> section the logger writes to the console and to daily rolling files in the data folder's
/// <c>logs/</c>; with one, the configuration decides those sinks. The console's live log page always gets the entries.
/// </summary>
internal static class SerilogSetup
{
    /// <summary>The configuration section Serilog reads.</summary>
    public const string SectionName = "Serilog";

    private const string OutputTemplate = "[{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    private static bool IsServerGcNote(LogEvent logEvent)
        => logEvent.Level == LogEventLevel.Warning
            && logEvent.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: "Orleans.Runtime.Silo" }
            && logEvent.MessageTemplate.Text.Contains("ServerGC", StringComparison.Ordinal);

    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, string logsFolder, ILogEventSink dashboard)
    {
        logger
            .MinimumLevel.Information()
            // Per-request framework logs would drown the silo's own; raise them in configuration when needed.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // Its "was challenged" line comes with every 401; the silo logs wrong tokens itself.
            .MinimumLevel.Override("OrleansLicense.Silo.Security.AdminTokenAuthenticationHandler", LogEventLevel.Warning)
            // Orleans writes about 40 lines at start and two lines per activation from Polly's placement retries
            // (200,000 lines for 100,000 activations); its warnings and errors are what an operator needs, plus the
            // effective options once at start.
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans.Runtime.SiloOptionsLogger", LogEventLevel.Information)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            // Npgsql logs every statement at Information.
            .MinimumLevel.Override("Npgsql.Command", LogEventLevel.Warning)
            // Orleans notes at every start that the silo runs without server GC: the silo chose workstation GC on
            // purpose (OrleansLicense.Silo.csproj), so the note only alarms readers.
            .Filter.ByExcluding(IsServerGcNote)
            .Enrich.FromLogContext()
            // Naming the sink assemblies spares the reader a scan of the dependency context (which
            // misses them in single-file or test hosts).
            .ReadFrom.Configuration(configuration, new ConfigurationReaderOptions(
                typeof(ConsoleLoggerConfigurationExtensions).Assembly,
                typeof(FileLoggerConfigurationExtensions).Assembly)
            {
                SectionName = SectionName,
            })
            .WriteTo.Sink(dashboard);

        if (!configuration.GetSection($"{SectionName}:WriteTo").Exists())
        {
            logger
                .WriteTo.Console(outputTemplate: OutputTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .WriteTo.File(
                    Path.Combine(logsFolder, "silo-.log"),
                    outputTemplate: OutputTemplate,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    rollingInterval: RollingInterval.Day,
                    fileSizeLimitBytes: 64L * 1024 * 1024,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: 31);
        }
    }
}
