namespace OrleansLicense.Storage.Expiry;

/// <summary>
/// A grain state whose stored row may be deleted once it is no longer needed (#12 storage growth): both grain
/// storages (SQLite, PostgreSQL) store <see cref="ForgetAfter"/> beside the state on every write, and a background
/// sweep deletes the rows whose time has passed. Afterwards the state reads as one never stored.
/// </summary>
/// <remarks>
/// A state that sets <see cref="ForgetAfter"/> promises not to be written again once that time has passed: the sweep
/// may have deleted its row, so such a write would fail with a version conflict, as after a clear. Set it far enough
/// ahead that every retry that still needs the stored state has come and gone. On PostgreSQL the time is read from the
/// stored JSON's top-level <c>ForgetAfter</c> property (Orleans' System.Text.Json storage serializer, no naming policy):
/// keep that name, and give no other state a top-level property of that name.
/// </remarks>
public interface IExpiringState
{
    /// <summary>
    /// When the stored state may be deleted; null (the usual case) keeps it for good. Stored to the millisecond.
    /// </summary>
    DateTimeOffset? ForgetAfter { get; }
}
