using System.Text.Json;
using OrleansLicense.Client.Borrowing;
using OrleansLicense.Client.Failover;
using OrleansLicense.Contracts;
using OrleansLicense.Contracts.Borrows;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Contracts.Usage;
using OrleansLicense.Licensing.Borrowing;
using OrleansLicense.Licensing.Keys;

namespace OrleansLicense.Client;

/// <summary>Borrowing (R-BOR-1..5) and usage uploads (R-USE-1) of the client.</summary>
public sealed partial class LicenseClient
{
    /// <summary>Borrows seats for offline use (Bit_CheckOutFeatures; no feature named borrows one seat of each, like
    /// Bit_CheckOutSn). No session is needed. The answer's certificate is verified before it is returned.</summary>
    /// <param name="product">The product.</param>
    /// <param name="features">The seats; may be empty.</param>
    /// <param name="hours">How long: at least 1, at most the product's borrow rule (default 720).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The borrow and its certificate.</returns>
    /// <exception cref="LicenseServerException">Refused: <c>borrow_not_allowed</c>, <c>borrow_limit</c> (the detail names the
    /// limit), <c>seats_exhausted</c>, <c>maintenance</c>, …; or <c>outcome_unknown</c> when a request timed out.</exception>
    public Task<BorrowedLicense> BorrowAsync(string product, IReadOnlyList<FeatureRequest> features, int hours, CancellationToken cancellationToken = default)
        => BorrowCoreAsync(product, features, hours, distribute: false, cancellationToken);

    /// <summary>Takes a distribution: seats lent permanently (100 years) from a distributable license; never returnable (R-BOR-5).</summary>
    /// <param name="product">The product.</param>
    /// <param name="features">The seats; may be empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The borrow and its certificate.</returns>
    /// <exception cref="LicenseServerException">Refused, e.g. <c>borrow_not_allowed</c>.</exception>
    public Task<BorrowedLicense> DistributeAsync(string product, IReadOnlyList<FeatureRequest> features, CancellationToken cancellationToken = default)
        => BorrowCoreAsync(product, features, 0, distribute: true, cancellationToken);

    /// <summary>Returns borrowed seats early (Bit_CheckIn). Returning an ended borrow succeeds.</summary>
    /// <param name="borrowId">The borrow id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server took the seats back.</returns>
    /// <exception cref="LicenseServerException"><c>not_returnable</c> for a distribution; <c>not_found</c>.</exception>
    public async Task ReturnBorrowAsync(string borrowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(borrowId);
        await ExecuteAsync(
            Preferred,
            Preferred.Servers.FromCurrent,
            async (server, ct) =>
            {
                await Preferred.Transport.ReturnBorrowAsync(server, borrowId, ct).ConfigureAwait(false);
                return true;
            },
            repeatable: true,
            _loginRetryAttempts,
            static () => null,
            cancellationToken).ConfigureAwait(false);
        BorrowingLog.LogInformationBorrowReturned(_logger, borrowId);
    }

    /// <summary>The server's signing key, to pin in an <see cref="Borrowing.OfflineBorrowStore"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key.</returns>
    public async Task<VendorPublicKey> GetServerKeyAsync(CancellationToken cancellationToken = default)
    {
        var (view, _) = await ExecuteAsync(
            Preferred,
            Preferred.Servers.FromCurrent,
            (server, ct) => Preferred.Transport.GetServerKeyAsync(server, ct),
            repeatable: true,
            _loginRetryAttempts,
            static () => null,
            cancellationToken).ConfigureAwait(false);
        try
        {
            return VendorPublicKey.FromPem(view.PublicKeyPem);
        }
        catch (FormatException e)
        {
            throw new LicenseServerException(ClientErrorCodes.InvalidResponse, 200, $"The server key is not a P-256 public key: {e.Message}", Preferred.Servers.Current, innerException: e);
        }
    }

    /// <summary>Uploads the usage record collected since the last upload (the client also does this by itself when a
    /// license with forced authentication asks, answering <c>usage_upload_required</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The licenses that recorded it and when the next upload is due.</returns>
    /// <exception cref="InvalidOperationException">No product known (set <see cref="LicenseClientOptions.Product"/> or log in first).</exception>
    public Task<UsageUploadResponse> UploadUsageAsync(CancellationToken cancellationToken = default)
        => UploadUsageCoreAsync(
            ActiveSession?.Current.Grid ?? Preferred,
            _usage.Product ?? _product ?? throw new InvalidOperationException("Set LicenseClientOptions.Product or log in first: usage is uploaded per product."),
            cancellationToken);

    private async Task<BorrowedLicense> BorrowCoreAsync(string product, IReadOnlyList<FeatureRequest> features, int hours, bool distribute, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentNullException.ThrowIfNull(features);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var request = new BorrowRequest(product, [.. features], hours, _client, Distribute: distribute);

        // Not repeatable after a timeout: a repeated borrow would lend the seats twice.
        var (answer, server) = await WithUsageUploadAsync(() => Preferred, product, () => ExecuteAsync(
            Preferred,
            Preferred.Servers.FromCurrent,
            (uri, ct) => Preferred.Transport.BorrowAsync(uri, request, ct),
            repeatable: false,
            _loginRetryAttempts,
            static () => null,
            cancellationToken), cancellationToken).ConfigureAwait(false);
        try
        {
            var certificate = BorrowCertificate.Verify(answer.Certificate, null);
            if (certificate.BorrowId != answer.Borrow.BorrowId)
            {
                throw new SignedFileException(SignedFileErrorCodes.Invalid, $"The certificate is for borrow {certificate.BorrowId}, not {answer.Borrow.BorrowId}.");
            }
        }
        catch (SignedFileException e)
        {
            throw new LicenseServerException(ClientErrorCodes.InvalidResponse, 201, e.Message, server, innerException: e);
        }

        BorrowingLog.LogInformationBorrowed(_logger, server, answer.Borrow.BorrowId, answer.Borrow.LicenseId, answer.Borrow.Until);
        return new BorrowedLicense(answer.Borrow, answer.Certificate);
    }

    // To the grid that asked for it: usage stays per grid in a backup relationship (R-BAK-5).
    private async Task<UsageUploadResponse> UploadUsageCoreAsync(GridLink grid, string product, CancellationToken cancellationToken)
    {
        var record = _usage.Snapshot(_time.GetUtcNow());
        var request = new UsageUploadRequest(product, _client, record);
        var (answer, _) = await ExecuteAsync(
            grid,
            grid.Servers.FromCurrent,
            (server, ct) => grid.Transport.UploadUsageAsync(server, request, ct),
            repeatable: true,
            _loginRetryAttempts,
            static () => null,
            cancellationToken).ConfigureAwait(false);
        _usage.Uploaded(record);
        BorrowingLog.LogInformationUsageUploaded(_logger, product, answer.Licenses.Count, answer.NextUploadBefore);
        return answer;
    }

    // Forced authentication (R-USE-1): when the server asks for the usage record, upload it and try once more.
    private async Task<T> WithUsageUploadAsync<T>(Func<GridLink> grid, string? product, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LicenseServerException e) when (e.Code == ErrorCodes.UsageUploadRequired && product is not null)
        {
            BorrowingLog.LogInformationUsageRequested(_logger, product, e.Detail ?? "");
            await UploadUsageCoreAsync(grid(), product, cancellationToken).ConfigureAwait(false);
            return await call().ConfigureAwait(false);
        }
    }
}
