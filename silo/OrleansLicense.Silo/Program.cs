using Microsoft.Extensions.Options;
using OrleansLicense.Silo.Configuration;
using OrleansLicense.Silo.Hosting;

namespace OrleansLicense.Silo;

/// <summary>
/// The silo process: <c>dotnet run --project silo/OrleansLicense.Silo [--data DIR] [--port N] [--silo-port N] [--gateway-port N]</c>
/// (<c>--help</c> lists every flag: <see cref="SiloCommandLine.Flags"/>).
/// Public so that tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>
    /// Runs the silo until Ctrl+C or SIGTERM; exit code 0 on a clean stop, 1 when it cannot start,
    /// 3 when the cluster declared this silo dead (a service manager restarts it as a new generation).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (SiloCommandLine.IsHelp(args))
        {
            await Console.Out.WriteAsync(SiloCommandLine.Usage()).ConfigureAwait(false);
            return 0;
        }

        try
        {
            // RunAsync disposes the app once it has stopped (flushing the log files).
            var app = SiloApplication.Build(args);
            await using (app.ConfigureAwait(false))
            {
                StartupPreflight.Run(app.Services);
                await app.RunAsync().ConfigureAwait(false);
            }

            return Environment.ExitCode;
        }
        catch (Exception ex) when (StartupProblem(ex) is { } message)
        {
            // Before logging exists (or when it is the broken part), the operator still gets one clear line.
            await Console.Error.WriteLineAsync($"OrleansLicense silo cannot start: {message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The operator's sentence for a known startup failure; null lets anything else (and test hosts' own exceptions) through.</summary>
    private static string? StartupProblem(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        SiloStartupException startup => startup.Message,
        IOException io when io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) => io.Message,
        Microsoft.AspNetCore.Connections.AddressInUseException inUse => $"{inUse.Message} (the HTTP, silo or gateway port: --port, --silo-port, --gateway-port).",
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } socket => $"{socket.Message} (the HTTP, silo or gateway port: --port, --silo-port, --gateway-port).",
        AggregateException { InnerExceptions.Count: 1 } aggregate => StartupProblem(aggregate.InnerExceptions[0]),

        // Orleans and the host wrap what failed during start (OrleansLifecycleCanceledException, InvalidOperationException).
        { InnerException: { } inner } => StartupProblem(inner),
        _ => null,
    };
}
