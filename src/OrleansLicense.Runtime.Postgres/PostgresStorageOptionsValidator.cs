using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Rejects settings the providers cannot work with, at startup rather than on first write.</summary>
internal sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    /// <summary>Validates <paramref name="options"/>; every problem is reported, not just the first.</summary>
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateConnectionString(options.ConnectionString, failures);

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("PostgresStorageOptions.ClusterId must not be empty.");
        }

        // The schema name is spliced into SQL text (identifiers cannot be parameters), so only
        // plain identifiers are allowed; PostgreSQL truncates names beyond 63 bytes.
        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
        {
            failures.Add($"PostgresStorageOptions.Schema '{options.Schema}' must be a plain lower-case identifier: a letter or underscore, then letters, digits or underscores, at most 63 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConnectionString(string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("PostgresStorageOptions.ConnectionString must be an Npgsql connection string.");
            return;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException)
        {
            failures.Add($"PostgresStorageOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add("PostgresStorageOptions.ConnectionString must name a Host.");
            return;
        }

        var multiHost = builder.Host.Contains(',', StringComparison.Ordinal);
        var target = builder.TargetSessionAttributes?.Trim().ToLowerInvariant();
        if (multiHost && target is not ("read-write" or "primary"))
        {
            // With "any" (the default) or a prefer-* mode Npgsql may hand out a standby, and every
            // write would fail there.
            failures.Add($"PostgresStorageOptions.ConnectionString lists several hosts ({builder.Host}) with Target Session Attributes '{target ?? "any"}'; the providers write, so use 'read-write' or 'primary'.");
        }
        else if (!multiHost && target is "read-only" or "standby")
        {
            failures.Add($"PostgresStorageOptions.ConnectionString has Target Session Attributes '{target}', but the providers write.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
