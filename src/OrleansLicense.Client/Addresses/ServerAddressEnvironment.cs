namespace OrleansLicense.Client.Addresses;

/// <summary>Finds the server address variable (R-CLI-2): a vendor's <c>PREFIX_URL</c> wins over
/// <c>ORLEANSLICENSE_URL</c>.</summary>
/// <remarks>The environment is passed in as a lookup so that tests never touch the real process
/// environment.</remarks>
public static class ServerAddressEnvironment
{
    /// <summary>The default variable: <c>ORLEANSLICENSE_URL</c>.</summary>
    public const string DefaultVariable = "ORLEANSLICENSE_URL";

    /// <summary>The variable a vendor prefix reads: <c>ACME</c> (or <c>acme</c>, or <c>ACME_</c>) reads <c>ACME_URL</c>.</summary>
    /// <param name="vendorPrefix">The vendor's prefix.</param>
    /// <returns>The variable name.</returns>
    /// <exception cref="ArgumentException">The prefix is empty or not made of letters, digits and underscores.</exception>
    public static string VariableName(string vendorPrefix)
    {
        ArgumentNullException.ThrowIfNull(vendorPrefix);
        var prefix = vendorPrefix.Trim().TrimEnd('_');
        if (prefix.Length == 0 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"The vendor prefix '{vendorPrefix}' must be letters, digits and underscores.", nameof(vendorPrefix));
        }

        // Upper case: environment names are case-sensitive on Unix and the convention is upper case,
        // so a vendor writing "Acme" still means ACME_URL.
        return prefix.ToUpperInvariant() + "_URL";
    }

    /// <summary>Reads the vendor's variable, then the default one; an unset or blank variable counts as absent.</summary>
    /// <param name="vendorPrefix">The vendor prefix, or null for the default variable only.</param>
    /// <param name="getVariable">Looks up an environment variable by name (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>The variable found, or null when neither is set.</returns>
    public static ServerAddressVariable? Find(string? vendorPrefix, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (!string.IsNullOrWhiteSpace(vendorPrefix))
        {
            var name = VariableName(vendorPrefix);
            var value = getVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return new ServerAddressVariable(name, value);
            }
        }

        var fallback = getVariable(DefaultVariable);
        return string.IsNullOrWhiteSpace(fallback) ? null : new ServerAddressVariable(DefaultVariable, fallback);
    }

    /// <summary>A companion setting of the address variable (<c>PREFIX_CLUSTER</c>, else <c>ORLEANSLICENSE_CLUSTER</c>), or null.</summary>
    internal static string? FindSetting(string? vendorPrefix, string suffix, Func<string, string?> getVariable) =>
        FindCompanion(vendorPrefix, suffix, getVariable)?.Value.Trim();

    /// <summary>A companion variable with its name (<c>PREFIX_BACKUP_URL</c>, else <c>ORLEANSLICENSE_BACKUP_URL</c>), or null.</summary>
    internal static ServerAddressVariable? FindCompanion(string? vendorPrefix, string suffix, Func<string, string?> getVariable)
    {
        if (!string.IsNullOrWhiteSpace(vendorPrefix))
        {
            var name = VariableName(vendorPrefix)[..^"URL".Length] + suffix;
            if (getVariable(name) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return new ServerAddressVariable(name, value);
            }
        }

        var fallbackName = "ORLEANSLICENSE_" + suffix;
        var fallback = getVariable(fallbackName);
        return string.IsNullOrWhiteSpace(fallback) ? null : new ServerAddressVariable(fallbackName, fallback);
    }
}
