using OrleansLicense.Client.Transport;

namespace OrleansLicense.Client.Tests.Backup;

/// <summary>Issue #17 item 5, R-BAK-4: which transport reaches the backup grid.</summary>
public sealed class BackupTransportTests
{
    private static readonly Uri Gateway = new("olic://127.0.0.1:30010/");

    [Fact]
    public async Task Backup_orleans_gateways_use_the_backup_cluster_id_and_the_same_pins()
    {
        var pins = $"{new string('a', 64)},{new string('b', 64)}";
        var variables = new Dictionary<string, string> { ["ORLEANSLICENSE_BACKUP_CLUSTER"] = "grid-b", ["ORLEANSLICENSE_CLUSTER"] = "grid-a" };
        var options = new LicenseClientOptions { GatewayCertificateSha256 = pins, GetEnvironmentVariable = n => variables.GetValueOrDefault(n) };

        await using var backup = Assert.IsType<OrleansLicenseTransport>(TransportFactory.CreateBackup(options, [Gateway]));
        await using var main = Assert.IsType<OrleansLicenseTransport>(TransportFactory.Create(options, [Gateway]));

        Assert.Equal(("grid-b", "grid-a"), (backup.Settings.ClusterId, main.Settings.ClusterId));
        Assert.Equal(main.Settings.Tls!.TrustedSha256, backup.Settings.Tls!.TrustedSha256);

        options.BackupClusterId = "grid-c";
        await using var named = Assert.IsType<OrleansLicenseTransport>(TransportFactory.CreateBackup(options, [Gateway]));
        Assert.Equal("grid-c", named.Settings.ClusterId);
    }

    [Fact]
    public async Task Backup_addresses_parse_like_the_servers_and_http_urls_choose_the_http_api()
    {
        await using var orleans = new LicenseClient(new LicenseClientOptions
        {
            Servers = "olic://127.0.0.1:30000",
            BackupServers = "30010@127.0.0.1",
            GetEnvironmentVariable = _ => null,
        });
        Assert.Equal([Gateway], orleans.BackupServers);
        await using var http = Assert.IsType<HttpLicenseTransport>(TransportFactory.CreateBackup(new LicenseClientOptions(), [new Uri("http://127.0.0.1:8273/")]));

        var error = Assert.Throws<FormatException>(() => new LicenseClient(new LicenseClientOptions
        {
            Servers = "olic://127.0.0.1:30000",
            BackupServers = "ftp://nowhere",
            GetEnvironmentVariable = _ => null,
        }));
        Assert.Contains("LicenseClientOptions.BackupServers", error.Message, StringComparison.Ordinal);
    }
}
