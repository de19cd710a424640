using OrleansLicense.Runtime.Hosting;
using OrleansLicense.Runtime.Messaging;
using OrleansLicense.Runtime.Tests.Grains;
using OrleansLicense.Runtime.Tests.Support;
using OrleansLicense.Testing;

namespace OrleansLicense.Runtime.Tests.Activation;

/// <summary>Exceptions reach the caller unchanged; call cycles end at the response timeout with a clear error.</summary>
public sealed class CallErrorTests : SingleSiloTests
{
    protected override void Configure(RuntimeOptions options) => options.ResponseTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Exceptions_travel_back_with_their_type_and_message()
    {
        var grain = Silo.Grains.GetGrain<IErrorGrain>("e");

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSync("sync boom"));
        var async = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowAsync("async boom"));
        var custom = await Assert.ThrowsAsync<SeatRuleException>(() => grain.ThrowCustom(3));

        Assert.Equal("sync boom", sync.Message);
        Assert.StartsWith("async boom", async.Message, StringComparison.Ordinal);
        Assert.Equal("message", async.ParamName);
        Assert.Equal(3, custom.Free);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_ends_with_a_timeout_naming_the_cycle()
    {
        var a = Silo.Grains.GetGrain<ICycleGrain>("a");

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => a.CallPartner("b"));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        // The whole chain shares the first caller's deadline, so any link of the cycle may report it.
        Assert.Contains(error.GrainId, new[] { "Cycle/a", "Cycle/b" });

        // The grains are usable again once the cycle unwound.
        Assert.Equal("a", await RetryUntilFree(() => a.Echo()));
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_and_the_next_call_activates_afresh()
    {
        var grain = Silo.Grains.GetGrain<IFailingActivationGrain>("f");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());

        Assert.Equal("activation failed on purpose", error.Message);
        Assert.Equal(2, await grain.Ping());
    }

    private static async Task<T> RetryUntilFree<T>(Func<Task<T>> call)
    {
        // The inner links of the cycle time out a little after the outer one; retry across that window.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (GrainCallTimeoutException) when (attempt < 5)
            {
            }
        }
    }
}
