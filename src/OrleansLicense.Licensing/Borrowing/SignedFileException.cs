namespace OrleansLicense.Licensing.Borrowing;

/// <summary>A signed file (borrow request, borrow certificate, return, usage export, peak log) was refused.</summary>
public sealed class SignedFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of <see cref="SignedFileErrorCodes"/>.</param>
    /// <param name="message">A human sentence saying what is wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SignedFileException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable error code, one of <see cref="SignedFileErrorCodes"/>.</summary>
    public string Code { get; }

    internal static SignedFileException Invalid(string message, Exception? inner = null) => new(SignedFileErrorCodes.Invalid, message, inner);
}
