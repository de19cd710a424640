using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Backup;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Grains.Tests.Backup;

/// <summary>A partner that records what it is sent, or cannot be reached while <see cref="Reachable"/> is false.</summary>
internal sealed class FakePartnerLink : IBackupPartnerLink
{
    private readonly List<SyncedSettings> _pushed = [];
    private readonly Lock _lock = new();

    public bool Reachable { get; set; } = true;

    public int DissolveNotices { get; private set; }

    public IReadOnlyList<SyncedSettings> Pushed
    {
        get
        {
            lock (_lock)
            {
                return [.. _pushed];
            }
        }
    }

    /// <summary>The addresses the backup answers with.</summary>
    public IReadOnlyList<string>? Addresses { get; set; }

    public Task<IReadOnlyList<string>?> PushSettingsAsync(BackupRelationship relationship, SyncedSettings settings, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_lock)
        {
            _pushed.Add(settings);
        }

        return Task.FromResult(Addresses);
    }

    public Task NotifyDissolvedAsync(BackupRelationship relationship, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        DissolveNotices++;
        return Task.CompletedTask;
    }

    private void ThrowIfUnreachable()
    {
        if (!Reachable)
        {
            throw new LicensingException(ErrorCodes.PartnerUnreachable, "The fake partner is down.");
        }
    }
}
