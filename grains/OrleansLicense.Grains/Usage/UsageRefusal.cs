using OrleansLicense.Contracts.Errors;
using OrleansLicense.Grains.Errors;

namespace OrleansLicense.Grains.Usage;

/// <summary>The refusal of forced authentication (R-USE-1).</summary>
internal static class UsageRefusal
{
    public static LicensingException Create(string licenseId, string clientId, int hours, DateTimeOffset due)
        => new(
            ErrorCodes.UsageUploadRequired,
            $"License '{licenseId}' requires each client to upload its usage record every {hours} hour(s); client '{clientId}' was due by {due:O}. Upload it (POST /api/v1/usage) to continue.");
}
