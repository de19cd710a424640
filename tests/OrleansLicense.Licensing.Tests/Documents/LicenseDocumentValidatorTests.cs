using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Documents;

public sealed class LicenseDocumentValidatorTests
{
    public static TheoryData<string> BadFeatureNames => new()
    {
        "", "-lead", ".lead", "_lead", "has space", "tab\tname", "trailing-newline\n", "é", "a/b",
        "a" + new string('b', 64),
    };

    [Fact]
    public void Sample_is_valid()
    {
        Assert.Empty(LicenseDocumentValidator.Validate(Samples.Document()));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("Cad.Core-2_x")]
    public void Good_feature_names_are_accepted(string name)
    {
        Assert.True(LicenseDocumentValidator.IsValidFeatureName(name));
    }

    [Fact]
    public void A_64_character_feature_name_is_the_longest_accepted()
    {
        Assert.True(LicenseDocumentValidator.IsValidFeatureName("a" + new string('b', 63)));
        Assert.False(LicenseDocumentValidator.IsValidFeatureName("a" + new string('b', 64)));
    }

    [Theory]
    [MemberData(nameof(BadFeatureNames))]
    public void Bad_feature_names_are_reported(string name)
    {
        var document = Samples.Document() with { Features = [new LicenseFeature(name, 1)] };

        var problem = Assert.Single(LicenseDocumentValidator.Validate(document));
        Assert.Contains("does not match", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Seats_below_one_are_reported(int seats)
    {
        var document = Samples.Document() with { Features = [new LicenseFeature("cad", seats)] };

        var problem = Assert.Single(LicenseDocumentValidator.Validate(document));
        Assert.Contains("seats", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_names_must_be_unique_ignoring_case()
    {
        var document = Samples.Document() with { Features = [new LicenseFeature("Cad", 1), new LicenseFeature("cAD", 1)] };

        var problem = Assert.Single(LicenseDocumentValidator.Validate(document));
        Assert.Contains("more than once", problem, StringComparison.Ordinal);
    }

    public static TheoryData<LicenseDocument> InvalidDocuments => new()
    {
        Samples.Document() with { Features = [] },
        Samples.Document() with { Id = " " },
        Samples.Document() with { Product = "" },
        Samples.Document() with { Edition = (LicenseEdition)7 },
        Samples.Document() with { Expires = Samples.IssuedAt },
        Samples.Document() with { Flags = LicenseFlags.None with { Distributable = true } },
        Samples.Document() with { Flags = LicenseFlags.None with { UsageStatistics = true, ForcedAuthenticationHours = 0 } },
        Samples.Document() with { Flags = LicenseFlags.None with { ForcedAuthenticationHours = 4 } },
        Samples.Document() with { Binding = new LicenseBinding(BindingKind.None, "x") },
        Samples.Document() with { Binding = new LicenseBinding(BindingKind.Server, null) },
        Samples.Document() with { Binding = new LicenseBinding(BindingKind.Cluster, "") },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Invalid_values_are_reported(LicenseDocument document)
    {
        Assert.NotEmpty(LicenseDocumentValidator.Validate(document));
    }
}
