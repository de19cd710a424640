using OrleansLicense.Runtime.Conformance;
using OrleansLicense.Runtime.Membership;

namespace OrleansLicense.Runtime.Sqlite.Tests;

public sealed class SqliteMembershipTableTests : MembershipTableConformance
{
    private readonly SqliteTestDatabase _database = new();

    protected override Task<IMembershipTable> CreateStoreAsync() => Task.FromResult(_database.Get<IMembershipTable>());

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }
}
