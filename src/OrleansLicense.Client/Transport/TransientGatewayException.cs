namespace OrleansLicense.Client.Transport;

/// <summary>One server failed in a way another server, or a later try, may not: refused connection, timeout, 5xx.</summary>
internal sealed class TransientGatewayException : Exception
{
    public TransientGatewayException(Uri server, string message, bool mayHaveBeenProcessed, Exception? innerException)
        : base(message, innerException)
    {
        Server = server;
        MayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /// <summary>The server that failed.</summary>
    public Uri Server { get; }

    /// <summary>True when the request may have reached the server (a timeout or a cut connection after sending),
    /// so repeating a non-idempotent request could apply it twice.</summary>
    public bool MayHaveBeenProcessed { get; }

    /// <summary>The server's answer when it gave one (a 5xx problem), else null.</summary>
    public LicenseServerException? Answer => InnerException as LicenseServerException;
}
