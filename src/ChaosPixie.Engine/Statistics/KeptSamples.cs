namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// The samples a tolerance keeps for a steady-state check's Mann-Whitney drift: its measured values, in its unit, at
/// most <see cref="Limit"/> of them. More are thinned to that many evenly spaced order statistics, which keeps the
/// shape of the distribution (what the rank test compares) at a bounded size per run.
/// </summary>
public static class KeptSamples
{
    public const int Limit = 1000;

    /// <summary>The finite values of <paramref name="sorted"/> (ascending), thinned to at most <see cref="Limit"/>.</summary>
    public static double[] Of(ReadOnlySpan<double> sorted)
    {
        var finite = new List<double>(Math.Min(sorted.Length, Limit));
        foreach (var value in sorted)
        {
            if (double.IsFinite(value))
            {
                finite.Add(value);
            }
        }

        if (finite.Count <= Limit)
        {
            return [.. finite];
        }

        var kept = new double[Limit];
        for (var i = 0; i < Limit; i++)
        {
            // The i-th of Limit evenly spaced ranks from the smallest to the largest value.
            kept[i] = finite[(int)((long)i * (finite.Count - 1) / (Limit - 1))];
        }

        return kept;
    }
}
