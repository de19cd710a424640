namespace OrleansLicense.Cli.Http;

/// <summary>A successful admin API answer: the raw body for --json and the typed value for tables.</summary>
internal sealed record ApiResponse<T>(string RawJson, T Value);
