using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Postgres.Tests;

public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : MembershipTableConformance
{
    private readonly PostgresTestSchema _schema = postgres.CreateSchema();

    protected override Task<IMembershipTable> CreateStoreAsync() => Task.FromResult(_schema.Get<IMembershipTable>());

    public override async ValueTask DisposeAsync()
    {
        await _schema.DisposeAsync();
        await base.DisposeAsync();
    }
}
