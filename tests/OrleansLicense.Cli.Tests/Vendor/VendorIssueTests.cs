using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansLicense.Cli.Tests.Infrastructure;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;

namespace OrleansLicense.Cli.Tests.Vendor;

public sealed partial class VendorIssueTests : IDisposable
{
    private readonly TempFolder output = new();

    private string LicensePath => output.Combine("license.json");

    public void Dispose() => output.Dispose();

    [Fact]
    public async Task Issue_with_every_option_round_trips_through_the_verifier()
    {
        using var keys = await VendorKeys.CreateAsync();
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234);

        var result = await Olic.RunAtAsync(
            now,
            "vendor", "issue", "--key", keys.PrivateKeyPath,
            "--product", "acme-cad",
            "--feature", "draw=5", "--feature", "print=2",
            "--id", "SN-0001",
            "--edition", "enterprise",
            "--expires", "2027-12-31",
            "--borrowable", "--distributable", "--local-only", "--usage-stats",
            "--forced-auth-hours", "24", "--peak-upload",
            "--bind-cluster", "cluster-7",
            "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = LicenseVerifier.Verify(File.ReadAllText(LicensePath), keys.TrustedKeys, now, new ServerIdentity("srv-1", "cluster-7", IsTriad: true));
        Assert.Equal("SN-0001", document.Id);
        Assert.Equal("acme-cad", document.Product);
        Assert.Equal(LicenseEdition.Enterprise, document.Edition);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), document.IssuedAt);
        Assert.Equal(new DateTimeOffset(2027, 12, 31, 23, 59, 59, TimeSpan.Zero), document.Expires);
        Assert.Equal(new LicenseFlags(true, true, true, true, true, 24), document.Flags);
        Assert.Equal([new LicenseFeature("draw", 5), new LicenseFeature("print", 2)], document.Features);
        Assert.Equal(LicenseBinding.ToCluster("cluster-7"), document.Binding);
        Assert.Contains("SN-0001", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(LicensePath, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_defaults_to_a_random_id_standard_edition_no_expiry_no_flags_and_no_binding()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "acme-cad", "--feature", "draw=1", "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = LicenseVerifier.Verify(File.ReadAllText(LicensePath), keys.TrustedKeys, DateTimeOffset.UtcNow, null);
        Assert.Matches(GeneratedId(), document.Id);
        Assert.Equal(LicenseEdition.Standard, document.Edition);
        Assert.Null(document.Expires);
        Assert.Equal(LicenseFlags.None, document.Flags);
        Assert.Equal(LicenseBinding.None, document.Binding);
        Assert.InRange(document.IssuedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Two_issues_get_different_random_ids()
    {
        using var keys = await VendorKeys.CreateAsync();
        var second = output.Combine("second.json");

        Assert.Equal(0, (await keys.IssueAsync("--product", "p", "--feature", "f=1", "--out", LicensePath)).ExitCode);
        Assert.Equal(0, (await keys.IssueAsync("--product", "p", "--feature", "f=1", "--out", second)).ExitCode);

        var trusted = keys.TrustedKeys;
        Assert.NotEqual(
            LicenseVerifier.Verify(File.ReadAllText(LicensePath), trusted, DateTimeOffset.UtcNow, null).Id,
            LicenseVerifier.Verify(File.ReadAllText(second), trusted, DateTimeOffset.UtcNow, null).Id);
    }

    public static TheoryData<string, LicenseFlags> SingleFlags => new()
    {
        { "--borrowable", LicenseFlags.None with { Borrowable = true } },
        { "--distributable", LicenseFlags.None with { Distributable = true, Borrowable = true } },
        { "--local-only", LicenseFlags.None with { LocalOnly = true } },
        { "--usage-stats", LicenseFlags.None with { UsageStatistics = true } },
        { "--peak-upload", LicenseFlags.None with { PeakUpload = true } },
    };

    [Theory]
    [MemberData(nameof(SingleFlags))]
    public async Task Each_flag_alone_sets_exactly_its_license_flag(string flag, LicenseFlags expected)
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", flag, "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, LicenseVerifier.Verify(File.ReadAllText(LicensePath), keys.TrustedKeys, DateTimeOffset.UtcNow, null).Flags);
    }

    [Fact]
    public async Task Forced_authentication_hours_go_with_usage_statistics()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", "--usage-stats", "--forced-auth-hours", "72", "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            LicenseFlags.None with { UsageStatistics = true, ForcedAuthenticationHours = 72 },
            LicenseVerifier.Verify(File.ReadAllText(LicensePath), keys.TrustedKeys, DateTimeOffset.UtcNow, null).Flags);
    }

    [Fact]
    public async Task Bind_server_binds_to_that_server_and_a_server_elsewhere_refuses_it()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", "--bind-server", "srv-42", "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(LicensePath);
        var document = LicenseVerifier.Verify(text, keys.TrustedKeys, DateTimeOffset.UtcNow, new ServerIdentity("srv-42", null, IsTriad: false));
        Assert.Equal(LicenseBinding.ToServer("srv-42"), document.Binding);
        var refused = Assert.Throws<LicenseValidationException>(() =>
            LicenseVerifier.Verify(text, keys.TrustedKeys, DateTimeOffset.UtcNow, new ServerIdentity("srv-43", null, IsTriad: false)));
        Assert.Equal(LicenseErrorCodes.BindingMismatch, refused.Code);
    }

    [Theory]
    [InlineData("2027-06-30T12:00:00Z", "2027-06-30T12:00:00+00:00")]
    [InlineData("2027-06-30T12:00:00+02:00", "2027-06-30T10:00:00+00:00")]
    [InlineData("2027-06-30T12:00:00", "2027-06-30T12:00:00+00:00")]
    [InlineData("2027-06-30", "2027-06-30T23:59:59+00:00")]
    public async Task Expires_accepts_a_date_or_an_iso_date_time_in_utc(string expires, string expected)
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", "--expires", expires, "--out", LicensePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = LicenseVerifier.Verify(File.ReadAllText(LicensePath), keys.TrustedKeys, DateTimeOffset.UtcNow, null);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), document.Expires);
        Assert.Equal(TimeSpan.Zero, document.Expires!.Value.Offset);
    }

    [Fact]
    public async Task A_license_from_another_key_is_refused_by_the_verifier()
    {
        using var keys = await VendorKeys.CreateAsync();
        Assert.Equal(0, (await keys.IssueAsync("--product", "p", "--feature", "f=1", "--out", LicensePath)).ExitCode);

        var otherKey = new TrustedKeyStore([new TrustedKey(VendorKeyPair.Generate().PublicKey)]);

        var refused = Assert.Throws<LicenseValidationException>(() =>
            LicenseVerifier.Verify(File.ReadAllText(LicensePath), otherKey, DateTimeOffset.UtcNow, null));
        Assert.Equal(LicenseErrorCodes.SignatureInvalid, refused.Code);
    }

    [Fact]
    public async Task Issue_json_prints_id_product_key_and_file()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", "--id", "SN-9", "--out", LicensePath, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("SN-9", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("p", json.RootElement.GetProperty("product").GetString());
        Assert.Equal(keys.TrustedKeys.Keys.Single().KeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(LicensePath, json.RootElement.GetProperty("file").GetString());
    }

    [Theory]
    [InlineData("seats of feature 'draw' must be a positive whole number, not '0'", "--feature", "draw=0")]
    [InlineData("seats of feature 'draw' must be a positive whole number, not '-3'", "--feature", "draw=-3")]
    [InlineData("seats of feature 'draw' must be a positive whole number, not 'many'", "--feature", "draw=many")]
    [InlineData("seats of feature 'draw' must be a positive whole number, not '1.5'", "--feature", "draw=1.5")]
    [InlineData("seats of feature 'draw' must be a positive whole number, not ''", "--feature", "draw=")]
    [InlineData("must be name=seats", "--feature", "draw")]
    [InlineData("'dr aw' is not a valid feature name", "--feature", "dr aw=1")]
    [InlineData("'-draw' is not a valid feature name", "--feature", "-draw=1")]
    [InlineData("'' is not a valid feature name", "--feature", "=1")]
    [InlineData("feature 'DRAW' is given more than once", "--feature", "draw=1", "--feature", "DRAW=2")]
    [InlineData("Argument 'gold' not recognized", "--feature", "f=1", "--edition", "gold")]
    [InlineData("--expires 'next year' is neither a date", "--feature", "f=1", "--expires", "next year")]
    [InlineData("--expires 2001-01-01 is not in the future", "--feature", "f=1", "--expires", "2001-01-01")]
    [InlineData("--forced-auth-hours needs --usage-stats", "--feature", "f=1", "--forced-auth-hours", "8")]
    [InlineData("--forced-auth-hours must be a positive whole number, not '0'", "--feature", "f=1", "--usage-stats", "--forced-auth-hours", "0")]
    [InlineData("give --bind-server or --bind-cluster, not both", "--feature", "f=1", "--bind-server", "a", "--bind-cluster", "b")]
    [InlineData("Option '--feature' is required", "--edition", "standard")]
    public async Task Bad_input_is_a_usage_error_with_a_sentence_and_writes_nothing(string message, params string[] args)
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync(["--product", "acme-cad", "--out", LicensePath, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: usage: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(LicensePath));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_too_long_id_is_refused_with_the_library_sentence()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", "p", "--feature", "f=1", "--id", new string('x', 200), "--out", LicensePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("The id is longer than 128 characters.", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(LicensePath));
    }

    [Fact]
    public async Task A_missing_key_file_is_a_usage_error_naming_the_path()
    {
        var missing = output.Combine("nope.pem");

        var result = await Olic.RunAsync("vendor", "issue", "--key", missing, "--product", "p", "--feature", "f=1", "--out", LicensePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: usage: the key file '{missing}' does not exist; create one with 'olic vendor keygen --out DIR'.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(LicensePath));
    }

    [Fact]
    public async Task A_public_key_given_as_the_private_key_is_a_usage_error()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await Olic.RunAsync("vendor", "issue", "--key", keys.PublicKeyPath, "--product", "p", "--feature", "f=1", "--out", LicensePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{keys.PublicKeyPath}' is not a vendor private key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_product_is_a_usage_error()
    {
        using var keys = await VendorKeys.CreateAsync();

        var result = await keys.IssueAsync("--product", " ", "--feature", "f=1", "--out", LicensePath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--product must not be empty", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("^OL-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")]
    private static partial Regex GeneratedId();
}
