using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Silo.Tests.Infrastructure;
using static OrleansLicense.Silo.Tests.Borrows.BorrowApi;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>R-USE-3: daily peaks over HTTP and the seed's signed userPeakLog export, parsed back and verified.</summary>
public sealed class PeakApiTests(BorrowSiloFixture silo) : IClassFixture<BorrowSiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task The_peak_export_has_the_seed_format_and_verifies()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None with { Borrowable = true, PeakUpload = true }, ("draw", 5), ("render", 2)));
        var day1 = DateOnly.FromDateTime(Now.UtcDateTime);
        var a = await silo.Client.LoginOkAsync(product, ("draw", 2), ("render", 1));
        var b = await silo.Client.LoginOkAsync(product, ("draw", 1));
        using (await silo.Client.LogoutAsync(a.SessionId))
        {
        }

        using (await silo.Client.LogoutAsync(b.SessionId))
        {
        }

        silo.Clock.Advance(TimeSpan.FromDays(2));
        await silo.Client.BorrowOkAsync(product, 4, ("draw", 1));

        var peaks = await silo.Admin.GetFromJsonAsync<PeaksView>($"/api/v1/admin/peaks/{license.Id}", Ct);
        using var export = await silo.Admin.GetAsync($"/api/v1/admin/peaks/{license.Id}/export", Ct);

        Assert.Equal([(2, 3), (0, 0), (1, 1)], peaks!.Days.Select(d => (d.Sn, d.Features.GetValueOrDefault("draw"))));
        await ApiCalls.AssertStatusAsync(export, HttpStatusCode.OK);
        Assert.Equal("text/plain", export.Content.Headers.ContentType?.MediaType);
        var text = await export.Content.ReadAsStringAsync(Ct);
        var lines = text.Split('\n');
        Assert.Matches(new Regex($@"^#type:userPeakLog sn:{Regex.Escape(license.Id)} time:\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ sign:[A-Za-z0-9+/=]+$"), lines[0]);
        Assert.Contains($"time:{Now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", lines[0], StringComparison.Ordinal);
        Assert.Equal("[", lines[1]);
        Assert.Contains($"        \"time\": \"{day1.AddDays(1):yyyy-MM-dd}\"\n    }},", text, StringComparison.Ordinal);

        var log = PeakLog.Read(text, await silo.Client.ServerKeyAsync());
        Assert.Equal(license.Id, log.Sn);
        Assert.Equal([day1, day1.AddDays(1), day1.AddDays(2)], log.Days.Select(d => d.Date));
        Assert.Equal((2, 3, 1), (log.Days[0].Sn, log.Days[0].Features["draw"], log.Days[0].Features["render"]));
        Assert.False(log.Days[1].HasUse);

        var tampered = text.Replace("\"sn\": 2", "\"sn\": 1", StringComparison.Ordinal);
        Assert.Equal(SignedFileErrorCodes.Invalid, Assert.Throws<SignedFileException>(() => PeakLog.Read(tampered, null)).Code);
    }

    [Fact]
    public async Task Peaks_of_a_license_without_peak_upload_show_but_do_not_export()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None, ("draw", 5)));

        using var export = await silo.Admin.GetAsync($"/api/v1/admin/peaks/{license.Id}/export", Ct);
        using var shown = await silo.Admin.GetAsync($"/api/v1/admin/peaks/{license.Id}?from=2026-01-01&to=2026-01-03", Ct);
        using var badDate = await silo.Admin.GetAsync($"/api/v1/admin/peaks/{license.Id}?from=yesterday", Ct);

        await ApiCalls.AssertProblemAsync(export, HttpStatusCode.UnprocessableEntity, ErrorCodes.NotEnabled);
        await ApiCalls.AssertStatusAsync(shown, HttpStatusCode.OK);
        Assert.Equal(3, (await shown.Content.ReadFromJsonAsync<PeaksView>(Ct))!.Days.Count);
        await ApiCalls.AssertProblemAsync(badDate, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }
}
