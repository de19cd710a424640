using System.Globalization;

namespace OrleansLicense.Client;

/// <summary>A call to the license server failed. <see cref="Code"/> is stable (one of
/// <see cref="Contracts.Errors.ErrorCodes"/> when a server answered, or of <see cref="ClientErrorCodes"/> when none
/// did); the message is for humans.</summary>
public sealed class LicenseServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="status">The HTTP status the server answered, or 0 when no server answered.</param>
    /// <param name="detail">The server's human sentence (the problem's <c>detail</c>), if any.</param>
    /// <param name="server">The server that answered or was tried last, if any.</param>
    /// <param name="isTransient">True when retrying later may succeed (timeouts, refused connections, 5xx).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public LicenseServerException(string code, int status, string? detail, Uri? server = null, bool isTransient = false, Exception? innerException = null)
        : base(Describe(code, status, detail, server), innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
        Status = status;
        Detail = detail;
        Server = server;
        IsTransient = isTransient;
    }

    /// <summary>The stable error code, e.g. <c>seats_exhausted</c>, <c>maintenance</c> or <c>server_unreachable</c>.</summary>
    public string Code { get; }

    /// <summary>The HTTP status, or 0 when no server answered.</summary>
    public int Status { get; }

    /// <summary>The server's human sentence, if any.</summary>
    public string? Detail { get; }

    /// <summary>The server that answered, or the one tried last.</summary>
    public Uri? Server { get; }

    /// <summary>True when the failure was transient (timeouts, refused connections, 5xx) and retries ran out;
    /// false when a server gave a final answer (e.g. 409 <c>seats_exhausted</c>, 503 <c>maintenance</c>).</summary>
    public bool IsTransient { get; }

    private static string Describe(string code, int status, string? detail, Uri? server)
    {
        var where = server is null ? "" : string.Create(CultureInfo.InvariantCulture, $" from {server}");
        var http = status == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" (HTTP {status})");
        return string.IsNullOrWhiteSpace(detail) ? $"{code}{http}{where}" : $"{code}{http}{where}: {detail}";
    }
}
