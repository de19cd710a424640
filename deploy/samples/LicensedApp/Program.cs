// A program that needs a floating license to run: it logs in, shows its seats, keeps them while it works
// (the client heartbeats in the background), stops when the server takes them away, and logs out on Ctrl+C or
// SIGTERM (a service manager's stop). With the README's license (acme-cad, 5 seats of "draw"):
//
//   ORLEANSLICENSE_URL=olic://127.0.0.1:30000 dotnet run -- acme-cad draw=1
//
// Exit codes: 0 logged out after work, 1 no license, 2 bad configuration, 3 license lost, 130 stopped before a
// license was granted.
//
// The addresses are Orleans gateways (port 30000 by default). Several may be listed (up to 6, commas or colons):
// olic://10.0.0.5:30000,30000@10.0.0.6; a grid also needs ORLEANSLICENSE_CLUSTER and ORLEANSLICENSE_GATEWAY_SHA256.
using System.Globalization;
using System.Runtime.InteropServices;
using OrleansLicense.Client;
using OrleansLicense.Contracts.Sessions;

var product = args.Length > 0 ? args[0] : "acme-cad";
FeatureRequest[] features = args.Length > 1 ? [.. args[1..].Select(ParseFeature)] : [new FeatureRequest("draw", 1)];

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Keep the process alive long enough to give the seats back.
    e.Cancel = true;
    stop.Cancel();
};

// SIGTERM (systemd, docker stop, kill) likewise: without this the runtime ends the process at once and the seats stay
// taken until the server's client timeout.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

LicenseClient client;
try
{
    // Addresses come from ORLEANSLICENSE_URL; set EnvironmentPrefix = "ACME" to read ACME_URL first.
    client = new LicenseClient(new LicenseClientOptions { Product = product });
}
catch (Exception e) when (e is InvalidOperationException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string? lost = null;
await using (client)
{
    client.Kicked += (_, e) =>
    {
        lost = $"the server ended the session ({e.Code}: {e.Detail})";
        stop.Cancel();
    };
    client.ConnectionLost += (_, e) =>
    {
        lost = $"no license server answered before {e.Deadline:u}";
        stop.Cancel();
    };
    client.ServerChanged += (_, e) => Console.WriteLine($"Now using {e.NewServer} ({e.Reason}); the session is kept.");

    LicenseSession? session = null;
    try
    {
        session = await client.LoginAsync(features, stop.Token);
        Console.WriteLine($"Licensed by {client.CurrentServer}: session {session.SessionId}, license {session.LicenseId}");
        foreach (var feature in session.Features)
        {
            Console.WriteLine($"  {feature.Name}: {feature.Count} seat(s)");
        }

        Console.WriteLine("Working. Press Ctrl+C to quit.");
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (LicenseServerException e)
    {
        // e.Code is stable: seats_exhausted, maintenance, not_found, server_unreachable, ...
        Console.Error.WriteLine($"No license: {e.Code}: {e.Detail ?? e.Message}");
        return 1;
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        // Ctrl+C, or the license went away.
    }

    if (session is null)
    {
        // Stopped while the login was still being tried (say, every server down and the client retrying): there is
        // no session to log out of.
        Console.Error.WriteLine("Stopped before a license was granted; no session was opened.");
        return 130;
    }

    if (lost is not null)
    {
        Console.Error.WriteLine($"License lost: {lost}. Save your work and restart.");
        return 3;
    }

    try
    {
        await client.LogoutAsync(CancellationToken.None);
        Console.WriteLine("Logged out; the seats are back in the pool.");
    }
    catch (LicenseServerException e)
    {
        Console.Error.WriteLine($"Logout did not reach a server ({e.Code}); the server will free the seats when the session times out.");
    }
}

return 0;

static FeatureRequest ParseFeature(string text)
{
    var parts = text.Split('=', 2);
    var count = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
    return new FeatureRequest(parts[0], count);
}
