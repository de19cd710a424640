using Microsoft.Extensions.Options;
using OrleansLicense.Runtime.Hosting;

namespace OrleansLicense.Runtime.Activation;

/// <summary>The validated runtime options, read once (options do not change while a silo runs).</summary>
internal sealed class RuntimeOptionsSnapshot(IOptions<RuntimeOptions> options)
{
    public RuntimeOptions Value { get; } = options.Value;
}
