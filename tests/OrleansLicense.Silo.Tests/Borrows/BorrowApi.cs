using System.Net;
using System.Net.Http.Json;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Licensing.Documents;
using OrleansLicense.Licensing.Keys;
using OrleansLicense.Licensing.Signing;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>Licenses with flags, and the borrow calls a client or the CLI makes.</summary>
internal static class BorrowApi
{
    public static readonly ClientInfo Laptop = new("ann", "laptop-1", "cad.exe", "fp-laptop-1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewProduct() => $"p-{Guid.NewGuid():N}"[..12];

    public static string Issue(VendorKeyPair vendor, string product, DateTimeOffset now, LicenseFlags flags, params (string Name, int Seats)[] features)
        => LicenseIssuer.Issue(
            new LicenseDocument($"OL-{Guid.NewGuid():N}"[..16].ToUpperInvariant(), product, LicenseEdition.Standard, now.AddDays(-1), null, flags, [.. features.Select(f => new LicenseFeature(f.Name, f.Seats))], LicenseBinding.None),
            vendor);

    public static Task<HttpResponseMessage> BorrowAsync(this HttpClient client, string product, int hours, bool distribute = false, ClientInfo? who = null, params (string Name, int Count)[] features)
        => client.PostAsJsonAsync("/api/v1/borrows", new BorrowRequest(product, [.. features.Select(f => new FeatureRequest(f.Name, f.Count))], hours, who ?? Laptop, Distribute: distribute), Ct);

    public static async Task<BorrowResponse> BorrowOkAsync(this HttpClient client, string product, int hours, params (string Name, int Count)[] features)
    {
        using var response = await client.BorrowAsync(product, hours, features: features);
        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<BorrowResponse>(Ct))!;
    }

    public static async Task<int> BorrowedAsync(this HttpClient admin, string licenseId, string feature)
        => (await admin.GetLicenseAsync(licenseId)).Features.Single(f => f.Name == feature).Borrowed;

    public static async Task<VendorPublicKey> ServerKeyAsync(this HttpClient client)
    {
        var view = await client.GetFromJsonAsync<ServerKeyView>("/api/v1/borrows/server-key", Ct);
        return VendorPublicKey.FromPem(view!.PublicKeyPem);
    }

    public static Task<HttpResponseMessage> PostTextAsync(this HttpClient client, string path, string text)
        => client.PostAsync(path, new StringContent(text, System.Text.Encoding.UTF8, "application/json"), Ct);
}
