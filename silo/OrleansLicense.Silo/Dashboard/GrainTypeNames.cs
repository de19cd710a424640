namespace OrleansLicense.Silo.Dashboard;

/// <summary>
/// Names for the grain types of Orleans' statistics, which name a grain class as
/// <c>Namespace.TypeName,Assembly</c>: the console shows <c>License</c> for <c>…Licenses.LicenseGrain</c>.
/// </summary>
internal static class GrainTypeNames
{
    private const string OurNamespace = "OrleansLicense.";

    /// <summary>The class's full name, without the assembly.</summary>
    public static string Full(string grainType)
    {
        var comma = grainType.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? grainType : grainType[..comma]).Trim();
    }

    /// <summary>The class's name without namespace, generic arguments or the <c>Grain</c> suffix.</summary>
    public static string Short(string grainType)
    {
        var name = Full(grainType);
        var generic = name.IndexOfAny(['`', '[']);
        if (generic >= 0)
        {
            name = name[..generic];
        }

        name = name[(name.LastIndexOf('.') + 1)..];
        name = name[(name.LastIndexOf('+') + 1)..];
        return name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal) ? name[..^"Grain".Length] : name;
    }

    /// <summary>True for a grain that is not one of ours (Orleans' management, dashboard, reminder grains…).</summary>
    public static bool IsSystem(string grainType) => !Full(grainType).StartsWith(OurNamespace, StringComparison.Ordinal);
}
