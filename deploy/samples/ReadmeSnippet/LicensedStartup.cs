using OrleansLicense.Client;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;

/// <summary>Takes a floating license for the program's lifetime: the README's "use it from your program".</summary>
public static class LicensedStartup
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        // Servers from ORLEANSLICENSE_URL: Orleans gateways, e.g. olic://10.0.0.5:30000,olic://10.0.0.6:30000
        // (or Servers = "..." here; EnvironmentPrefix = "ACME" reads ACME_URL first).
        await using var license = new LicenseClient(new LicenseClientOptions { Product = "acme-cad" });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        license.Kicked += (_, e) => { Console.Error.WriteLine($"License taken back: {e.Code}"); stop.Cancel(); };
        license.ServerChanged += (_, e) => Console.WriteLine($"{e.Reason}: now on {e.NewServer}");
        try
        {
            var session = await license.LoginAsync([new FeatureRequest("draw", 1)], stop.Token);
            Console.WriteLine($"Licensed: session {session.SessionId}, license {session.LicenseId}");
            await work(stop.Token);     // heartbeats run in the background meanwhile
            return 0;
        }
        catch (LicenseServerException e) when (e.Code is ErrorCodes.SeatsExhausted or ErrorCodes.Maintenance)
        {
            Console.Error.WriteLine($"No license right now: {e.Detail}");
            return 1;
        }
    }   // DisposeAsync logs out and returns the seats
}
