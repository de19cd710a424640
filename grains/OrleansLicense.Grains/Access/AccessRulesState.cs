namespace OrleansLicense.Grains.Access;

/// <summary>The stored access rules of a grid.</summary>
public sealed class AccessRulesState
{
    public long Version { get; set; }

    public int NextId { get; set; } = 1;

    public List<AccessRule> Rules { get; set; } = [];

    public List<NamedAdmin> Admins { get; set; } = [];
}
