namespace OrleansLicense.Dashboard.Tests.Infrastructure;

/// <summary>Unique names, so tests sharing one silo never see each other's licenses and sessions.</summary>
public static class Names
{
    /// <summary>A product id such as <c>cad-3f9a1c2e</c>.</summary>
    public static string Product(string prefix = "cad") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A user name such as <c>ann-3f9a</c>.</summary>
    public static string User(string prefix = "ann") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 5)];
}
