namespace OrleansLicense.Licensing.Signing;

/// <summary>A license file was refused; <see cref="Code"/> is stable, the message is for humans.</summary>
public sealed class LicenseValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of <see cref="LicenseErrorCodes"/>.</param>
    /// <param name="message">A human sentence saying what is wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public LicenseValidationException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable error code, one of <see cref="LicenseErrorCodes"/>.</summary>
    public string Code { get; }
}
