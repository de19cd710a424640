using OrleansLicense.Runtime.Grains;
using OrleansLicense.Runtime.Tests.Support;

namespace OrleansLicense.Runtime.Tests.Grains;

public sealed class SeatRuleException(string message, int free) : Exception(message)
{
    public int Free { get; } = free;
}

public interface IErrorGrain : IGrain
{
    Task ThrowSync(string message);

    Task<int> ThrowAsync(string message);

    Task<int> ThrowCustom(int free);

    /// <summary>A method with a cancellation token: the token does not travel between silos, the deadline does.</summary>
    Task<string> Echo(string text, CancellationToken cancellationToken);
}

internal sealed class ErrorGrain : Grain, IErrorGrain
{
    public Task ThrowSync(string message) => throw new InvalidOperationException(message);

    public async Task<int> ThrowAsync(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message, nameof(message));
    }

    public async Task<int> ThrowCustom(int free)
    {
        await Task.Yield();
        throw new SeatRuleException("no seats", free);
    }

    public Task<string> Echo(string text, CancellationToken cancellationToken)
        => Task.FromResult(cancellationToken.CanBeCanceled ? $"{text}:{Key}" : "no deadline token");
}

public interface IFailingActivationGrain : IGrain
{
    Task<int> Ping();
}

/// <summary>Fails OnActivateAsync while the probe's "fail-activation" counter is below 1, then works.</summary>
internal sealed class FailingActivationGrain(Probe probe) : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (probe.Increment("activations") == 1)
        {
            throw new InvalidOperationException("activation failed on purpose");
        }

        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(probe.Count("activations"));
}

public interface ICycleGrain : IGrain
{
    Task<string> CallPartner(string partnerKey);

    Task<string> Echo();
}

internal sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallPartner(string partnerKey)
        => GrainFactory.GetGrain<ICycleGrain>(partnerKey).CallPartner(Key);

    public Task<string> Echo() => Task.FromResult(Key);
}
