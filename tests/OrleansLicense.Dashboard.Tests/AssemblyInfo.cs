using OrleansLicense.Dashboard.Tests.Infrastructure;

// One silo and one browser for every test; tests change cluster-wide state (maintenance mode,
// settings), so they run one after the other.
[assembly: AssemblyFixture(typeof(DashboardFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
