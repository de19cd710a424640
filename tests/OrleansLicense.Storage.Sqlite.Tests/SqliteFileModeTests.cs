using System.Runtime.Versioning;
using Orleans;
using Orleans.Runtime;
using OrleansLicense.Storage.Conformance;
using OrleansLicense.Storage.Sqlite.Database;

namespace OrleansLicense.Storage.Sqlite.Tests;

/// <summary>The database holds the cluster's secrets: only its owner may read it (issue 12, item 5).</summary>
public sealed class SqliteFileModeTests : IAsyncLifetime
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly SqliteTestDatabase _database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_file_and_its_wal_and_shm_are_created_owner_only_and_the_folder_0700()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");

        await _database.GrainStorage().WriteStateAsync("s", GrainId.Create("t", "k"), new GrainState<ConformanceState>(new ConformanceState()), Ct);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path + "-wal"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path + "-shm"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_database.Path)!));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Files_an_older_build_left_readable_by_others_are_narrowed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await _database.GrainStorage().WriteStateAsync("s", GrainId.Create("t", "k"), new GrainState<ConformanceState>(new ConformanceState()), Ct);
        await _database.DisposeProvidersAsync();
        const UnixFileMode wide = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(_database.Path, wide);
        await File.WriteAllBytesAsync(_database.Path + "-shm", [], Ct);
        File.SetUnixFileMode(_database.Path + "-shm", wide);

        await _database.Get<SqliteDatabase>().EnsureReadyAsync(Ct);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path + "-shm"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_database.Path + "-wal"));
    }
}
