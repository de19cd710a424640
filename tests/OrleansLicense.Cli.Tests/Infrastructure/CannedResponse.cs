namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>A response the fake sends once instead of running its handler, for error paths.</summary>
internal sealed record CannedResponse(int Status, string ContentType, string Body);
