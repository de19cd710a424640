using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansLicense.Testing;

/// <summary>
/// A PostgreSQL server for tests. When the environment variable <c>OLIC_TEST_POSTGRES</c> holds a
/// connection string, that server is used as it is; otherwise a throwaway PostgreSQL 15 cluster is
/// created in a temporary folder (initdb, trust authentication, durability switched off because the
/// data is thrown away), started on a free loopback port and deleted again on dispose.
/// </summary>
/// <remarks>
/// Deliberately free of Npgsql, so any test project can reference this library: databases are
/// created and dropped with the <c>createdb</c>/<c>dropdb</c> client programs.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing server.</summary>
    public const string EnvironmentVariable = "OLIC_TEST_POSTGRES";

    /// <summary>Where Debian's postgresql-15 package puts the server and client programs.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private const string Superuser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _baseConnectionString;
    private readonly string _binDirectory;
    private readonly string? _dataDirectory;
    private readonly string? _password;
    private int _disposed;

    private PostgresServer(string baseConnectionString, string host, int port, string user, string? password, string binDirectory, string? dataDirectory)
    {
        _baseConnectionString = baseConnectionString;
        Host = host;
        Port = port;
        User = user;
        _password = password;
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The host the server listens on.</summary>
    public string Host { get; }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The role the tests connect as.</summary>
    public string User { get; }

    /// <summary>True when the server came from <see cref="EnvironmentVariable"/> and is not ours to stop.</summary>
    public bool IsExternal => _dataDirectory is null;

    /// <summary>How long starting took (initdb and pg_ctl start; zero for an external server).</summary>
    public TimeSpan StartupTime { get; private init; }

    /// <summary>
    /// Uses the server named by <see cref="EnvironmentVariable"/>, or creates and starts a private one.
    /// </summary>
    /// <param name="binDirectory">The folder holding initdb, pg_ctl, createdb and dropdb.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">The PostgreSQL programs are missing, or the server did not start.</exception>
    public static async Task<PostgresServer> StartAsync(string binDirectory = DefaultBinDirectory, CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return FromConnectionString(external, binDirectory);
        }

        RequirePrograms(binDirectory, "initdb", "pg_ctl", "createdb", "dropdb");
        var asRoot = Environment.UserName == "root";
        if (asRoot && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            throw new InvalidOperationException("Running as root, PostgreSQL must be started as the 'postgres' user, but runuser is missing.");
        }

        var stopwatch = Stopwatch.StartNew();

        // A fresh folder per server; created 0700 by .NET on Unix, which initdb also insists on.
        var directory = Directory.CreateTempSubdirectory("olic-pg-").FullName;
        try
        {
            if (asRoot)
            {
                // PostgreSQL refuses to run as root, so the folder must belong to the postgres user.
                await RunAsync("chown", ["postgres:postgres", directory], directory, cancellationToken).ConfigureAwait(false);
            }

            await RunAsync("chmod", ["700", directory], directory, cancellationToken).ConfigureAwait(false);
            await RunPostgresProgramAsync(asRoot, Path.Combine(binDirectory, "initdb"), ["-D", directory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], directory, cancellationToken).ConfigureAwait(false);

            // The free port is found by binding port 0 and letting go; another process may take it in
            // between, so a failed start is retried on a new port a few times.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                try
                {
                    await StartServerAsync(asRoot, binDirectory, directory, port, cancellationToken).ConfigureAwait(false);
                    var connectionString = string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username={Superuser}");
                    return new PostgresServer(connectionString, "127.0.0.1", port, Superuser, null, binDirectory, directory) { StartupTime = stopwatch.Elapsed };
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Retry on another port; the log keeps the reason.
                }
            }
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>The connection string (Npgsql syntax) for <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var builder = new DbConnectionStringBuilder { ConnectionString = _baseConnectionString };
        builder.Remove("DB");
        builder["Database"] = database;
        return builder.ConnectionString;
    }

    /// <summary>Creates an empty database (from template0) and returns its connection string.</summary>
    /// <param name="name">The database name: lower-case letters, digits and underscores.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        RequirePrograms(_binDirectory, "createdb");

        // template0 rather than template1: nothing a previous test put in template1 leaks in.
        await RunClientAsync("createdb", ["-T", "template0", name], cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database, disconnecting whoever is still connected to it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        RequirePrograms(_binDirectory, "dropdb");
        await RunClientAsync("dropdb", ["--if-exists", "--force", name], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the server this instance started is stopped (by <see cref="StopAsync"/>).</summary>
    public bool IsStopped { get; private set; }

    /// <summary>
    /// Stops the server this instance started, keeping its data folder so that <see cref="StartAgainAsync"/> can
    /// bring it back. Immediate shutdown is what a crashed or unplugged database looks like to its clients: every
    /// connection is cut at once, nothing is said goodbye to, and the next start runs crash recovery.
    /// </summary>
    /// <remarks>
    /// The throwaway server runs with <c>synchronous_commit=off</c> for speed, so a crash would lose commits it
    /// acknowledged in the last fraction of a second; a production server (synchronous_commit=on) loses none. So that
    /// a test sees a crash of a server that keeps its word, an immediate stop first runs a <c>CHECKPOINT</c>, which
    /// makes every commit acknowledged before this call durable. Commits racing with the call may still be lost.
    /// </remarks>
    /// <param name="immediate">True for <c>pg_ctl stop -m immediate</c> (abrupt), false for <c>-m fast</c>.</param>
    /// <param name="cancellationToken">Cancels the stop.</param>
    /// <exception cref="InvalidOperationException">The server is external (not ours to stop) or already stopped.</exception>
    public async Task StopAsync(bool immediate, CancellationToken cancellationToken = default)
    {
        var directory = OwnDataDirectory();
        if (IsStopped)
        {
            throw new InvalidOperationException("The PostgreSQL server is already stopped.");
        }

        if (immediate)
        {
            RequirePrograms(_binDirectory, "psql");
            await RunClientAsync("psql", ["-d", "postgres", "-X", "-q", "-c", "CHECKPOINT"], cancellationToken).ConfigureAwait(false);
        }

        await RunPostgresProgramAsync(Environment.UserName == "root", Path.Combine(_binDirectory, "pg_ctl"), ["-D", directory, "-m", immediate ? "immediate" : "fast", "-w", "stop"], directory, cancellationToken).ConfigureAwait(false);
        IsStopped = true;
    }

    /// <summary>
    /// Starts a server stopped by <see cref="StopAsync"/> again, on the same port and data folder, so that the
    /// connection strings handed out before still work. Waits until it accepts connections.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">The server is external, not stopped, or did not start (for instance because another process took the port meanwhile).</exception>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var directory = OwnDataDirectory();
        if (!IsStopped)
        {
            throw new InvalidOperationException("The PostgreSQL server is running; stop it first.");
        }

        await StartServerAsync(Environment.UserName == "root", _binDirectory, directory, Port, cancellationToken).ConfigureAwait(false);
        IsStopped = false;
    }

    /// <summary>Stops a server this instance started (fast shutdown) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _dataDirectory is null)
        {
            return;
        }

        try
        {
            // A server a test stopped and did not start again has nothing to stop; pg_ctl would fail.
            if (!IsStopped)
            {
                await RunPostgresProgramAsync(Environment.UserName == "root", Path.Combine(_binDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "fast", "-w", "stop"], _dataDirectory, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            DeleteDirectory(_dataDirectory);
        }
    }

    // The one place the server's settings live: the first start and a restart must listen alike.
    private static Task StartServerAsync(bool asRoot, string binDirectory, string directory, int port, CancellationToken cancellationToken) =>
        RunPostgresProgramAsync(
            asRoot,
            Path.Combine(binDirectory, "pg_ctl"),
            [
                "-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "30", "start",
                "-o", string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"),
            ],
            directory,
            cancellationToken);

    private string OwnDataDirectory()
    {
        if (_dataDirectory is null)
        {
            throw new InvalidOperationException($"The PostgreSQL server from {EnvironmentVariable} is external: a test cannot stop or start it.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _dataDirectory;
    }

    private static PostgresServer FromConnectionString(string connectionString, string binDirectory)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var host = Value(builder, "Host", "Server") ?? "localhost";
        var port = int.Parse(Value(builder, "Port") ?? "5432", CultureInfo.InvariantCulture);
        var user = Value(builder, "Username", "User Name", "UserName", "User Id", "UserId", "User") ?? Superuser;
        var password = Value(builder, "Password", "PSW", "PWD");
        return new PostgresServer(connectionString, host, port, user, password, binDirectory, null);
    }

    private static string? Value(DbConnectionStringBuilder builder, params string[] keys) =>
        keys.Select(k => builder.TryGetValue(k, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static void RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (a-z, 0-9, _).", nameof(name));
        }
    }

    private static void RequirePrograms(string binDirectory, params string[] programs)
    {
        var missing = programs.Where(p => !File.Exists(Path.Combine(binDirectory, p))).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL programs {string.Join(", ", missing)} were not found in {binDirectory}. Install PostgreSQL 15 "
                + $"(Debian: apt-get install postgresql-15), or set {EnvironmentVariable} to the connection string of a server to use "
                + "(the createdb/dropdb client programs are still needed then).");
        }
    }


    private Task RunClientAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string[] connection = ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-w"];
        var environment = _password is null ? null : new Dictionary<string, string> { ["PGPASSWORD"] = _password };
        return RunAsync(Path.Combine(_binDirectory, program), [.. connection, .. arguments], _dataDirectory ?? Path.GetTempPath(), cancellationToken, environment);
    }

    private static Task RunPostgresProgramAsync(bool asRoot, string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        asRoot
            ? RunAsync("runuser", ["-u", Superuser, "--", program, .. arguments], workingDirectory, cancellationToken)
            : RunAsync(program, arguments, workingDirectory, cancellationToken);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Output goes to a file rather than a pipe: pg_ctl start leaves the postmaster running, and a
        // pipe it inherited would never reach end-of-file.
        var outputFile = Path.Combine(Path.GetTempPath(), $"olic-pg-cmd-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$OLIC_OUTPUT\" 2>&1 </dev/null");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OLIC_OUTPUT"] = outputFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                var output = File.Exists(outputFile) ? await File.ReadAllTextAsync(outputFile, CancellationToken.None).ConfigureAwait(false) : "";
                var log = File.Exists(Path.Combine(workingDirectory, "server.log"))
                    ? await File.ReadAllTextAsync(Path.Combine(workingDirectory, "server.log"), CancellationToken.None).ConfigureAwait(false)
                    : "";
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{output.Trim()}"
                    + (log.Length > 0 ? $"{Environment.NewLine}server.log:{Environment.NewLine}{log.Trim()}" : ""));
            }
        }
        finally
        {
            File.Delete(outputFile);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A server that did not stop may still hold a file; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
