namespace OrleansLicense.Benchmarks.Load;

/// <summary>The answer to a login: the outcome, the session id when granted, or what went wrong.</summary>
internal sealed record LoginOutcome(OpOutcome Outcome, string? SessionId, string? Error);
