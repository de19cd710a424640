namespace OrleansLicense.Silo.Borrowing;

/// <summary>Resolves the signing key at start, so <c>server.key.pem</c> exists from the first start, not the first borrow.</summary>
internal sealed class ServerSigningKeyLoader(ServerSigningKey key, ILogger<ServerSigningKeyLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BorrowingLog.LogInformationServerKey(logger, key.KeyId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
