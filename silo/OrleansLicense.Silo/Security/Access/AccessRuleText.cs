using System.Net;

namespace OrleansLicense.Silo.Security.Access;

/// <summary>The words of an access rule: who it is about and where the call comes from (R-SEC-1).</summary>
internal static class AccessRuleText
{
    /// <summary>Who: every caller holding a valid token.</summary>
    public const string Everyone = "everyone";

    /// <summary>Who: holders of the grid's own admin token (admin.token).</summary>
    public const string Token = "token";

    /// <summary>Who: prefix of a named admin (<c>admin:ann</c>).</summary>
    public const string AdminPrefix = "admin:";

    /// <summary>Where: from anywhere.</summary>
    public const string Any = "any";

    /// <summary>Where: from this computer (a loopback address).</summary>
    public const string ThisComputer = "this-computer";

    /// <summary>The rule's <c>who</c> in its stored form, or null with <paramref name="problem"/> set.</summary>
    public static string? NormalizeWho(string? who, out string? problem)
    {
        problem = null;
        var text = who?.Trim() ?? "";
        if (string.Equals(text, Everyone, StringComparison.OrdinalIgnoreCase) || string.Equals(text, Token, StringComparison.OrdinalIgnoreCase))
        {
            return text.ToLowerInvariant();
        }

        if (text.StartsWith(AdminPrefix, StringComparison.OrdinalIgnoreCase) && NamedAdmins.IsValidName(text[AdminPrefix.Length..]))
        {
            return AdminPrefix + text[AdminPrefix.Length..];
        }

        problem = $"who must be everyone, token or admin:NAME (was '{who}').";
        return null;
    }

    /// <summary>The rule's <c>where</c> in its stored form, or null with <paramref name="problem"/> set.</summary>
    public static string? NormalizeWhere(string? where, out string? problem)
    {
        problem = null;
        var text = where?.Trim() ?? "";
        if (string.Equals(text, Any, StringComparison.OrdinalIgnoreCase) || string.Equals(text, ThisComputer, StringComparison.OrdinalIgnoreCase))
        {
            return text.ToLowerInvariant();
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(text, out var network))
            {
                return network.ToString();
            }

            problem = $"where '{where}' is not a CIDR block such as 10.0.0.0/8 (the address must have no bits beyond the prefix).";
            return null;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address.ToString();
        }

        if (Uri.CheckHostName(text) == UriHostNameType.Dns)
        {
            return text.ToLowerInvariant();
        }

        problem = $"where must be any, this-computer, an IP address, a CIDR block or a host name (was '{where}').";
        return null;
    }

    /// <summary>The rule as a phrase for messages: <c>deny token from 10.0.0.0/8</c>.</summary>
    public static string Describe(Grains.Access.AccessRule rule)
        => $"{(rule.Allow ? "allow" : "deny")} {rule.Who} from {rule.Where}";
}
