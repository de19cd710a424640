using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Silo.Tests.Infrastructure;
using static OrleansLicense.Silo.Tests.Borrows.BorrowApi;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>
/// #14 item 3: POST /api/v1/usage used to store a record dated 2099 with 2,147,483,647 check-outs of an unknown
/// feature, later exported signed with the grid's key. Such records are 400 bad_request naming the field, and
/// nothing is stored.
/// </summary>
public sealed class UsageRecordValidationTests(BorrowSiloFixture silo) : IClassFixture<BorrowSiloFixture>
{
    private static readonly ClientInfo Client = new("ann", "ws-17", "cad.exe", "fp-usage");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    public static TheoryData<string, string> Impossible() => new()
    {
        { "future", "record.to" },
        { "2099", "record.to" },
        { "backwards", "record.from" },
        { "too long", "record.from" },
        { "unknown feature", "record.features[0].name" },
        { "bad feature name", "record.features[0].name" },
        { "feature twice", "record.features[1].name" },
        { "negative check-outs", "record.features[0].checkOuts" },
        { "int.MaxValue check-outs", "record.features[0].checkOuts" },
        { "negative seconds", "record.features[0].seconds" },
        { "more seconds than the seats allow", "record.features[0].seconds" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public async Task An_impossible_record_is_400_naming_the_field_and_not_stored(string what, string field)
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None with { UsageStatistics = true }, ("draw", 5)));
        var record = Record(what);

        using var upload = await silo.Client.PostAsJsonAsync("/api/v1/usage", new UsageUploadRequest(product, Client, record), Ct);

        var problem = await ApiCalls.AssertProblemAsync(upload, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
        var usage = await silo.Admin.GetFromJsonAsync<UsageView>($"/api/v1/admin/usage/{license.Id}", Ct);
        Assert.Empty(usage!.Clients);
    }

    [Fact]
    public async Task A_possible_record_at_the_limits_is_stored()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None with { UsageStatistics = true }, ("draw", 5), ("print", 1)));

        // A full hour on all 5 seats, a clock a minute ahead, and a feature named in another case.
        var record = new UsageRecord(Now.AddHours(-1), Now.AddMinutes(1), [new FeatureUsageRecord("draw", 3, 5 * 3660), new FeatureUsageRecord("PRINT", 0, 0)]);
        using var upload = await silo.Client.PostAsJsonAsync("/api/v1/usage", new UsageUploadRequest(product, Client, record), Ct);

        await ApiCalls.AssertStatusAsync(upload, HttpStatusCode.OK);
        var usage = await silo.Admin.GetFromJsonAsync<UsageView>($"/api/v1/admin/usage/{license.Id}", Ct);
        Assert.Equal(1, Assert.Single(usage!.Clients).Uploads);
    }

    private UsageRecord Record(string what)
    {
        var hourAgo = Now.AddHours(-1);
        return what switch
        {
            "future" => new UsageRecord(Now, Now.AddHours(1), [Draw(1, 60)]),
            "2099" => new UsageRecord(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 1, 2, 0, 0, 0, TimeSpan.Zero), [Draw(1, 60)]),
            "backwards" => new UsageRecord(Now, hourAgo, [Draw(1, 60)]),
            "too long" => new UsageRecord(Now.AddDays(-400), Now, [Draw(1, 60)]),
            "unknown feature" => new UsageRecord(hourAgo, Now, [new FeatureUsageRecord("render", 1, 60)]),
            "bad feature name" => new UsageRecord(hourAgo, Now, [new FeatureUsageRecord("dr\u0000aw", 1, 60)]),
            "feature twice" => new UsageRecord(hourAgo, Now, [Draw(1, 60), new FeatureUsageRecord("DRAW", 1, 60)]),
            "negative check-outs" => new UsageRecord(hourAgo, Now, [Draw(-1, 60)]),
            "int.MaxValue check-outs" => new UsageRecord(hourAgo, Now, [Draw(int.MaxValue, 60)]),
            "negative seconds" => new UsageRecord(hourAgo, Now, [Draw(1, -60)]),
            "more seconds than the seats allow" => new UsageRecord(hourAgo, Now, [Draw(1, (5 * 3600) + 1)]),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    private static FeatureUsageRecord Draw(int checkOuts, long seconds) => new("draw", checkOuts, seconds);
}
