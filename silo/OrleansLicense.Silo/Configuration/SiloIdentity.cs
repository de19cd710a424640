namespace OrleansLicense.Silo.Configuration;

/// <summary>Who this server is.</summary>
/// <param name="ServerId">The random id from <c>server.id</c> (R-LIC-3 server binding).</param>
internal sealed record SiloIdentity(string ServerId);
