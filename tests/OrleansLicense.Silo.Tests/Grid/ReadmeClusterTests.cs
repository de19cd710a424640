using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Silo.Tests.Process;
using OrleansLicense.Testing;
using OrleansLicense.Testing.Silo;

namespace OrleansLicense.Silo.Tests.Grid;

/// <summary>
/// Issue #14 item 13: the README's "A cluster of silos" runs as written on one host: it builds what it starts, and its
/// two silo commands (exports, flags, connection string shape) form one grid on one PostgreSQL database, whose
/// silos share the vendor keys <c>olic keys add</c> stores. The test
/// takes the commands from the README and changes only what a test must: the database's address and free ports.
/// </summary>
public sealed partial class ReadmeClusterTests() : ProcessWalk("olic-readme-grid")
{
    private const string PublishedDll = "olic-silo/OrleansLicense.Silo.dll";

    [Fact]
    public void The_cluster_section_builds_the_dll_it_starts()
    {
        var block = ClusterBlock();

        var publish = PublishCommand().Match(block);
        Assert.True(publish.Success, "the cluster section does not publish the silo it starts");
        Assert.All(SiloCommands(block), command => Assert.Equal(PublishedDll, command[0]));
        Assert.Equal(PublishedDll, $"{publish.Groups["out"].Value}/OrleansLicense.Silo.dll");
    }

    [Fact]
    public async Task The_readme_silo_commands_form_one_grid_on_one_database_that_shares_trusted_keys()
    {
        var block = ClusterBlock();
        var exports = Exports(block);
        var commands = SiloCommands(block);
        Assert.Equal(2, commands.Count);

        await using var postgres = await PostgresServer.StartAsync(cancellationToken: Ct);
        var connection = await postgres.CreateDatabaseAsync("olic_readme_grid", Ct);
        var ports = new Dictionary<string, int>();
        var silos = new List<SiloProcess>();
        try
        {
            foreach (var command in commands)
            {
                var arguments = command.Skip(1).ToList();
                for (var i = 0; i + 1 < arguments.Count; i++)
                {
                    switch (arguments[i])
                    {
                        case "--port" or "--silo-port" or "--gateway-port":
                            // The README's ports are Orleans' defaults, which other programs here hold.
                            var port = ports.TryGetValue(arguments[i + 1], out var known) ? known : ports[arguments[i + 1]] = FreePort.Next();
                            arguments[i + 1] = port.ToString(CultureInfo.InvariantCulture);
                            break;
                        case "--data":
                            arguments[i + 1] = Work.File(arguments[i + 1]);
                            break;
                        case "--connection":
                            // The README's shape (one host, no target session attributes) with this server's address and user.
                            Assert.DoesNotContain("Target Session Attributes", arguments[i + 1], StringComparison.OrdinalIgnoreCase);
                            Assert.DoesNotContain(",", arguments[i + 1], StringComparison.Ordinal);
                            arguments[i + 1] = connection;
                            break;
                    }
                }

                var silo = SiloProcess.Start(new SiloProcessOptions
                {
                    DataFolder = arguments[arguments.IndexOf("--data") + 1],
                    WorkingDirectory = Work.Path,
                    HttpPort = int.Parse(arguments[arguments.IndexOf("--port") + 1], CultureInfo.InvariantCulture),
                    SiloPort = int.Parse(arguments[arguments.IndexOf("--silo-port") + 1], CultureInfo.InvariantCulture),
                    GatewayPort = int.Parse(arguments[arguments.IndexOf("--gateway-port") + 1], CultureInfo.InvariantCulture),
                    Arguments = arguments,
                    Environment = exports,
                    StartLimit = TimeSpan.FromSeconds(120),
                });
                silos.Add(silo);
                await silo.WaitUntilServingAsync(Ct);
            }

            // Both silos see each other: one grid.
            var first = silos[0];
            var deadline = DateTime.UtcNow.AddSeconds(60);
            StatusView? status = null;
            while (DateTime.UtcNow < deadline)
            {
                using var response = await first.Http.SendAsync(first.Admin(HttpMethod.Get, "/api/v1/admin/status"), Ct);
                status = await response.Content.ReadFromJsonAsync<StatusView>(Ct);
                if (status!.Silos.Count(s => s.Status == "active") == 2)
                {
                    break;
                }

                await Task.Delay(200, Ct);
            }

            Assert.Equal(2, status!.Silos.Count(s => s.Status == "active"));
            Assert.Equal(HttpStatusCode.OK, (await silos[1].Http.GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);

            // A vendor key trusted once through one silo verifies imports through the other, wherever each license's
            // grain lives (the administrator's try: 4 of 5 imports failed with the key in one silo's folder).
            var vendor = new TestVendor();
            await File.WriteAllTextAsync(Work.File("vendor.pub.pem"), vendor.Key.ExportPublicKeyPem(), Ct);
            await Olic.RunOkAsync(Work.Path, "keys", "add", "vendor.pub.pem", "--server", first.BaseUrl, "--token", first.AdminToken);
            for (var i = 0; i < 5; i++)
            {
                var license = vendor.Issue("acme-cad", DateTimeOffset.UtcNow, [("draw", 5)]);
                using var import = await silos[1].Http.SendAsync(silos[1].Admin(HttpMethod.Post, "/api/v1/admin/licenses", new StringContent(license, Encoding.UTF8, "application/json")), Ct);
                await ApiCalls.AssertStatusAsync(import, HttpStatusCode.Created);
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static string ClusterBlock()
    {
        var readme = Repository.Readme;
        var section = readme[readme.IndexOf("## A cluster of silos", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        return section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
    }

    private static Dictionary<string, string> Exports(string block)
    {
        var exports = new Dictionary<string, string>();
        foreach (var line in block.Split('\n').Where(l => l.StartsWith("export ", StringComparison.Ordinal)))
        {
            foreach (var assignment in line["export ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = assignment.Split('=', 2);
                exports[parts[0]] = parts[1];
            }
        }

        return exports;
    }

    /// <summary>Each <c>dotnet …</c> silo command (continuation lines joined), split as the shell would.</summary>
    private static List<List<string>> SiloCommands(string block)
        => [.. block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal) && !l.StartsWith("dotnet publish", StringComparison.Ordinal))
            .Select(l => Words(l).Skip(1).ToList())];

    private static IEnumerable<string> Words(string line)
    {
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    [GeneratedRegex(@"^dotnet publish silo/OrleansLicense\.Silo -c Release -o (?<out>\S+)$", RegexOptions.Multiline)]
    private static partial Regex PublishCommand();
}
