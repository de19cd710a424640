using OrleansLicense.Grains.Sessions;

namespace OrleansLicense.Grains.Tests.Support;

/// <summary>
/// Which session ids count as issued in grain tests, where no gateway tags them: by default every id, as every id a
/// client can send in production came from a login.
/// </summary>
internal sealed class IssuedSessionIds(Func<string, bool> wasIssued) : IIssuedSessionIds
{
    public static IssuedSessionIds Every { get; } = new(_ => true);

    public bool WasIssued(string sessionId) => wasIssued(sessionId);
}
