using OrleansLicense.Storage.Expiry;

namespace OrleansLicense.Storage.Conformance;

/// <summary>A test state whose stored row may be deleted after <see cref="ForgetAfter"/> (#12 storage growth).</summary>
public sealed class ExpiringConformanceState : IExpiringState
{
    /// <summary>A text.</summary>
    public string Name { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? ForgetAfter { get; set; }
}
