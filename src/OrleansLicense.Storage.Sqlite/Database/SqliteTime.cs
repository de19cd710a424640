namespace OrleansLicense.Storage.Sqlite.Database;

/// <summary>
/// Times are stored as unix milliseconds (INTEGER): exact to the millisecond, sortable and compared
/// with plain integer operators in SQL. Sub-millisecond ticks and the offset are not kept.
/// </summary>
internal static class SqliteTime
{
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <summary>A <see cref="DateTime"/> of unspecified kind counts as UTC (Orleans' reminder times are UTC).</summary>
    public static long ToUnixMs(DateTime value)
        => new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTime UtcFromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime;

    public static long ToMs(TimeSpan value) => value.Ticks / TimeSpan.TicksPerMillisecond;

    public static TimeSpan FromMs(long value) => TimeSpan.FromMilliseconds(value);
}
