using System.Buffers.Text;
using OrleansLicense.Silo.Tests.Infrastructure;

namespace OrleansLicense.Silo.Tests.Hosting;

/// <summary>The data folder's layout: admin token, server id, keys and logs folders, SQLite file; the owner's alone (issue #12 item 5).</summary>
public sealed class DataFolderTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public void The_admin_token_is_32_random_bytes_in_base64url_readable_by_the_owner_only()
    {
        var path = silo.Folder.File("admin.token");

        var token = File.ReadAllText(path).Trim();

        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void The_folder_holds_the_database_server_id_keys_and_logs()
    {
        Assert.True(File.Exists(silo.Folder.File("olic.db")));
        Assert.False(string.IsNullOrWhiteSpace(File.ReadAllText(silo.Folder.File("server.id"))));
        Assert.True(Directory.Exists(silo.Folder.File("keys")));
        Assert.True(Directory.Exists(silo.Folder.File("logs")));
    }

    [Fact]
    public void The_folder_and_its_sub_folders_are_the_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // The test made the folder with the default mode (0755) before the silo started: the silo tightened it.
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(silo.Folder.Path));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(silo.Folder.File("keys")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(silo.Folder.File("logs")));
    }

    [Theory]
    [InlineData("admin.token")]
    [InlineData("server.key.pem")]
    [InlineData("olic.db")]
    [InlineData("olic.db-wal")]
    [InlineData("olic.db-shm")]
    public void The_files_holding_secrets_are_readable_by_the_owner_only(string name)
    {
        var path = silo.Folder.File(name);
        if (OperatingSystem.IsWindows() || (name.StartsWith("olic.db-", StringComparison.Ordinal) && !File.Exists(path)))
        {
            // SQLite keeps -wal and -shm only while the database is open in WAL mode.
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void No_temporary_files_are_left_behind()
    {
        Assert.Empty(Directory.GetFiles(silo.Folder.Path, "*.tmp"));
    }
}
