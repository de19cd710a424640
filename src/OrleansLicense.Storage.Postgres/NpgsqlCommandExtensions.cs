using Npgsql;
using NpgsqlTypes;

namespace OrleansLicense.Storage.Postgres;

/// <summary>Shorthands for building parameterized commands.</summary>
internal static class NpgsqlCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/>.</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql) => new(sql, connection);

    /// <summary>Adds a strongly typed parameter (no boxing; the type picks the PostgreSQL type).</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <summary>Adds a parameter of an explicit PostgreSQL type.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return command;
    }
}
