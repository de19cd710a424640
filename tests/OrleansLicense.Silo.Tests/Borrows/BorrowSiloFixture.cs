using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>A silo whose periodic work runs hourly, so tests may move the manual clock by days without firing many thousand ticks.</summary>
public sealed class BorrowSiloFixture : SiloFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Licensing:LeaseSweepInterval"] = "01:00:00",
    };
}
