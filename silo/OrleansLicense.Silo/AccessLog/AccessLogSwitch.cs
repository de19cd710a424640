using OrleansLicense.Silo.Configuration;

namespace OrleansLicense.Silo.AccessLog;

/// <summary>
/// The access log is on while the marker file <c>access.log</c> exists in this silo's logs folder (R-OPS-1). A
/// <see cref="FileSystemWatcher"/> follows the marker, so creating or deleting it takes effect at once, without a restart.
/// </summary>
internal sealed class AccessLogSwitch : IHostedService, IDisposable
{
    /// <summary>The marker's file name.</summary>
    public const string MarkerName = "access.log";

    private readonly string _marker;
    private FileSystemWatcher? _watcher;
    private volatile bool _on;

    public AccessLogSwitch(DataFolder folder)
    {
        Folder = folder.LogsFolder;
        _marker = Path.Combine(Folder, MarkerName);
    }

    /// <summary>The logs folder the marker and the hourly files are in.</summary>
    public string Folder { get; }

    /// <summary>True while the marker exists.</summary>
    public bool IsOn => _on;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        _watcher = new FileSystemWatcher(Folder, MarkerName) { NotifyFilter = NotifyFilters.FileName };
        _watcher.Created += (_, _) => Check();
        _watcher.Deleted += (_, _) => Check();
        _watcher.Renamed += (_, _) => Check();

        // Events can be lost when the kernel's queue overflows: then look at the file itself.
        _watcher.Error += (_, _) => Check();
        _watcher.EnableRaisingEvents = true;
        Check();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _watcher?.Dispose();

    private void Check() => _on = File.Exists(_marker);
}
