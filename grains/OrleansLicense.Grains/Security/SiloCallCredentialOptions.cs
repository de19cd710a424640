using Microsoft.Extensions.Options;

namespace OrleansLicense.Grains.Security;

/// <summary>
/// The credential every call to a license grain must carry (section <c>SiloCallCredential</c>): a secret only the
/// silos of one cluster hold. The Orleans gateway is reachable by anyone and does not verify who a client says it
/// is, so without it any client could call any grain method (read the admin token, raise a license's seats).
/// Every silo of a cluster must be given the same secret.
/// </summary>
public sealed class SiloCallCredentialOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "SiloCallCredential";

    /// <summary>The shortest secret accepted, in characters.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The shared secret; at least <see cref="MinimumSecretLength"/> characters. Required.</summary>
    public string Secret { get; set; } = "";
}

/// <summary>Refuses a missing or short <see cref="SiloCallCredentialOptions.Secret"/> at start.</summary>
internal sealed class SiloCallCredentialOptionsValidator : IValidateOptions<SiloCallCredentialOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloCallCredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.Secret?.Length ?? 0) < SiloCallCredentialOptions.MinimumSecretLength
            ? ValidateOptionsResult.Fail(
                $"{SiloCallCredentialOptions.SectionName}:{nameof(SiloCallCredentialOptions.Secret)} must be at least {SiloCallCredentialOptions.MinimumSecretLength} characters "
                + "(the secret every silo of the cluster shares; grain calls without it are refused).")
            : ValidateOptionsResult.Success;
    }
}
