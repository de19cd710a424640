using Microsoft.Extensions.Options;
using OrleansLicense.Storage.Expiry;

namespace OrleansLicense.Storage.Sqlite;

/// <summary>Rejects settings the storage cannot work with, when the silo starts rather than on the first write.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            failures.Add("SqliteStorageOptions.DataSource must be the path of the database file.");
        }
        else if (options.DataSource.Trim().Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Every pooled connection would get its own empty in-memory database; URIs bypass the file mode checks.
            failures.Add($"SqliteStorageOptions.DataSource must be a file path, not '{options.DataSource}'.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            failures.Add($"SqliteStorageOptions.Synchronous '{options.Synchronous}' is not a SQLite synchronous level (Off, Normal, Full, Extra).");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"SqliteStorageOptions.BusyTimeout {options.BusyTimeout} must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }

        if (options.MaxWritesPerCommit is < 1 or > 100_000)
        {
            failures.Add($"SqliteStorageOptions.MaxWritesPerCommit {options.MaxWritesPerCommit} must be between 1 and 100000.");
        }

        if (ExpiredStateSweeper.IntervalProblem("SqliteStorageOptions.ExpiredStateSweepInterval", options.ExpiredStateSweepInterval) is { } interval)
        {
            failures.Add(interval);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
