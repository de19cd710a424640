namespace OrleansLicense.Storage.Postgres;

/// <summary>
/// The named statements (rows of table OrleansQuery) that Orleans' ADO.NET providers 10.4.2 run. Each
/// provider reads the table when it starts and refuses to start when one of its required keys is
/// missing (clustering and reminders with "Not all required queries found", grain storage with a bare
/// "Sequence contains no matching element"); the check at silo start names them first and clearly.
/// </summary>
internal static class OrleansQueryKeys
{
    /// <summary>Membership (UseAdoNetClustering); CleanupDefunctSiloEntryKey is optional there, but ours.</summary>
    public static readonly string[] Clustering =
    [
        "InsertMembershipVersionKey",
        "InsertMembershipKey",
        "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey",
        "MembershipReadAllKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",
    ];

    /// <summary>Grain persistence (AddAdoNetGrainStorage); DeleteStorageKey because ours clears with DeleteStateOnClear.</summary>
    public static readonly string[] Persistence =
    [
        "WriteToStorageKey",
        "ReadFromStorageKey",
        "ClearStorageKey",
        "DeleteStorageKey",
    ];

    /// <summary>Reminders (UseAdoNetReminderService).</summary>
    public static readonly string[] Reminders =
    [
        "UpsertReminderRowKey",
        "ReadReminderRowKey",
        "ReadReminderRowsKey",
        "ReadRangeRows1Key",
        "ReadRangeRows2Key",
        "DeleteReminderRowKey",
        "DeleteReminderRowsKey",
    ];

    /// <summary>Every key the schema provides and the silo checks.</summary>
    public static readonly IReadOnlyList<string> All = [.. Clustering, .. Persistence, .. Reminders];
}
