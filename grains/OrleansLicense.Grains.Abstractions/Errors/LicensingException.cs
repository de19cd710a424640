using OrleansLicense.Contracts.Errors;

namespace OrleansLicense.Grains.Errors;

/// <summary>
/// A refusal users see: a stable <see cref="Code"/> from <see cref="ErrorCodes"/> and a human
/// sentence. Grains throw it; Orleans carries it to the caller (code and message); edges turn it into
/// problem details with the code's HTTP status.
/// </summary>
[GenerateSerializer]
public sealed class LicensingException(string code, string message) : Exception(message)
{
    /// <summary>The stable error code.</summary>
    [Id(0)]
    public string Code { get; } = code;

    /// <summary>Not enough free seats of a feature.</summary>
    public static LicensingException SeatsExhausted(string feature, int free, int requested)
        => new(ErrorCodes.SeatsExhausted, $"Feature '{feature}' has {free} free seat(s); {requested} requested.");

    /// <summary>Something named does not exist.</summary>
    public static LicensingException NotFound(string what) => new(ErrorCodes.NotFound, what);

    /// <summary>A field is missing or out of range.</summary>
    public static LicensingException BadRequest(string message) => new(ErrorCodes.BadRequest, message);
}
