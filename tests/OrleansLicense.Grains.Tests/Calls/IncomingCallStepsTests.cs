using System.Reflection;
using Orleans.Serialization.Invocation;
using OrleansLicense.Grains.Calls;

namespace OrleansLicense.Grains.Tests.Calls;

/// <summary>
/// The silo's single incoming call filter (issue #12: one await per grain call instead of one per filter): the steps
/// that apply run in the order they were added, each going on through the next, and a call no step applies to goes
/// straight to the grain.
/// </summary>
public sealed class IncomingCallStepsTests
{
    [Fact]
    public async Task A_call_no_step_applies_to_goes_straight_to_the_grain()
    {
        var trail = new List<string>();
        var call = new RecordingCall(trail);

        await new IncomingCallSteps([new Step("a", applies: false, trail), new Step("b", applies: false, trail)]).Invoke(call);

        Assert.Equal(["grain"], trail);
    }

    [Fact]
    public async Task The_steps_that_apply_run_in_order_around_the_grain_and_see_its_result()
    {
        var trail = new List<string>();
        var call = new RecordingCall(trail);
        var steps = new IncomingCallSteps([new Step("a", applies: true, trail), new Step("b", applies: false, trail), new Step("c", applies: true, trail)]);

        await steps.Invoke(call);

        Assert.Equal(["a in", "c in", "grain", "c out: 42", "a out: 42"], trail);
    }

    [Fact]
    public async Task One_step_that_applies_gets_the_call_itself()
    {
        var trail = new List<string>();
        var call = new RecordingCall(trail);
        var only = new Step("a", applies: true, trail);

        await new IncomingCallSteps([only]).Invoke(call);

        Assert.Same(call, only.Seen);
        Assert.Equal(["a in", "grain", "a out: 42"], trail);
    }

    [Fact]
    public async Task A_step_that_refuses_keeps_the_call_from_the_grain_and_the_later_steps()
    {
        var trail = new List<string>();
        var call = new RecordingCall(trail);
        var steps = new IncomingCallSteps([new Step("a", applies: true, trail), new Step("no", applies: true, trail, refuse: true), new Step("c", applies: true, trail)]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => steps.Invoke(call));

        Assert.Equal(["a in", "no in"], trail);
    }

    private sealed class Step(string name, bool applies, List<string> trail, bool refuse = false) : IIncomingCallStep
    {
        public IIncomingGrainCallContext? Seen { get; private set; }

        public bool AppliesTo(IIncomingGrainCallContext context) => applies;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            Seen = context;
            trail.Add($"{name} in");
            if (refuse)
            {
                throw new InvalidOperationException(name);
            }

            await context.Invoke();
            trail.Add($"{name} out: {context.Result}");
        }
    }

    // Only what the steps above touch; the rest is never read.
    private sealed class RecordingCall(List<string> trail) : IIncomingGrainCallContext
    {
        public object Grain => this;

        public MethodInfo InterfaceMethod => typeof(object).GetMethod(nameof(ToString))!;

        public MethodInfo ImplementationMethod => InterfaceMethod;

        public IInvokable Request => throw new NotSupportedException();

        public object? Result { get; set; }

        public Response? Response { get; set; }

        public GrainId? SourceId => null;

        public GrainId TargetId => GrainId.Create("test", "call");

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => "ITest";

        public string MethodName => "Call";

        public IGrainContext TargetContext => throw new NotSupportedException();

        public async Task Invoke()
        {
            await Task.Yield();
            trail.Add("grain");
            Result = 42;
        }
    }
}
