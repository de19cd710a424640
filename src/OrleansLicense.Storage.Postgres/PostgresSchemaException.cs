namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// The grid's database does not hold what the silos need (a named Orleans query is missing); the
/// message is one sentence that names what is missing and how to fix it.
/// </summary>
public sealed class PostgresSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresSchemaException()
    {
    }

    /// <summary>Creates the exception with its sentence.</summary>
    /// <param name="message">What is missing, and how to fix it.</param>
    public PostgresSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its sentence and cause.</summary>
    /// <param name="message">What is missing, and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public PostgresSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The Orleans query keys missing from table OrleansQuery.</summary>
    public IReadOnlyList<string> MissingQueryKeys { get; init; } = [];
}
