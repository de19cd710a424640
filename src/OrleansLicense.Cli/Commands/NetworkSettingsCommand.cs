using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Commands;

/// <summary><c>olic settings set --ipv6 disable|enable|only</c>: the silo's IPv6 mode from its next start (R-NET-1).</summary>
internal static class NetworkSettingsCommand
{
    /// <summary>The modes <c>--ipv6</c> takes.</summary>
    public static readonly IReadOnlyList<string> Modes = ["disable", "enable", "only"];

    /// <summary>Checks the mode before any request, so a typo changes nothing.</summary>
    public static string Parse(string text)
    {
        var mode = text.Trim().ToLowerInvariant();
        return Modes.Contains(mode)
            ? mode
            : throw CliException.Usage($"--ipv6 must be disable (IPv4 only), enable (IPv4 and IPv6) or only (IPv6 only), not '{text}'.");
    }

    public static async Task SetAsync(CliContext context, string mode, CancellationToken ct)
    {
        using var client = context.CreateAdminClient();
        var body = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new NetworkSettingsRequest(mode), OperationsJsonContext.Default.NetworkSettingsRequest));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(HttpMethod.Put, "network", body, OperationsJsonContext.Default.NetworkSettingsView, ct).ConfigureAwait(false);
        if (context.Json)
        {
            context.Out.WriteLine(response.RawJson);
            return;
        }

        var view = response.Value;
        context.Out.WriteLine(view.IPv6 == view.RunningIPv6
            ? $"IPv6: {view.IPv6} (as the silo runs now)."
            : $"IPv6: {view.IPv6} from the silo's next start (it runs with {view.RunningIPv6} now); restart it to apply.");
    }
}
