using Microsoft.Extensions.Options;

namespace OrleansLicense.Runtime.Sqlite;

/// <summary>Rejects settings the providers cannot work with, at startup rather than on first write.</summary>
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
        else if (options.DataSource.Trim().Equals(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            // Every pooled connection would get its own empty in-memory database.
            failures.Add("SqliteStorageOptions.DataSource must be a file; ':memory:' is not shared between connections.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            failures.Add($"SqliteStorageOptions.Synchronous '{options.Synchronous}' is not a SQLite synchronous level.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("SqliteStorageOptions.ClusterId must not be empty.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"SqliteStorageOptions.BusyTimeout {options.BusyTimeout} must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
