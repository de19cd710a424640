using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Tests.Infrastructure;
using static OrleansLicense.Silo.Tests.Borrows.BorrowApi;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>R-BOR-1..5 over HTTP: online borrow, certificate, limits at their edges, return, distribution, admin list.</summary>
public sealed class BorrowApiTests(BorrowSiloFixture silo) : IClassFixture<BorrowSiloFixture>
{
    private static readonly LicenseFlags Borrowable = LicenseFlags.None with { Borrowable = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task An_online_borrow_counts_against_the_seats_and_comes_with_a_signed_certificate()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 2)));

        var lent = await silo.Client.BorrowOkAsync(product, 48, ("draw", 2));

        Assert.Equal(license.Id, lent.Borrow.LicenseId);
        Assert.Equal("active", lent.Borrow.Status);
        Assert.Equal(Now.AddHours(48), lent.Borrow.Until);
        Assert.Equal(2, await silo.Admin.BorrowedAsync(license.Id, "draw"));
        using (var login = await silo.Client.LoginAsync(product, ("draw", 1)))
        {
            await ApiCalls.AssertProblemAsync(login, HttpStatusCode.Conflict, ErrorCodes.SeatsExhausted);
        }

        var certificate = BorrowCertificate.Verify(lent.Certificate, await silo.Client.ServerKeyAsync());
        Assert.Equal((lent.Borrow.BorrowId, "fp-laptop-1", lent.Borrow.Until, false), (certificate.BorrowId, certificate.Fingerprint, certificate.Until, certificate.Offline));
        BorrowCertificate.CheckUsable(certificate, "fp-laptop-1", Now);

        var shown = await silo.Client.GetFromJsonAsync<BorrowView>($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct);
        Assert.Equal("active", shown!.Status);
        var listed = await silo.Admin.GetFromJsonAsync<List<BorrowView>>("/api/v1/admin/borrows", Ct);
        Assert.Contains(listed!, b => b.BorrowId == lent.Borrow.BorrowId);

        using var returned = await silo.Client.DeleteAsync($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct);
        await ApiCalls.AssertStatusAsync(returned, HttpStatusCode.NoContent);
        Assert.Equal(0, await silo.Admin.BorrowedAsync(license.Id, "draw"));
        Assert.Equal("returned", (await silo.Client.GetFromJsonAsync<BorrowView>($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct))!.Status);
        var after = await silo.Admin.GetFromJsonAsync<List<BorrowView>>("/api/v1/admin/borrows", Ct);
        Assert.DoesNotContain(after!, b => b.BorrowId == lent.Borrow.BorrowId);
        using var again = await silo.Client.DeleteAsync($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct);
        await ApiCalls.AssertStatusAsync(again, HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData(720, HttpStatusCode.Created)]
    [InlineData(721, HttpStatusCode.UnprocessableEntity)]
    public async Task Without_a_rule_720_hours_is_the_limit(int hours, HttpStatusCode expected)
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 2)));

        using var response = await silo.Client.BorrowAsync(product, hours, features: ("draw", 1));

        if (expected == HttpStatusCode.Created)
        {
            await ApiCalls.AssertStatusAsync(response, expected);
            return;
        }

        var problem = await ApiCalls.AssertProblemAsync(response, expected, ErrorCodes.BorrowLimit);
        Assert.Contains("720 hours", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4320, HttpStatusCode.Created)]
    [InlineData(4321, HttpStatusCode.UnprocessableEntity)]
    public async Task A_product_rule_allows_up_to_4320_hours(int hours, HttpStatusCode expected)
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 2)));
        var settings = await silo.Admin.GetSettingsAsync();
        var rules = new Dictionary<string, BorrowRuleView>(settings.BorrowRules) { [product] = new(4320) };
        using (var put = await silo.Admin.PutSettingsAsync(settings with { BorrowRules = rules }))
        {
            await ApiCalls.AssertStatusAsync(put, HttpStatusCode.OK);
        }

        using var response = await silo.Client.BorrowAsync(product, hours, features: ("draw", 1));

        if (expected == HttpStatusCode.Created)
        {
            await ApiCalls.AssertStatusAsync(response, expected);
            return;
        }

        var problem = await ApiCalls.AssertProblemAsync(response, expected, ErrorCodes.BorrowLimit);
        Assert.Contains("limit of 4320 hours", problem.Detail, StringComparison.Ordinal);
        using var over = await silo.Admin.PutSettingsAsync(settings with { BorrowRules = new Dictionary<string, BorrowRuleView>(rules) { [product] = new(4321) } });
        await ApiCalls.AssertProblemAsync(over, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task A_license_without_the_flag_refuses_borrows()
    {
        var product = NewProduct();
        await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None, ("draw", 2)));

        using var response = await silo.Client.BorrowAsync(product, 8, features: ("draw", 1));

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.BorrowNotAllowed);
    }

    [Fact]
    public async Task A_distribution_is_permanent_and_not_returnable_by_client_or_administrator()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, LicenseFlags.None with { Borrowable = true, Distributable = true }, ("draw", 2)));

        using var response = await silo.Client.BorrowAsync(product, 0, distribute: true, features: ("draw", 1));
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        var lent = (await response.Content.ReadFromJsonAsync<BorrowResponse>(Ct))!;

        Assert.False(lent.Borrow.Returnable);
        Assert.Equal(Now.AddDays(36500), lent.Borrow.Until);
        using var byClient = await silo.Client.DeleteAsync($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct);
        await ApiCalls.AssertProblemAsync(byClient, HttpStatusCode.UnprocessableEntity, ErrorCodes.NotReturnable);
        using var byAdmin = await silo.Admin.DeleteAsync($"/api/v1/admin/borrows/{lent.Borrow.BorrowId}", Ct);
        await ApiCalls.AssertProblemAsync(byAdmin, HttpStatusCode.UnprocessableEntity, ErrorCodes.NotReturnable);
        Assert.Equal(1, await silo.Admin.BorrowedAsync(license.Id, "draw"));
    }

    [Fact]
    public async Task An_administrator_returns_a_borrow_and_bad_requests_are_refused()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 2)));
        var lent = await silo.Client.BorrowOkAsync(product, 8);

        using (var returned = await silo.Admin.DeleteAsync($"/api/v1/admin/borrows/{lent.Borrow.BorrowId}", Ct))
        {
            await ApiCalls.AssertStatusAsync(returned, HttpStatusCode.NoContent);
        }

        Assert.Equal(0, await silo.Admin.BorrowedAsync(license.Id, "draw"));
        using var zero = await silo.Client.BorrowAsync(product, 0, features: ("draw", 1));
        await ApiCalls.AssertProblemAsync(zero, HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        using var unknown = await silo.Client.GetAsync("/api/v1/borrows/nope", Ct);
        await ApiCalls.AssertProblemAsync(unknown, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        using var anonymous = await silo.Client.GetAsync("/api/v1/admin/borrows", Ct);
        await ApiCalls.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task A_borrow_of_a_feature_the_next_license_file_dropped_stays_listed_and_returnable_by_an_administrator()
    {
        var product = NewProduct();
        var id = $"OL-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        string Document(params (string Name, int Seats)[] features) => LicenseIssuer.Issue(
            new LicenseDocument(id, product, LicenseEdition.Standard, Now.AddDays(-1), null, Borrowable, [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
            silo.Vendor.Key);
        await silo.Admin.ImportOkAsync(Document(("draw", 2), ("render", 1)));
        var lent = await silo.Client.BorrowOkAsync(product, 48, ("render", 1));

        // The vendor's next file drops render: the laptop keeps its borrow until it ends, and the administrator sees it.
        await silo.Admin.ImportOkAsync(Document(("draw", 2)));
        var listed = await silo.Admin.GetFromJsonAsync<List<BorrowView>>("/api/v1/admin/borrows", Ct);
        Assert.Contains(listed!, b => b.BorrowId == lent.Borrow.BorrowId && b.Status == "active");

        using (var returned = await silo.Admin.DeleteAsync($"/api/v1/admin/borrows/{lent.Borrow.BorrowId}", Ct))
        {
            await ApiCalls.AssertStatusAsync(returned, HttpStatusCode.NoContent);
        }

        var after = await silo.Admin.GetFromJsonAsync<List<BorrowView>>("/api/v1/admin/borrows", Ct);
        Assert.DoesNotContain(after!, b => b.BorrowId == lent.Borrow.BorrowId);
    }

    [Fact]
    public async Task A_borrow_expires_by_itself()
    {
        var product = NewProduct();
        var license = await silo.Admin.ImportOkAsync(Issue(silo.Vendor.Key, product, Now, Borrowable, ("draw", 2)));
        var lent = await silo.Client.BorrowOkAsync(product, 1, ("draw", 2));

        silo.Clock.Advance(TimeSpan.FromHours(1));

        // Time keeps moving a reminder period per look (a CI run missed a reminder armed after the jump).
        await Eventually.TrueAsync(silo.Clock, TimeSpan.FromMinutes(1), async () => await silo.Admin.BorrowedAsync(license.Id, "draw") == 0, "the expired borrow's seats are back");
        await Eventually.TrueAsync(
            async () => (await silo.Client.GetFromJsonAsync<BorrowView>($"/api/v1/borrows/{lent.Borrow.BorrowId}", Ct))!.Status == "expired",
            "the borrow is expired");
    }

    [Fact]
    public async Task The_server_key_is_generated_once_in_the_data_folder_readable_by_the_owner_only()
    {
        var path = silo.Folder.File("server.key.pem");

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var key = OrleansLicense.Licensing.Keys.VendorKeyPair.FromPrivateKeyPem(await File.ReadAllTextAsync(path, Ct));
        Assert.Equal(key.KeyId, (await silo.Client.ServerKeyAsync()).KeyId);
        var admin = await silo.Admin.GetFromJsonAsync<ServerKeyView>("/api/v1/admin/server-key", Ct);
        Assert.Equal(key.KeyId, admin!.KeyId);
    }
}
