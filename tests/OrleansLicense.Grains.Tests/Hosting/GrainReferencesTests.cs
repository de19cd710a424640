using OrleansLicense.Grains.Hosting;
using OrleansLicense.Grains.Seats;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Hosting;

/// <summary>
/// Issue #12 (hot login+logout): the references the hot path builds without Orleans' per-call type lookup name the same
/// grain and interface as <c>GetGrain</c>, and calls through them reach the grains.
/// </summary>
public sealed class GrainReferencesTests : SiloTestBase
{
    [Fact]
    public async Task A_reference_names_the_grain_and_interface_GetGrain_names_and_reaches_it()
    {
        var references = Silo.Service<GrainReferences>();
        var session = references.Get<ISessionGrain>("s1");
        var pool = references.Get<IFeatureGrain>(FeatureKey.Of("L1", "draw"));
        var expectedSession = Silo.Grains.GetGrain<ISessionGrain>("s1");
        var expectedPool = Silo.Grains.GetGrain<IFeatureGrain>(FeatureKey.Of("L1", "draw"));
        Assert.Equal(expectedSession.GetGrainId(), session.GetGrainId());
        Assert.Equal(((GrainReference)expectedSession).InterfaceType, ((GrainReference)session).InterfaceType);
        Assert.Equal(expectedPool.GetGrainId(), pool.GetGrainId());
        Assert.Equal(((GrainReference)expectedPool).InterfaceType, ((GrainReference)pool).InterfaceType);

        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("s1", "cad", ("draw", 1));
        Assert.Equal("s1", (await session.GetInfo())?.SessionId);
        Assert.Equal(1, (await pool.GetUsage()).Used);
    }
}
