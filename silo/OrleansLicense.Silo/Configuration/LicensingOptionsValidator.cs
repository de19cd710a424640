using Microsoft.Extensions.Options;
using OrleansLicense.Grains.Hosting;

namespace OrleansLicense.Silo.Configuration;

/// <summary>Refuses licensing options that cannot work, at start.</summary>
internal sealed class LicensingOptionsValidator : IValidateOptions<LicensingOptions>
{
    public ValidateOptionsResult Validate(string? name, LicensingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Licensing:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServerId))
        {
            failures.Add("Licensing:ServerId must not be empty.");
        }

        if (options.LeaseSweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"Licensing:LeaseSweepInterval must be positive (was {options.LeaseSweepInterval}).");
        }

        if (options.EndedSessionRetention < LicensingOptions.MinimumEndedSessionRetention)
        {
            failures.Add($"Licensing:EndedSessionRetention must be at least {LicensingOptions.MinimumEndedSessionRetention} (was {options.EndedSessionRetention}): a retried logout answers from the stored end only while it is kept.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
