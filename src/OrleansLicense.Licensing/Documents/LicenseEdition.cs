namespace OrleansLicense.Licensing.Documents;

/// <summary>The product edition a license grants; serialised as a lowercase string.</summary>
public enum LicenseEdition
{
    /// <summary>The standard edition.</summary>
    Standard,

    /// <summary>The enterprise edition.</summary>
    Enterprise,
}
