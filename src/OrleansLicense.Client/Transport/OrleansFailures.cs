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

    /// <summary>A sentence for a connection that never came up, naming the cause when a probe of the gateway shows it.</summary>
    public static async Task<string> DescribeConnectFailureAsync(OrleansConnectionSettings settings, Exception e, CancellationToken cancellationToken)
    {
        var where = string.Join(", ", settings.Gateways.Select(g => g.Authority));
        var cause = Innermost(e).Message;
        var presented = await GatewayProbe.TlsCertificateAsync(settings.Gateways[0], cancellationToken).ConfigureAwait(false);
        if (settings.Tls is null && presented is not null)
        {
            return $"Could not connect to the license server's Orleans gateway at {where}: the gateway requires TLS and this client "
                + "speaks plaintext. Give the client the grid certificate's SHA-256 (each silo logs it at start) or its PEM file: "
                + "LicenseClientOptions.GatewayCertificateSha256 or GatewayCertificateFile.";
        }

        if (settings.Tls is { } tls && presented is not null && !tls.TrustedSha256.Contains(presented, StringComparer.OrdinalIgnoreCase))
        {
            return $"Could not connect to the license server's Orleans gateway at {where}: the TLS handshake failed, because the gateway "
                + $"presents a certificate with SHA-256 {presented}, which is not the one configured.";
        }

        if (settings.Tls is not null && presented is null)
        {
            return $"Could not connect to the license server's Orleans gateway at {where}: it does not speak TLS (a single silo's "
                + $"loopback gateway is plaintext: leave the gateway certificate unset for it). ({cause})";
        }

        return settings.Tls is not null
            ? $"Could not connect to the license server's Orleans gateway at {where} within {settings.ResponseTimeout.TotalSeconds:0.#} s; "
                + $"the TLS handshake may have failed (a gateway that admits known workstations only wants a client certificate). ({cause})"
            : $"Could not connect to the license server's Orleans gateway at {where} within {settings.ResponseTimeout.TotalSeconds:0.#} s: {cause}";
    }

    // The same split as over HTTP: a server that says it failed (5xx but maintenance, 408, 429) applied nothing.
    private static Exception Refusal(LicenseServerException answer, Uri server) =>
        GatewayTransport.IsTransient(answer) ? new TransientGatewayException(server, answer.Message, mayHaveBeenProcessed: false, answer) : answer;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }
}
