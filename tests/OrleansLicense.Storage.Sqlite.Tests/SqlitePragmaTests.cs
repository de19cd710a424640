using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Tests;

public sealed class SqlitePragmaTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<object?> PragmaAsync(SqliteConnection connection, string pragma, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task Readers_run_in_wal_with_synchronous_full_and_the_busy_timeout()
    {
        var database = _database.Get<SqliteDatabase>(o => o.BusyTimeout = TimeSpan.FromMilliseconds(2500));

        using var reader = await database.RentReaderAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(reader.Connection, "journal_mode"));
        Assert.Equal(2L, await PragmaAsync(reader.Connection, "synchronous"));
        Assert.Equal(2500L, await PragmaAsync(reader.Connection, "busy_timeout"));
    }

    [Fact]
    public async Task The_writer_commits_at_synchronous_full_by_default()
    {
        var database = _database.Get<SqliteDatabase>();

        var level = await database.WriteAsync((transaction, _) => PragmaAsync(transaction.Connection!, "synchronous", transaction), Ct);

        Assert.Equal(2L, level);
    }

    [Fact]
    public async Task The_file_itself_is_left_in_wal_mode()
    {
        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        // A plain connection with no PRAGMAs of its own: journal_mode is stored in the file.
        await using var plain = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await plain.OpenAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(plain, "journal_mode"));
    }

    [Theory]
    [InlineData(SqliteSynchronous.Off, 0L)]
    [InlineData(SqliteSynchronous.Normal, 1L)]
    [InlineData(SqliteSynchronous.Full, 2L)]
    [InlineData(SqliteSynchronous.Extra, 3L)]
    public async Task Synchronous_follows_the_option(SqliteSynchronous level, long expected)
    {
        var database = _database.Get<SqliteDatabase>(o => o.Synchronous = level);

        using var reader = await database.RentReaderAsync(Ct);
        var writer = await database.WriteAsync((transaction, _) => PragmaAsync(transaction.Connection!, "synchronous", transaction), Ct);

        Assert.Equal(expected, await PragmaAsync(reader.Connection, "synchronous"));
        Assert.Equal(expected, writer);
    }
}
