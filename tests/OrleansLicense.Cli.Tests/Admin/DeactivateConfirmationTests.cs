using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Contracts.Admin;

namespace OrleansLicense.Cli.Tests.Admin;

/// <summary>
/// Issue #14 item 19: <c>olic license deactivate</c> asks before it deactivates (or takes <c>--yes</c>), and the question
/// says that importing the file again undoes it.
/// </summary>
public sealed class DeactivateConfirmationTests
{
    private static readonly LicenseView Seeded = new(
        "SN-1",
        "acme-cad",
        "enterprise",
        Expires: null,
        new LicenseFlagsView(Borrowable: false, Distributable: false, UsageStatistics: false, PeakUpload: false, LocalOnly: false),
        "active",
        [new FeatureView("draw", 5, 0, 0, 5, 0)]);

    [Theory]
    [InlineData("y\n")]
    [InlineData("yes\n")]
    public async Task Yes_to_the_question_deactivates(string answer)
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstWithInputAsync(api, answer, "license", "deactivate", "SN-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Deactivate license SN-1?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("importing its file again activates it", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(("DELETE", "/api/v1/admin/licenses/SN-1"), (api.SingleRequest.Method, api.SingleRequest.Path));
        Assert.Equal("deactivated", api.FindLicense("SN-1")?.Status);
    }

    [Theory]
    [InlineData("n\n")]
    [InlineData("\n")]
    [InlineData("SN-1\n")]
    public async Task Anything_else_leaves_the_license_active_and_sends_nothing(string answer)
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstWithInputAsync(api, answer, "license", "deactivate", "SN-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: declined: license SN-1 was not deactivated.", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
        Assert.Equal("active", api.FindLicense("SN-1")?.Status);
    }

    [Fact]
    public async Task No_answer_at_all_is_a_usage_error_naming_yes()
    {
        await using var api = await FakeAdminApi.StartAsync(TestContext.Current.CancellationToken);
        api.AddLicense(Seeded);

        var result = await Olic.RunAgainstWithInputAsync(api, "", "license", "deactivate", "SN-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }
}
