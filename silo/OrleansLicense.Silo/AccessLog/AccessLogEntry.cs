namespace OrleansLicense.Silo.AccessLog;

/// <summary>One request as the access log records it.</summary>
/// <param name="At">When the request arrived (the silo's clock).</param>
/// <param name="Client">The client's address.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path (without the query, which may carry secrets).</param>
/// <param name="Status">The response status.</param>
/// <param name="Duration">How long the answer took.</param>
/// <param name="Identity"><c>session:ID</c>, <c>admin:NAME</c> or <c>-</c>.</param>
/// <param name="Code">The error code of a refusal, or <c>-</c>.</param>
internal sealed record AccessLogEntry(DateTimeOffset At, string Client, string Method, string Path, int Status, TimeSpan Duration, string Identity, string Code)
{
    /// <summary>The hourly file this entry belongs in: <c>yyyy-MM-dd.HH.access.log</c> (UTC).</summary>
    public string FileName => At.UtcDateTime.ToString("yyyy-MM-dd.HH", System.Globalization.CultureInfo.InvariantCulture) + ".access.log";

    /// <summary>The line: space-separated fields, the path quoted so that it cannot split the line.</summary>
    public string Line => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Client} {Method} \"{Escape(Path)}\" {Status} {Duration.TotalMilliseconds:0.0}ms {Identity} {Code}");

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
