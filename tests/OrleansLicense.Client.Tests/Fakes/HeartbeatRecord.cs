namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>One heartbeat request as the fake server saw it.</summary>
/// <param name="SessionId">The session named in the path.</param>
/// <param name="Gateway">The gateway that received it.</param>
/// <param name="At">The store's clock when it arrived.</param>
/// <param name="Status">The status answered.</param>
public sealed record HeartbeatRecord(string SessionId, string Gateway, DateTimeOffset At, int Status);
