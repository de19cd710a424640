namespace OrleansLicense.Runtime.Activation;

/// <summary>
/// How to answer a waiter: a grain turn's await resumes on its own activation's scheduler whatever
/// thread completes it, so its answer can be given on the answering thread (no thread-pool hop).
/// Anyone else (a request thread, runtime code) is answered on the thread pool, so its code never
/// runs inside the answering activation's turn.
/// </summary>
internal static class TurnAnswers
{
    /// <summary>True when the current code runs in a grain turn.</summary>
    public static bool InGrainTurn => TaskScheduler.Current is ActivationTaskScheduler;

    /// <summary>The options for a completion source answered to the current caller.</summary>
    public static TaskCreationOptions ForCurrentCaller()
        => InGrainTurn ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously;
}
