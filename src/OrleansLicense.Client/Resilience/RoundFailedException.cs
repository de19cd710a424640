using OrleansLicense.Client.Transport;

namespace OrleansLicense.Client.Resilience;

/// <summary>Every server of one round failed transiently; the retry pipeline backs off and starts another round.</summary>
internal sealed class RoundFailedException(TransientGatewayException last)
    : Exception("No server answered in this round.", last)
{
    /// <summary>The last server's failure.</summary>
    public TransientGatewayException Last { get; } = last;
}
