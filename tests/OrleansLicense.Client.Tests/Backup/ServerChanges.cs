using OrleansLicense.Client.Events;

namespace OrleansLicense.Client.Tests.Backup;

/// <summary>Records a client's <see cref="LicenseClient.ServerChanged"/> events and lets a test await one of a reason.</summary>
internal sealed class ServerChanges
{
    private readonly Lock _gate = new();
    private readonly List<ServerChangedEventArgs> _seen = [];
    private readonly List<(ServerChangeReason Reason, TaskCompletionSource<ServerChangedEventArgs> Done)> _waiters = [];

    public ServerChanges(LicenseClient client) => client.ServerChanged += (_, e) => Add(e);

    public IReadOnlyList<ServerChangedEventArgs> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Completes with the first event of <paramref name="reason"/>, seen already or to come.</summary>
    public Task<ServerChangedEventArgs> Next(ServerChangeReason reason)
    {
        lock (_gate)
        {
            if (_seen.FirstOrDefault(e => e.Reason == reason) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<ServerChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((reason, done));
            return done.Task;
        }
    }

    private void Add(ServerChangedEventArgs e)
    {
        List<TaskCompletionSource<ServerChangedEventArgs>> ready;
        lock (_gate)
        {
            _seen.Add(e);
            ready = [.. _waiters.Where(w => w.Reason == e.Reason).Select(w => w.Done)];
            _waiters.RemoveAll(w => w.Reason == e.Reason);
        }

        foreach (var done in ready)
        {
            done.TrySetResult(e);
        }
    }
}
