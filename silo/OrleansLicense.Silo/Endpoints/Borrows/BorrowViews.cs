using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Grains.Borrows;
using OrleansLicense.Grains.Usage;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Peaks;
using OrleansLicense.Licensing.Usage;
using OrleansLicense.Silo.Borrowing;

namespace OrleansLicense.Silo.Endpoints.Borrows;

/// <summary>Turns grain answers into API views and signed files.</summary>
internal static class BorrowViews
{
    public static BorrowView View(BorrowInfo info) => new(
        info.BorrowId,
        info.LicenseId,
        info.Product,
        info.Features,
        info.BorrowedAt,
        info.Until,
        info.Returnable,
        info.Offline is not null,
        info.Status.ToString().ToLowerInvariant(),
        info.Client,
        info.EndedAt);

    /// <summary>The borrow certificate, signed by this server.</summary>
    public static string Certificate(BorrowInfo info, ServerSigningKey key) => BorrowCertificate.Issue(
        new BorrowCertificateContent(
            BorrowCertificate.Format,
            info.BorrowId,
            info.LicenseId,
            info.Product,
            [.. info.Features.Select(f => new BorrowedFeature(f.Name, f.Count))],
            info.BorrowedAt,
            info.Until,
            info.Returnable,
            info.Offline is not null,
            info.Fingerprint,
            info.Offline?.RequestId,
            info.Offline?.RequestDigest,
            ""),
        key.Key);

    public static UsageClientView Client(UsageClientSummary client, int? periodHours) => new(
        client.ClientId,
        client.User,
        client.Host,
        client.FirstSeen,
        client.LastUpload,
        client.Uploads,
        periodHours is int hours ? (client.LastUpload ?? client.FirstSeen).AddHours(hours) : null,
        client.Features);

    public static UsageReportClient ReportClient(UsageClientSummary client) => new(
        client.ClientId,
        client.User,
        client.Host,
        client.FirstSeen,
        client.LastUpload,
        client.Uploads,
        [.. client.Features.Select(f => new UsageReportFeature(f.Name, f.CheckOuts, f.Seconds))]);

    public static PeakDayView Day(PeakDayInfo day) => new(day.Date, day.Sn, day.Features);

    public static PeakDay LogDay(PeakDayInfo day) => new(DateOnly.ParseExact(day.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.Sn, day.Features);
}
