namespace OrleansLicense.Cli.Tests.Infrastructure;

/// <summary>One request as the fake admin API received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);
