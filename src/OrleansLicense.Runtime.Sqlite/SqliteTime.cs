namespace OrleansLicense.Runtime.Sqlite;

/// <summary>
/// Times are stored as unix milliseconds (INTEGER): exact to the millisecond, sortable and compared
/// with plain integer operators in SQL. Sub-millisecond ticks and the offset are not kept.
/// </summary>
internal static class SqliteTime
{
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static long ToMs(TimeSpan value) => value.Ticks / TimeSpan.TicksPerMillisecond;

    public static TimeSpan FromMs(long value) => TimeSpan.FromMilliseconds(value);
}
