using Npgsql;
using NpgsqlTypes;

namespace OrleansLicense.Runtime.Postgres;

/// <summary>Shorthands for building parameterized commands.</summary>
internal static class NpgsqlCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/> (it joins the connection's transaction, if any).</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql) => new(sql, connection);

    /// <summary>Adds a strongly typed parameter (no boxing; the type picks the PostgreSQL type).</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <summary>Adds a parameter of an explicit PostgreSQL type; null becomes SQL NULL.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>
    /// Adds a timestamptz parameter. Npgsql writes only UTC values to timestamptz (it refuses
    /// another offset rather than guess), so the instant is converted first.
    /// </summary>
    public static NpgsqlCommand WithTime(this NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.With(name, value.ToUniversalTime());
}
