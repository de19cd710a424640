namespace OrleansLicense.Silo.Hosting.Network;

/// <summary>Log events of the network settings (event ids 4300-4309).</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "IPv6 mode set to {Mode} for the next start (in {Path}) by {Admin}")]
    public static partial void LogInformationIPv6Set(ILogger logger, string mode, string path, string admin);
}
