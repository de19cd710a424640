namespace OrleansLicense.Benchmarks.Load;

/// <summary>One line of the final table.</summary>
/// <param name="Scenario">What was measured.</param>
/// <param name="Target">ceiling, silo, naive or group-commit.</param>
/// <param name="Result">The phase's figures.</param>
/// <param name="Ratio">To the ceiling (or, for PostgreSQL, to the naive baseline); null when not applicable.</param>
/// <param name="Goal">The goal for this line, in words; empty when none.</param>
/// <param name="Met">Whether the goal was met; null when there is none.</param>
internal sealed record ReportRow(string Scenario, string Target, PhaseResult Result, double? Ratio, string Goal, bool? Met)
{
    /// <summary>A goal reached with error answers is not reached: failed requests are fast requests.</summary>
    public bool? MetWithoutErrors => Met is true && Result.Errors > 0 ? false : Met;
}
