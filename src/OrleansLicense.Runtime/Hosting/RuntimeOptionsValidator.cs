using Microsoft.Extensions.Options;

namespace OrleansLicense.Runtime.Hosting;

/// <summary>Refuses runtime options that cannot work, at start, with the option's name.</summary>
internal sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        var failures = new List<string>();
        Positive(nameof(options.ResponseTimeout), options.ResponseTimeout, failures);
        Positive(nameof(options.CollectionAge), options.CollectionAge, failures);
        Positive(nameof(options.CollectionQuantum), options.CollectionQuantum, failures);
        Positive(nameof(options.ActivationTimeout), options.ActivationTimeout, failures);
        Positive(nameof(options.DeactivationTimeout), options.DeactivationTimeout, failures);
        Positive(nameof(options.StatisticsPeriod), options.StatisticsPeriod, failures);
        if (options.SnapshotInterval < 1)
        {
            failures.Add($"Runtime:SnapshotInterval must be at least 1 (was {options.SnapshotInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string name, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Runtime:{name} must be positive (was {value}).");
        }
    }
}
