namespace OrleansLicense.Cli.Http;

/// <summary>Where the admin API is and how to authenticate to it.</summary>
/// <param name="BaseUrl">The silo's base URL, always ending in '/' so relative API paths keep any path prefix.</param>
/// <param name="Token">The admin bearer token.</param>
internal sealed record AdminConnection(Uri BaseUrl, string Token);
