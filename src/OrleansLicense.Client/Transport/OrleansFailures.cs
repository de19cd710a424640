using System.Globalization;
using Orleans.Runtime.Messaging;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.ClientGateway;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Client.Transport;

/// <summary>Turns what an Orleans call throws into the client's two kinds of failure.</summary>
internal static class OrleansFailures
{
    /// <summary>
    /// A refusal becomes a <see cref="LicenseServerException"/>; a failure another try may overcome a
    /// <see cref="TransientGatewayException"/> saying whether the server may have applied the call; anything else
    /// (a bug, a cancellation) null, to be thrown as it is.
    /// </summary>
    public static Exception? Map(Exception e, Uri server, TimeSpan responseTimeout) => e switch
    {
        ClientCallException refusal => Refusal(new LicenseServerException(refusal.Code, refusal.Status, refusal.Message, server), server),
        LicensingException refusal => Refusal(new LicenseServerException(refusal.Code, refusal.Code == ErrorCodes.Forbidden ? 403 : 400, refusal.Message, server), server),

        // The silo died while the call was in flight (a kind of rejection, so matched first): it may have been applied.
        SiloUnavailableException => new TransientGatewayException(server, e.Message, mayHaveBeenProcessed: true, e),

        // Never delivered, or refused before any grain ran: safe to repeat anything.
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException =>
            new TransientGatewayException(server, e.Message, mayHaveBeenProcessed: false, e),

        // The answer is late: the call may have been applied.
        TimeoutException => new TransientGatewayException(
            server,
            string.Create(CultureInfo.InvariantCulture, $"No answer within {responseTimeout.TotalSeconds:0.#} s"),
            mayHaveBeenProcessed: true,
            e),

        // "No gateways available" and other connection states of the client.
        OrleansException => new TransientGatewayException(server, e.Message, mayHaveBeenProcessed: false, e),
        _ => null,
    };

    /// <summary>A sentence for a connection that never came up, naming the likely cause.</summary>
    public static string DescribeConnectFailure(OrleansConnectionSettings settings, Exception e)
    {
        var where = string.Join(", ", settings.Gateways.Select(g => g.Authority));
        var cause = Innermost(e).Message;
        if (settings.Tls is null && LooksLikeTlsRefusal(e))
        {
            return $"Could not connect to the license server's Orleans gateway at {where}: the gateway closed the connection during the handshake, "
                + "which is what a gateway that requires TLS does to a plaintext client. Give the client the grid's certificate "
                + $"(LicenseClientOptions.GatewayCertificateSha256 or GatewayCertificateFile). ({cause})";
        }

        if (settings.Tls is not null && e.ToString().Contains("Authentication", StringComparison.OrdinalIgnoreCase))
        {
            return $"Could not connect to the license server's Orleans gateway at {where}: the TLS handshake failed "
                + $"(the gateway's certificate is not the one configured, or it wants a client certificate). ({cause})";
        }

        return $"Could not connect to the license server's Orleans gateway at {where} within {settings.ResponseTimeout.TotalSeconds:0.#} s: {cause}";
    }

    // The same split as over HTTP: a server that says it failed (5xx but maintenance, 408, 429) applied nothing.
    private static Exception Refusal(LicenseServerException answer, Uri server) =>
        GatewayTransport.IsTransient(answer) ? new TransientGatewayException(server, answer.Message, mayHaveBeenProcessed: false, answer) : answer;

    // A TLS gateway reads a plaintext preamble as a broken ClientHello and drops the connection (or answers an alert).
    private static bool LooksLikeTlsRefusal(Exception e) =>
        e.ToString() is var text
        && (text.Contains("closed", StringComparison.OrdinalIgnoreCase)
            || text.Contains("reset", StringComparison.OrdinalIgnoreCase)
            || text.Contains("preamble", StringComparison.OrdinalIgnoreCase)
            || text.Contains("EndOfStream", StringComparison.OrdinalIgnoreCase));

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
