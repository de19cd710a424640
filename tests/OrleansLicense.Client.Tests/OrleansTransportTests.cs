using System.Diagnostics;
using OrleansLicense.Client.Transport;
using OrleansLicense.Client.Tests.Fakes;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OrleansLicense.Client.Tests;

/// <summary>Issue #13 items 1 and 4: the Orleans transport's addresses, settings and failure handling.</summary>
public sealed class OrleansTransportTests
{
    private static readonly Uri Gateway = new("olic://127.0.0.1:30000/");

    [Fact]
    public async Task Orleans_gateways_are_the_default_and_http_urls_choose_the_http_api()
    {
        await using var orleans = new LicenseClient(new LicenseClientOptions { Servers = "olic://a.example,30001@b.example", GetEnvironmentVariable = _ => null });
        await using var http = new LicenseClient(new LicenseClientOptions { Servers = "http://a.example:8273", GetEnvironmentVariable = _ => null });

        Assert.Equal([new Uri("olic://a.example:30000/"), new Uri("olic://b.example:30001/")], orleans.Servers);
        Assert.IsType<OrleansLicenseTransport>(TransportFactory.Create(new LicenseClientOptions(), orleans.Servers));
        Assert.IsType<HttpLicenseTransport>(TransportFactory.Create(new LicenseClientOptions(), http.Servers));
    }

    [Fact]
    public async Task The_cluster_id_and_the_gateway_fingerprint_come_from_the_vendor_environment()
    {
        var pin = new string('a', 64);
        var variables = new Dictionary<string, string>
        {
            ["ACME_CLUSTER"] = "grid-1",
            ["ORLEANSLICENSE_CLUSTER"] = "other",
            ["ORLEANSLICENSE_GATEWAY_SHA256"] = pin,
        };
        var options = new LicenseClientOptions { EnvironmentPrefix = "acme", GetEnvironmentVariable = n => variables.GetValueOrDefault(n) };

        await using var transport = Assert.IsType<OrleansLicenseTransport>(TransportFactory.Create(options, [Gateway]));

        Assert.Equal("grid-1", transport.Settings.ClusterId);
        Assert.Equal([pin.ToUpperInvariant()], transport.Settings.Tls!.TrustedSha256);
        Assert.Equal(TimeSpan.FromSeconds(5), transport.Settings.ResponseTimeout);
    }

    [Fact]
    public async Task Without_settings_a_client_speaks_plaintext_to_cluster_default()
    {
        await using var transport = Assert.IsType<OrleansLicenseTransport>(TransportFactory.Create(new LicenseClientOptions { GetEnvironmentVariable = _ => null }, [Gateway]));

        Assert.Equal("default", transport.Settings.ClusterId);
        Assert.Null(transport.Settings.Tls);
    }

    [Fact]
    public void A_malformed_fingerprint_is_refused_up_front()
    {
        var error = Assert.Throws<FormatException>(() => TransportFactory.Create(new LicenseClientOptions { GatewayCertificateSha256 = "abc", GetEnvironmentVariable = _ => null }, [Gateway]));
        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Orleans_failures_are_split_into_refusals_and_retries_that_know_whether_the_call_may_have_run()
    {
        var refused = Assert.IsType<LicenseServerException>(OrleansFailures.Map(new ClientCallException(ErrorCodes.SeatsExhausted, 409, "full"), Gateway, TimeSpan.FromSeconds(5)));
        Assert.Equal((ErrorCodes.SeatsExhausted, 409, false), (refused.Code, refused.Status, refused.IsTransient));

        var kicked = Assert.IsType<LicenseServerException>(OrleansFailures.Map(new ClientCallException(ErrorCodes.SessionExpired, 410, "gone"), Gateway, TimeSpan.FromSeconds(5)));
        Assert.Equal(410, kicked.Status);

        var forbidden = Assert.IsType<LicenseServerException>(OrleansFailures.Map(new LicensingException(ErrorCodes.Forbidden, "no"), Gateway, TimeSpan.FromSeconds(5)));
        Assert.Equal(403, forbidden.Status);

        // A server that says it failed applied nothing; maintenance is a refusal, not a retry.
        var failed = Assert.IsType<TransientGatewayException>(OrleansFailures.Map(new ClientCallException(ErrorCodes.InternalError, 500, "db"), Gateway, TimeSpan.FromSeconds(5)));
        Assert.False(failed.MayHaveBeenProcessed);
        Assert.IsType<LicenseServerException>(OrleansFailures.Map(new ClientCallException(ErrorCodes.Maintenance, 503, "m"), Gateway, TimeSpan.FromSeconds(5)));

        Assert.False(Transient(new ConnectionFailedException("no gateway")).MayHaveBeenProcessed);
        Assert.True(Transient(new SiloUnavailableException("died")).MayHaveBeenProcessed);
        var late = Transient(new TimeoutException("late"));
        Assert.True(late.MayHaveBeenProcessed);
        Assert.Contains("5 s", late.Message, StringComparison.Ordinal);

        Assert.Null(OrleansFailures.Map(new InvalidOperationException("a bug"), Gateway, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_client_whose_gateways_are_all_gone_gets_server_unreachable_within_its_deadline()
    {
        var closed = FakeGateway.ClosedPort();
        await using var client = new LicenseClient(new LicenseClientOptions
        {
            Servers = $"olic://127.0.0.1:{closed}",
            Product = "cad",
            RequestTimeout = TimeSpan.FromSeconds(2),
            LoginRetryAttempts = 0,
            GetEnvironmentVariable = _ => null,
        });

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LicenseServerException>(() => client.LoginAsync([new FeatureRequest("draw", 1)], TestContext.Current.CancellationToken));

        // The bounded connect retry (2 s) plus the probe (at most 2 s), with room for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(ClientErrorCodes.Unreachable, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains($"127.0.0.1:{closed}", error.Message, StringComparison.Ordinal);
    }

    private static TransientGatewayException Transient(Exception e) =>
        Assert.IsType<TransientGatewayException>(OrleansFailures.Map(e, Gateway, TimeSpan.FromSeconds(5)));
}
