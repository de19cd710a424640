using System.Net;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Borrows;

/// <summary>R-CLI-4: the borrow, usage and peak endpoints are in the OpenAPI document, named, described, admin ones secured.</summary>
public sealed class BorrowOpenApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task The_document_lists_the_borrow_usage_and_peak_endpoints()
    {
        using var response = await silo.Client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        var expected = new (string Path, string Method, string OperationId)[]
        {
            ("/api/v1/borrows", "post", "Borrow"),
            ("/api/v1/borrows/server-key", "get", "GetServerKey"),
            ("/api/v1/borrows/{id}", "get", "GetBorrow"),
            ("/api/v1/borrows/{id}", "delete", "ReturnBorrow"),
            ("/api/v1/usage", "post", "UploadUsage"),
            ("/api/v1/admin/borrows", "get", "ListBorrows"),
            ("/api/v1/admin/borrows/{id}", "get", "AdminGetBorrow"),
            ("/api/v1/admin/borrows/{id}", "delete", "AdminReturnBorrow"),
            ("/api/v1/admin/borrows/offline", "post", "LendOffline"),
            ("/api/v1/admin/borrows/offline/return", "post", "ReturnOffline"),
            ("/api/v1/admin/server-key", "get", "AdminGetServerKey"),
            ("/api/v1/admin/usage/{licenseId}", "get", "GetUsage"),
            ("/api/v1/admin/usage/{licenseId}/export", "get", "ExportUsage"),
            ("/api/v1/admin/peaks/{licenseId}", "get", "GetPeaks"),
            ("/api/v1/admin/peaks/{licenseId}/export", "get", "ExportPeaks"),
        };

        foreach (var (path, method, operationId) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing path {path}");
            Assert.True(item.TryGetProperty(method, out var operation), $"missing {method} {path}");
            Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), $"{operationId} has no description");
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(r => r.TryGetProperty("AdminToken", out _));
            Assert.True(secured == path.StartsWith("/api/v1/admin/", StringComparison.Ordinal), $"{operationId}: admin token required = {secured}");
        }
    }
}
