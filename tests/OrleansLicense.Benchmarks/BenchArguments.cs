using System.Globalization;

namespace OrleansLicense.Benchmarks;

/// <summary>The command line after the scenario name: <c>--name value</c> options and <c>--flag</c> switches.</summary>
internal sealed class BenchArguments(IReadOnlyList<string> args)
{
    public string Scenario => args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "runtime";

    public bool Flag(string name) => args.Contains(name);

    public string? Text(string name)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    /// <exception cref="ArgumentException">The value is not a number: better to stop than to measure something else.</exception>
    public double? Number(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} needs a number (was '{text}').", name);
    }
}
