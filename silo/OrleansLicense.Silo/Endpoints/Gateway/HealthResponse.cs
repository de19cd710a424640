namespace OrleansLicense.Silo.Endpoints.Gateway;

/// <summary>The 200 answer of <c>GET /healthz</c>.</summary>
/// <param name="Status">Always <c>serving</c>.</param>
internal sealed record HealthResponse(string Status);
