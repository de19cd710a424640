namespace OrleansLicense.Runtime.Sqlite;

/// <summary>A suspicion vote as stored in <c>membership.suspicions</c>: voter as <c>host:port@generation</c>, time as unix ms.</summary>
internal sealed record SuspectVoteRow(string Voter, long At);
