namespace OrleansLicense.Runtime.Postgres;

/// <summary>A suspicion vote as stored in <c>membership.suspicions</c>: voter as <c>host:port@generation</c>, time in UTC.</summary>
internal sealed record SuspectVoteRow(string Voter, DateTimeOffset At);
