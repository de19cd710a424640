using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Admin;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>R-LIC-2, R-LIC-4: import, list, show, deactivate; refused documents.</summary>
public sealed class LicenseTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => silo.Clock.GetUtcNow();

    [Fact]
    public async Task An_imported_license_is_listed_and_shown_with_its_seats()
    {
        var product = NewProduct();
        var file = silo.Vendor.Issue(product, Now, [("draw", 5), ("print", 2)], expires: Now.AddDays(365));

        using var response = await silo.Admin.ImportAsync(file);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        var imported = (await response.Content.ReadFromJsonAsync<LicenseView>(Ct))!;
        Assert.Equal($"/api/v1/admin/licenses/{Uri.EscapeDataString(imported.Id)}", response.Headers.Location?.OriginalString);
        Assert.Equal(product, imported.Product);
        Assert.Equal("active", imported.Status);
        Assert.Equal("standard", imported.Edition);
        var draw = Assert.Single(imported.Features, f => f.Name == "draw");
        Assert.Equal((5, 0, 5), (draw.Seats, draw.Used, draw.Free));

        var list = await silo.Admin.GetFromJsonAsync<List<LicenseView>>("/api/v1/admin/licenses", Ct);
        Assert.Contains(list!, l => l.Id == imported.Id && l.Features.Count == 2);

        var shown = await silo.Admin.GetLicenseAsync(imported.Id);
        Assert.Equal(product, shown.Product);
        Assert.Equal(2, shown.Features.Single(f => f.Name == "print").Free);
    }

    [Fact]
    public async Task The_license_view_has_the_fields_of_the_contract()
    {
        var view = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(NewProduct(), Now, [("draw", 1)]));

        using var raw = await silo.Admin.GetAsync($"/api/v1/admin/licenses/{view.Id}", Ct);
        var json = System.Text.Json.JsonDocument.Parse(await raw.Content.ReadAsStringAsync(Ct)).RootElement;

        foreach (var name in new[] { "id", "product", "edition", "expires", "flags", "status", "features" })
        {
            Assert.True(json.TryGetProperty(name, out _), $"missing '{name}'");
        }

        var feature = json.GetProperty("features")[0];
        foreach (var name in new[] { "name", "seats", "used", "borrowed", "free", "peakToday" })
        {
            Assert.True(feature.TryGetProperty(name, out _), $"missing 'features[0].{name}'");
        }
    }

    [Fact]
    public async Task An_unknown_license_is_404_not_found()
    {
        using var show = await silo.Admin.GetAsync("/api/v1/admin/licenses/OL-NOPE", Ct);
        using var deactivate = await silo.Admin.DeleteAsync("/api/v1/admin/licenses/OL-NOPE", Ct);

        await ApiCalls.AssertProblemAsync(show, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await ApiCalls.AssertProblemAsync(deactivate, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_tampered_license_is_422_license_signature_invalid()
    {
        var file = silo.Vendor.Issue(NewProduct(), Now, [("draw", 5)]);

        // Flip one byte of the signed content: five seats become seven.
        var tampered = file.Replace("\"seats\":5", "\"seats\":7", StringComparison.Ordinal);
        Assert.NotEqual(file, tampered);

        using var response = await silo.Admin.ImportAsync(tampered);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseSignatureInvalid);
    }

    [Fact]
    public async Task A_license_of_an_untrusted_vendor_is_422_license_signature_invalid()
    {
        var stranger = new TestVendor();
        var file = stranger.Issue(NewProduct(), Now, [("draw", 5)]);

        using var response = await silo.Admin.ImportAsync(file);

        var problem = await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseSignatureInvalid);
        Assert.Contains(stranger.Key.KeyId, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_license_is_422_license_expired()
    {
        var file = silo.Vendor.Issue(NewProduct(), Now, [("draw", 5)], issuedAt: Now.AddDays(-30), expires: Now.AddDays(-1));

        using var response = await silo.Admin.ImportAsync(file);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseExpired);
    }

    [Theory]
    [InlineData("{\"keyId\":\"k\",\"signature\":\"AAAA\"}")]
    [InlineData("{\"license\":{\"product\":\"x\"},\"keyId\":\"k\",\"signature\":\"AAAA\"}")]
    public async Task A_body_that_is_no_license_file_is_422_license_signature_invalid(string body)
    {
        using var response = await silo.Admin.ImportAsync(body);

        await ApiCalls.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.LicenseSignatureInvalid);
    }

    [Fact]
    public async Task A_deactivated_license_grants_no_new_seat()
    {
        var product = NewProduct();
        var view = await silo.Admin.ImportOkAsync(silo.Vendor.Issue(product, Now, [("draw", 5)]));

        using var deactivate = await silo.Admin.DeleteAsync($"/api/v1/admin/licenses/{view.Id}", Ct);
        using var login = await silo.Client.LoginAsync(product, ("draw", 1));

        await ApiCalls.AssertStatusAsync(deactivate, HttpStatusCode.NoContent);
        Assert.Equal("deactivated", (await silo.Admin.GetLicenseAsync(view.Id)).Status);
        await ApiCalls.AssertProblemAsync(login, HttpStatusCode.Conflict, ErrorCodes.LicenseDeactivated);
    }

    private static string NewProduct() => $"prod-{Guid.NewGuid():N}"[..16];
}
