using Microsoft.Extensions.DependencyInjection;
using OrleansLicense.Contracts.Errors;
using OrleansLicense.Contracts.Sessions;
using OrleansLicense.Grains.Errors;
using OrleansLicense.Grains.Queries;
using OrleansLicense.Grains.Sessions;
using OrleansLicense.Grains.Tests.Support;

namespace OrleansLicense.Grains.Tests.Sessions;

/// <summary>
/// Issue #12 (storage that does not grow with every login): a session whose id the grid issued deletes its row when it
/// ends, and its id alone answers later calls <c>session_expired</c>; when the pools could not take its seats back it is
/// stored as ended after all, naming them (item 6). The silo's real issuer (HMAC tags) is tested in the silo's tests;
/// here ids starting with "issued-" count as issued.
/// </summary>
public sealed class EndedSessionRowTests : SiloTestBase
{
    private readonly AppendProbe _appends = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal override Task<LicenseSilo> StartSiloAsync()
        => LicenseSilo.StartAsync(DatabasePath, Clock, Vendor, configureSilo: silo =>
        {
            _appends.Install(silo.Services);
            silo.Services.AddSingleton<IIssuedSessionIds, PrefixIssuedIds>();
        });

    [Fact]
    public async Task An_issued_session_that_logs_out_leaves_no_row_and_answers_session_expired_after_a_restart()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-1", "cad", ("draw", 2));
        var session = Silo.Grains.GetGrain<ISessionGrain>("issued-1");

        await session.Logout(Ct);

        Assert.Null(await session.GetInfo());
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        await RestartAsync();
        session = Silo.Grains.GetGrain<ISessionGrain>("issued-1");
        Assert.Null(await session.GetInfo());
        Assert.Equal(ErrorCodes.SessionExpired, (await Assert.ThrowsAsync<LicensingException>(() => session.Heartbeat(Ct))).Code);
        Assert.Equal(ErrorCodes.SessionExpired, (await Assert.ThrowsAsync<LicensingException>(() => session.Logout(Ct))).Code);
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<LicensingException>(() => session.Remove(Ct))).Code);

        // An id never issued, with nothing stored, is unknown as before.
        var stranger = await Assert.ThrowsAsync<LicensingException>(() => Silo.Grains.GetGrain<ISessionGrain>("never-1").Heartbeat(Ct));
        Assert.Equal(ErrorCodes.NotFound, stranger.Code);
    }

    [Fact]
    public async Task An_issued_session_whose_seats_did_not_go_back_is_stored_as_ended_and_a_repeated_logout_returns_them()
    {
        await Silo.Import("L1", "cad", ("draw", 2));
        await Silo.Login("issued-2", "cad", ("draw", 2));
        _appends.Script("L1", "draw", AppendStep.Fail);
        var session = Silo.Grains.GetGrain<ISessionGrain>("issued-2");

        await Assert.ThrowsAnyAsync<Exception>(() => session.Logout(Ct));

        _appends.Clear();
        Assert.Equal(2, await Silo.Used("L1", "draw"));
        Assert.Equal("issued-2", Assert.Single(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct)).SessionId);

        // On another activation (the first silo died) the stored end still names what to give back.
        await RestartAsync();
        session = Silo.Grains.GetGrain<ISessionGrain>("issued-2");
        Assert.Equal(SessionStatus.LoggedOut, (await session.GetInfo())!.Status);
        await session.Logout(Ct);
        Assert.Equal(0, await Silo.Used("L1", "draw"));
        Assert.Empty(await Silo.Service<LicenseQueries>().ListSessionsAsync(Ct));
    }

    private sealed class PrefixIssuedIds : IIssuedSessionIds
    {
        public bool WasIssued(string sessionId) => sessionId.StartsWith("issued-", StringComparison.Ordinal);
    }
}
