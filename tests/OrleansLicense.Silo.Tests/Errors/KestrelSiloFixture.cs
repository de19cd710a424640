using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansLicense.Silo.Tests.Infrastructure;
using OrleansLicense.Testing;

namespace OrleansLicense.Silo.Tests.Errors;

/// <summary>
/// The silo in process behind real Kestrel on a free loopback port: requests Kestrel itself refuses (bad request
/// line, over-long target) never reach the in-memory test server, so they need a real socket.
/// </summary>
public sealed class KestrelSiloFixture : IAsyncLifetime
{
    private SiloFactory? _factory;

    public TempDirectory Folder { get; } = new("olic-kestrel");

    public int HttpPort { get; } = FreePort.Next();

    public ValueTask InitializeAsync()
    {
        _factory = new SiloFactory(Folder.Path, new ManualClock(), new Dictionary<string, string?>
        {
            ["Silo:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["Silo:ListenAddress"] = "127.0.0.1",
        });
        _factory.UseKestrel();
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
        }
        finally
        {
            Folder.Dispose();
        }
    }
}
