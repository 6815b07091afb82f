using System.Globalization;
using ChaosPixie.Engine.Statistics;

// In the ChaosPixie namespace, like PixieRow, so that PowerShell shows the type name 'ChaosPixie.ToleranceResult'.
namespace ChaosPixie;

/// <summary>A tolerance's verdict with the measured value and what it was measured on, explained in one line.</summary>
public sealed class ToleranceResult
{
    internal ToleranceResult(PercentileTolerance tolerance, ToleranceVerdict verdict, double? value, DurationUnit? unit, int sampleCount, long rowsOutsideTarget, IReadOnlyList<object> worstRows, string? group = null)
    {
        Outcome = verdict;
        Group = group;
        Column = tolerance.Column;
        Quantile = tolerance.Quantile?.ToUpperInvariant();
        Percentile = tolerance.Percentile;
        ComparisonValue = tolerance.Comparison;
        Comparison = tolerance.Comparison.ToString();
        Method = tolerance.Method.ToString();
        Value = value;
        Threshold = tolerance.Threshold;
        Unit = unit;
        SampleCount = sampleCount;
        MinimumSamples = tolerance.MinimumSamples;
        Target = tolerance.Target?.ToString();
        RowsOutsideTarget = rowsOutsideTarget;
        WorstRows = worstRows;
        Expectation = $"{tolerance.Label} {(ComparisonValue == ToleranceComparison.Below ? "<=" : ">=")} {Quantity(Threshold)}";
        _label = tolerance.Label;
    }

    private readonly string _label;

    /// <summary>True only for <see cref="ToleranceVerdict.Passed"/>: an inconclusive verdict is not a pass.</summary>
    public bool Passed => Outcome == ToleranceVerdict.Passed;

    /// <summary>Passed, Failed or Inconclusive, as text so that ConvertTo-Json writes the name.</summary>
    public string Verdict => Outcome.ToString();

    /// <summary>The group's value with -GroupBy (a service, a pod, a cluster); null otherwise.</summary>
    public string? Group { get; }

    public string Column { get; }

    /// <summary>The quantile read from each row of a quantiles column (P01..P99); null for a plain column.</summary>
    public string? Quantile { get; }

    public double Percentile { get; }

    /// <summary>Below or Above.</summary>
    public string Comparison { get; }

    /// <summary>Inclusive, Exclusive or NearestRank.</summary>
    public string Method { get; }

    /// <summary>The measured percentile in <see cref="Unit"/>; null when no row was sampled.</summary>
    public double? Value { get; }

    public double Threshold { get; }

    /// <summary>The value as the explanation shows it, with its unit (248.769 ms); "-" when no row was sampled.</summary>
    public string Measured => Value is { } value ? Quantity(value) : "-";

    /// <summary>The unit of Value and Threshold when the values are durations; null when unknown.</summary>
    public DurationUnit? Unit { get; }

    public int SampleCount { get; }

    public int MinimumSamples { get; }

    /// <summary>The target filter as text (pod =~ '/consumer.*'); null when every row was taken.</summary>
    public string? Target { get; }

    public long RowsOutsideTarget { get; }

    /// <summary>Up to five sampled rows furthest on the failing side, worst first: the largest values for Below, the smallest for Above.</summary>
    public IReadOnlyList<object> WorstRows { get; }

    /// <summary>What passes, e.g. "p99(latency_p99) &lt;= 300 ms".</summary>
    public string Expectation { get; }

    /// <summary>How many times the result the rows came from was resumed after a cut; 0 when it never was.</summary>
    public int Resumes { get; internal init; }

    /// <summary>The measured values, ascending, in <see cref="Unit"/>, thinned to at most <see cref="KeptSamples.Limit"/> (a steady-state check keeps them).</summary>
    internal IReadOnlyList<double> Samples { get; init; } = [];

    /// <summary>One line, e.g. "p99(latency_p99) = 312.4 ms &gt; 300 ms over 12 samples (Inclusive)".</summary>
    public string Explanation => Explain(_label);

    internal ToleranceVerdict Outcome { get; }

    internal ToleranceComparison ComparisonValue { get; }

    public override string ToString() => Explanation;

    private string Explain(string label)
    {
        var samples = string.Create(CultureInfo.InvariantCulture, $"{SampleCount} sample{(SampleCount == 1 ? string.Empty : "s")}");
        var threshold = Quantity(Threshold);
        if (Outcome == ToleranceVerdict.Inconclusive)
        {
            var measured = Value is { } v ? $"{label} = {Quantity(v)} over {samples} ({Method})" : $"{label} has no samples";
            var outside = RowsOutsideTarget > 0
                ? string.Create(CultureInfo.InvariantCulture, $"; {RowsOutsideTarget} row{(RowsOutsideTarget == 1 ? " did" : "s did")} not match the target {Target}")
                : string.Empty;
            return SampleCount >= MinimumSamples && Resumes > 0
                ? $"{measured}: {ResumedTables.Inconclusive(Resumes)}{outside}"
                : string.Create(CultureInfo.InvariantCulture, $"{measured}: inconclusive, at least {MinimumSamples} required{outside}");
        }

        var value = Value!.Value;
        if (double.IsNaN(value))
        {
            return $"{label} = NaN, which cannot be compared with {threshold}, over {samples} ({Method})";
        }

        var sign = (ComparisonValue, Passed) switch
        {
            (ToleranceComparison.Below, true) => "<=",
            (ToleranceComparison.Below, false) => ">",
            (ToleranceComparison.Above, true) => ">=",
            _ => "<",
        };
        var resumed = Resumes > 0 ? string.Create(CultureInfo.InvariantCulture, $", on a result resumed {Resumes} time{(Resumes == 1 ? string.Empty : "s")} (-AcceptResumeLoss)") : string.Empty;
        return $"{label} = {Quantity(value)} {sign} {threshold} over {samples} ({Method}){resumed}";
    }

    private string Quantity(double number) => Quantities.Format(number, Unit);
}
