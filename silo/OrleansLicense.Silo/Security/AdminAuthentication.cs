namespace OrleansLicense.Silo.Security;

/// <summary>Names of the admin authentication scheme and authorization policy.</summary>
internal static class AdminAuthentication
{
    /// <summary>The scheme checking <c>Authorization: Bearer &lt;admin token&gt;</c>.</summary>
    public const string Scheme = "AdminToken";

    /// <summary>The policy every admin endpoint requires.</summary>
    public const string Policy = "Admin";

    /// <summary>The role claim given to a caller holding the admin token.</summary>
    public const string Role = "admin";
}
