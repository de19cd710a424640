using System.Net;
using System.Text.Json;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Api;

/// <summary>ARCHITECTURE §6: the OpenAPI document at /openapi/v1.json lists the endpoints, named and described.</summary>
public sealed class OpenApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task The_document_lists_the_gateway_and_admin_endpoints()
    {
        using var response = await silo.Client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        await ApiCalls.AssertStatusAsync(response, HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        var expected = new (string Path, string Method, string OperationId)[]
        {
            ("/api/v1/sessions", "post", "Login"),
            ("/api/v1/sessions/{id}/heartbeat", "post", "Heartbeat"),
            ("/api/v1/sessions/{id}/features", "post", "CheckOut"),
            ("/api/v1/sessions/{id}/features/{name}", "delete", "CheckIn"),
            ("/api/v1/sessions/{id}", "delete", "Logout"),
            ("/api/v1/cluster/gateways", "get", "GetGateways"),
            ("/healthz", "get", "Health"),
            ("/api/v1/admin/licenses", "post", "ImportLicense"),
            ("/api/v1/admin/licenses", "get", "ListLicenses"),
            ("/api/v1/admin/licenses/{id}", "get", "GetLicense"),
            ("/api/v1/admin/licenses/{id}", "delete", "DeactivateLicense"),
            ("/api/v1/admin/sessions", "get", "ListSessions"),
            ("/api/v1/admin/sessions/{id}", "delete", "RemoveSession"),
            ("/api/v1/admin/settings", "get", "GetSettings"),
            ("/api/v1/admin/settings", "put", "UpdateSettings"),
            ("/api/v1/admin/maintenance", "put", "SetMode"),
            ("/api/v1/admin/status", "get", "GetStatus"),
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

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }
}
