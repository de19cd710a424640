using System.Text.Json;

namespace OrleansLicense.Grains.Seats;

/// <summary>
/// How a seat pool's events and snapshots are written in its event log: the JSON web defaults
/// (camelCase), as our runtime wrote them, with the events' <c>$e</c> discriminator from
/// <see cref="SeatEvent"/>'s own attributes. Never .NET type names.
/// </summary>
internal static class SeatLogJson
{
    /// <summary>The log's name in <see cref="OrleansLicense.Storage.EventLogs.IEventLogStore"/>.</summary>
    public const string LogName = "seats";

    /// <summary>The options (read-only: shared by every pool).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
