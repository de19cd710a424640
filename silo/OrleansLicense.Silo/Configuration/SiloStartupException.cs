namespace OrleansLicense.Silo.Configuration;

/// <summary>The silo cannot start (bad data folder, unreadable token file, …); the message says why, for the operator.</summary>
internal sealed class SiloStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
