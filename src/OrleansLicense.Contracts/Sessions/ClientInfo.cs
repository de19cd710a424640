namespace OrleansLicense.Contracts.Sessions;

/// <summary>Who the client is, as shown to administrators.</summary>
/// <param name="User">The user name.</param>
/// <param name="Host">The machine name.</param>
/// <param name="Process">The program.</param>
/// <param name="Fingerprint">A stable machine fingerprint.</param>
public sealed record ClientInfo(string? User, string? Host, string? Process, string? Fingerprint);
