using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace OrleansLicense.Silo.Logging;

/// <summary>
/// Builds the Serilog logger: defaults first, then the <c>Serilog</c> configuration section on top.
/// Without a <c>Serilog:WriteTo</c> section the logger writes to the console and to daily rolling
/// files in the data folder's <c>logs/</c>; with one, the configuration decides every sink.
/// </summary>
internal static class SerilogSetup
{
    /// <summary>The configuration section Serilog reads.</summary>
    public const string SectionName = "Serilog";

    private const string OutputTemplate = "[{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.ILogger CreateLogger(IConfiguration configuration, string logsFolder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            // Per-request framework logs would drown the silo's own; raise them in configuration when needed.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // Its "was challenged" line comes with every 401; the silo logs wrong tokens itself.
            .MinimumLevel.Override("OrleansLicense.Silo.Security.AdminTokenAuthenticationHandler", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // Naming the sink assemblies spares the reader a scan of the dependency context (which
            // misses them in single-file or test hosts).
            .ReadFrom.Configuration(configuration, new ConfigurationReaderOptions(
                typeof(ConsoleLoggerConfigurationExtensions).Assembly,
                typeof(FileLoggerConfigurationExtensions).Assembly)
            {
                SectionName = SectionName,
            });

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

        return logger.CreateLogger();
    }
}
