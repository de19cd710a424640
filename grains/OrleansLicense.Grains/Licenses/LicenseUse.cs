using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Usage;

namespace OrleansLicense.Grains.Licenses;

/// <summary>What a login, a check-out, a heartbeat and a borrow check of a license before they ask its pools for seats.</summary>
internal static class LicenseUse
{
    /// <summary>Refuses an expired license, and a local-only one (R-LIC-5) for a caller on another machine.</summary>
    public static void Check(LicenseSummary summary, bool isLoopback, DateTimeOffset now)
    {
        if (summary.Expires is { } expires && expires <= now)
        {
            throw new LicensingException(ErrorCodes.LicenseExpired, $"License '{summary.Id}' expired at {expires:O}.");
        }

        if (summary.LocalOnly && !isLoopback)
        {
            throw new LicensingException(ErrorCodes.LocalOnly, $"License '{summary.Id}' serves only clients on the server's own machine.");
        }
    }

    /// <summary>
    /// A license with usage statistics and forced authentication refuses a client whose usage upload is overdue
    /// (R-USE-1). Answers until when the client's last upload is good.
    /// </summary>
    public static async Task<DateTimeOffset> CheckUsageUploadedAsync(IGrainFactory grains, string licenseId, int? forcedAuthenticationHours, ClientInfo? client, CancellationToken cancellationToken)
    {
        if (forcedAuthenticationHours is not int hours)
        {
            return DateTimeOffset.MaxValue;
        }

        var clientId = UsageClientId.Of(client);
        var check = await grains.GetGrain<IUsageGrain>(licenseId).Check(clientId, hours, cancellationToken);
        if (!check.Allowed)
        {
            throw UsageRefusal.Create(licenseId, clientId, hours, check.Due);
        }

        return check.Due;
    }
}
