namespace OrleansLicense.Client.Events;

/// <summary>The server ended the session (timed out or removed by an administrator); its seats are gone.</summary>
/// <param name="SessionId">The ended session.</param>
/// <param name="Code">The server's code, normally <c>session_expired</c>.</param>
/// <param name="Detail">The server's human sentence, if any.</param>
/// <param name="Server">The server that said so.</param>
public sealed record KickedEventArgs(string SessionId, string Code, string? Detail, Uri? Server);
