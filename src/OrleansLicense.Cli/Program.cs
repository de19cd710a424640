using OrleansLicense.Cli;

// Ctrl+C cancels the running request instead of killing the process mid-write; the command then exits 130.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.RunAsync(args, Console.In, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancellation.Token).ConfigureAwait(false);
