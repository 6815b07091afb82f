namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// The samples a tolerance keeps for a steady-state check's Mann-Whitney drift: its measured values, in its unit, at
/// most <see cref="Limit"/> of them. More are thinned to that many evenly spaced order statistics, which keeps the
/// shape of the distribution (what the rank test compares) at a bounded size per run.
/// </summary>
public static class KeptSamples
{
    public const int Limit = 1000;

    /// <summary>
    /// How many values a before/after comparison keeps of each side for its picture (a sketch of the distribution:
    /// every value up to this many, else the smallest, the largest and evenly spaced ranks between, one per percent).
    /// </summary>
    public const int SketchLimit = 101;

    /// <summary>The finite values of <paramref name="sorted"/> (ascending), thinned to at most <paramref name="limit"/>.</summary>
    public static double[] Of(ReadOnlySpan<double> sorted, int limit = Limit)
    {
        var finite = new List<double>(Math.Min(sorted.Length, limit));
        foreach (var value in sorted)
        {
            if (double.IsFinite(value))
            {
                finite.Add(value);
            }
        }

        if (finite.Count <= limit)
        {
            return [.. finite];
        }

        var kept = new double[limit];
        for (var i = 0; i < limit; i++)
        {
            // The i-th of limit evenly spaced ranks from the smallest to the largest value.
            kept[i] = finite[(int)((long)i * (finite.Count - 1) / (limit - 1))];
        }

        return kept;
    }
}
