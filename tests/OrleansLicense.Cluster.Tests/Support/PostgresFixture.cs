using OrleansLicense.Testing;

[assembly: AssemblyFixture(typeof(OrleansLicense.Cluster.Tests.Support.PostgresFixture))]

namespace OrleansLicense.Cluster.Tests.Support;

/// <summary>One throwaway PostgreSQL for the assembly; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    internal PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
