using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Storage;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqlitePragmaTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<object?> PragmaAsync(SqliteConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task Connections_run_in_wal_with_synchronous_full_foreign_keys_and_the_busy_timeout()
    {
        var provider = _database.Open(o => o.BusyTimeout = TimeSpan.FromMilliseconds(2500));
        var database = provider.GetRequiredService<SqliteDatabase>();

        await using var connection = await database.OpenReaderAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal(2L, await PragmaAsync(connection, "synchronous"));
        Assert.Equal(1L, await PragmaAsync(connection, "foreign_keys"));
        Assert.Equal(2500L, await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task The_file_itself_is_left_in_wal_mode()
    {
        await _database.Get<IGrainStateStore>().WriteAsync("s", new GrainId("t", "k"), "{}", 0, Ct);

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

        await using var connection = await database.OpenReaderAsync(Ct);

        Assert.Equal(expected, await PragmaAsync(connection, "synchronous"));
    }

    [Fact]
    public async Task Pooled_connections_keep_the_pragmas_after_reuse()
    {
        var database = _database.Get<SqliteDatabase>();
        await using (var first = await database.OpenReaderAsync(Ct))
        {
            // Loosen it on purpose; the factory must put it back when the pool hands the connection out again.
            await PragmaAsync(first, "synchronous = OFF");
        }

        await using var again = await database.OpenReaderAsync(Ct);

        Assert.Equal(2L, await PragmaAsync(again, "synchronous"));
    }
}
