using OrleansLicense.Cli.Parsing;
using OrleansLicense.Licensing.Documents;

namespace OrleansLicense.Cli.Tests;

public sealed class ValueParsersTests
{
    [Fact]
    public void A_bare_date_means_the_last_second_of_that_day_in_utc() =>
        Assert.Equal(new DateTimeOffset(2027, 12, 31, 23, 59, 59, TimeSpan.Zero), ValueParsers.Expiry("2027-12-31"));

    [Fact]
    public void A_date_time_with_offset_is_converted_to_utc()
    {
        var expiry = ValueParsers.Expiry("2027-12-31T01:30:00-05:00");

        Assert.Equal(new DateTimeOffset(2027, 12, 31, 6, 30, 0, TimeSpan.Zero), expiry);
        Assert.Equal(TimeSpan.Zero, expiry.Offset);
    }

    [Theory]
    [InlineData("31.12.2027")]
    [InlineData("2027-13-01")]
    [InlineData("12/31/2027")]
    [InlineData("")]
    public void Other_expiry_texts_are_usage_errors(string text)
    {
        var error = Assert.Throws<CliException>(() => ValueParsers.Expiry(text));

        Assert.Equal(2, error.ExitCode);
        Assert.Equal("usage", error.Code);
    }

    [Fact]
    public void A_feature_splits_at_the_equals_sign() =>
        Assert.Equal(new LicenseFeature("draw.3d", 12), ValueParsers.Feature("draw.3d=12"));

    [Fact]
    public void A_borrow_rule_splits_at_the_last_equals_sign() =>
        Assert.Equal(new KeyValuePair<string, int>("acme=cad", 48), ValueParsers.BorrowRule("acme=cad=48"));

    [Theory]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("0x10")]
    [InlineData("99999999999")]
    public void Positive_integers_are_plain_digits_only(string text) =>
        Assert.Throws<CliException>(() => ValueParsers.PositiveInt(text, "n"));
}
