using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OrleansLicense.Benchmarks.Load;
using OrleansLicense.Testing;

namespace OrleansLicense.Benchmarks.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 with durability ON (fsync, synchronous_commit, full_page_writes), for
/// the group-commit comparison. Not OrleansLicense.Testing's PostgresServer: that one switches fsync
/// off on the command line (right for tests, wrong for a benchmark of commits, and not revocable
/// with ALTER SYSTEM since the command line wins). Set OLIC_BENCH_POSTGRES to a connection string to
/// use an existing server instead; its settings are then reported as found.
/// </summary>
internal sealed class DurablePostgres : IAsyncDisposable
{
    public const string EnvironmentVariable = "OLIC_BENCH_POSTGRES";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string? _dataDirectory;

    private DurablePostgres(string connectionString, string? dataDirectory)
    {
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The connection string of the bench database.</summary>
    public string ConnectionString { get; }

    /// <summary>Why there is no server (programs missing), or null when one can be started.</summary>
    public static string? Unavailable()
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } || File.Exists(Path.Combine(BinDirectory, "initdb"))
            ? null
            : $"no PostgreSQL: {BinDirectory}/initdb is missing (apt-get install postgresql-15) and {EnvironmentVariable} is not set";

    public static async Task<DurablePostgres> StartAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            return new DurablePostgres(external, null);
        }

        var directory = Directory.CreateTempSubdirectory("olic-bench-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        try
        {
            if (asRoot)
            {
                // PostgreSQL refuses to run as root: the folder must belong to the postgres user.
                await RunAsync("chown", ["postgres:postgres", directory], directory, asRoot: false, cancellationToken).ConfigureAwait(false);
            }

            // --no-sync only skips syncing the initial files; the server itself runs with fsync on.
            await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], directory, asRoot, cancellationToken).ConfigureAwait(false);
            var port = FreePort.Next();
            await RunAsync(
                Path.Combine(BinDirectory, "pg_ctl"),
                [
                    "-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "30", "start",
                    "-o", string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300"),
                ],
                directory,
                asRoot,
                cancellationToken).ConfigureAwait(false);
            var server = new DurablePostgres(string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=olic_bench"), directory);
            await using (var admin = new NpgsqlConnection(string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres")))
            {
                await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var create = new NpgsqlCommand("CREATE DATABASE olic_bench", admin);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return server;
        }
        catch
        {
            await StopAsync(directory, asRoot).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates another database on the same server (for the silo) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>fsync, synchronous_commit and full_page_writes as the server reports them.</summary>
    public async Task<string> DurabilityAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), version()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return $"fsync={reader.GetString(0)} synchronous_commit={reader.GetString(1)} full_page_writes={reader.GetString(2)} ({reader.GetString(3).Split(" on ")[0]})";
    }

    public ValueTask DisposeAsync() => _dataDirectory is null ? ValueTask.CompletedTask : new ValueTask(StopAsync(_dataDirectory, Environment.UserName == "root"));

    private static async Task StopAsync(string directory, bool asRoot)
    {
        try
        {
            if (File.Exists(Path.Combine(directory, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", directory, "-m", "immediate", "-w", "stop"], directory, asRoot, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A server that did not stop still holds a file; temp is cleaned eventually.
            }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        // Output to a file, not a pipe: pg_ctl start leaves the postmaster running with the pipe inherited.
        var output = Path.Combine(Path.GetTempPath(), $"olic-bench-pg-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$OLIC_OUTPUT\" 2>&1 </dev/null");
        if (asRoot)
        {
            foreach (var part in new[] { "runuser", "-u", "postgres", "--" })
            {
                start.ArgumentList.Add(part);
            }
        }

        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OLIC_OUTPUT"] = output;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var text = File.Exists(output) ? await File.ReadAllTextAsync(output, CancellationToken.None).ConfigureAwait(false) : "";
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text.Trim()}");
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
