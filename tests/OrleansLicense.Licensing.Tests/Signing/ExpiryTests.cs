using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Licensing.Tests.Support;

namespace OrleansLicense.Licensing.Tests.Signing;

/// <summary>Edge: a license is valid while now &lt; Expires; at the expiry instant itself it is expired.</summary>
public sealed class ExpiryTests
{
    private readonly VendorKeyPair vendor = VendorKeyPair.Generate();

    [Fact]
    public void Valid_one_second_before_expiry_and_expired_at_the_expiry_instant()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var store = Samples.StoreOf(vendor);
        var clock = new ManualClock(Samples.Expires - TimeSpan.FromSeconds(1));

        var document = LicenseVerifier.Verify(file, store, clock.GetUtcNow(), null);
        clock.Advance(TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(file, store, clock.GetUtcNow(), null));

        Assert.Equal(Samples.Expires, document.Expires);
        Assert.Equal(LicenseErrorCodes.Expired, ex.Code);
        Assert.Contains("SN-0001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_long_after_expiry()
    {
        var file = LicenseIssuer.Issue(Samples.Document(), vendor);
        var clock = new ManualClock(Samples.Now);
        clock.Advance(TimeSpan.FromDays(3650));

        var ex = Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(file, Samples.StoreOf(vendor), clock.GetUtcNow(), null));

        Assert.Equal(LicenseErrorCodes.Expired, ex.Code);
    }

    [Fact]
    public void A_license_without_expiry_never_expires()
    {
        var file = LicenseIssuer.Issue(Samples.Document() with { Expires = null }, vendor);
        var clock = new ManualClock(Samples.Now);
        clock.Advance(TimeSpan.FromDays(365 * 100));

        Assert.Null(LicenseVerifier.Verify(file, Samples.StoreOf(vendor), clock.GetUtcNow(), null).Expires);
    }

    [Fact]
    public void Expiry_in_another_offset_compares_as_an_instant()
    {
        var expires = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        var file = LicenseIssuer.Issue(Samples.Document() with { Expires = expires }, vendor);
        var store = Samples.StoreOf(vendor);

        LicenseVerifier.Verify(file, store, expires.UtcDateTime.AddTicks(-1), null);
        var ex = Assert.Throws<LicenseValidationException>(() => LicenseVerifier.Verify(file, store, new DateTimeOffset(expires.UtcDateTime), null));

        Assert.Equal(LicenseErrorCodes.Expired, ex.Code);
    }
}
