namespace OrleansLicense.Client.Tests.Fakes;

/// <summary>A session held by <see cref="FakeLicenseStore"/>.</summary>
internal sealed class FakeSession(string id, string product, DateTimeOffset now)
{
    public string Id { get; } = id;

    public string Product { get; } = product;

    /// <summary>Seats held per feature.</summary>
    public Dictionary<string, int> Features { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset LastHeartbeat { get; set; } = now;
}
