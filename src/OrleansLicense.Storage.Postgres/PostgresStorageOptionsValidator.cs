using Microsoft.Extensions.Options;
using Npgsql;
using OrleansLicense.Storage.Expiry;

namespace OrleansLicense.Storage.Postgres;

/// <summary>Rejects settings the storage cannot work with, at silo start rather than on first use.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failure = Check(options.ConnectionString)
            ?? ExpiredStateSweeper.IntervalProblem("PostgresStorageOptions.ExpiredStateSweepInterval", options.ExpiredStateSweepInterval);

        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    /// <summary>What is wrong with <paramref name="connectionString"/>, or null when nothing is.</summary>
    public static string? Check(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "PostgresStorageOptions.ConnectionString is required: the Npgsql connection string of the grid's database.";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException)
        {
            return $"PostgresStorageOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}";
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return "PostgresStorageOptions.ConnectionString must name a Host.";
        }

        // With "any" (the default) or a prefer-* mode Npgsql may hand out a standby, where every write fails.
        var multiHost = builder.Host.Contains(',', StringComparison.Ordinal);
        var target = builder.TargetSessionAttributes?.Trim().ToLowerInvariant();
        if (multiHost && target is not ("read-write" or "primary"))
        {
            return $"PostgresStorageOptions.ConnectionString lists several hosts ({builder.Host}) with Target Session Attributes '{target ?? "any"}'; the silos write, so use 'read-write' or 'primary'.";
        }

        if (!multiHost && target is "read-only" or "standby")
        {
            return $"PostgresStorageOptions.ConnectionString has Target Session Attributes '{target}', but the silos write.";
        }

        // Npgsql refuses any other target with one host when the pool is built, deep inside the silo's start (issue #14 item 13).
        if (!multiHost && target is { Length: > 0 } and not "any")
        {
            return $"PostgresStorageOptions.ConnectionString has Target Session Attributes '{target}' with one host ({builder.Host}); Npgsql accepts it only with several hosts: remove it for one database server, or list every server of the replicated database (Host=db1,db2).";
        }

        return null;
    }
}
