namespace ChaosPixie.Engine.Statistics;

/// <summary>The tie term sum(t^3 - t) over the groups of equal values, and the rank-sum variance it corrects.</summary>
public static class TieCorrection
{
    /// <summary>sum(t^3 - t) over the runs of equal values in an ascending array.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted)
    {
        var term = 0.0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            double t = end - start;
            term += (t * t * t) - t;
            start = end;
        }

        return term;
    }

    /// <summary>The standard deviation of U under H0: sqrt(n1 n2 / 12 ((n + 1) - T / (n (n - 1)))).</summary>
    public static double Sigma(int n1, int n2, double tieTerm)
    {
        double n = n1 + n2;
        var variance = (double)n1 * n2 / 12 * ((n + 1) - (tieTerm / (n * (n - 1))));
        return variance > 0 ? Math.Sqrt(variance) : 0;
    }
}
