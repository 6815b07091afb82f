using System.Numerics;

namespace ChaosPixie.Engine.Statistics;

/// <summary>The outcome of a two-sided Mann-Whitney U test: U of the first sample, the p-value and how it was computed.</summary>
public readonly record struct MannWhitneyResult(double U, double PValue, bool Exact);

/// <summary>
/// The two-sided Mann-Whitney U test as scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')
/// computes it: the exact distribution when one sample has at most 8 values and nothing is tied, otherwise the
/// normal approximation with the tie correction and the continuity correction.
/// </summary>
public static class MannWhitney
{
    /// <summary>Both samples ascending, without NaN, each with at least one value.</summary>
    public static MannWhitneyResult TwoSided(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            throw new ArgumentException("Each sample needs at least one value.");
        }

        int n1 = x.Length, n2 = y.Length;
        var combined = new double[n1 + n2];
        x.CopyTo(combined);
        y.CopyTo(combined.AsSpan(n1));
        Array.Sort(combined);
        var tieTerm = TieCorrection.OfSorted(combined);

        var u1 = UOfFirst(x, y);
        var u = Math.Max(u1, ((double)n1 * n2) - u1);
        var exact = (n1 <= 8 || n2 <= 8) && tieTerm == 0;
        var p = exact ? 2 * ExactUpperTail((long)u, Math.Min(n1, n2), Math.Max(n1, n2)) : 2 * AsymptoticUpperTail(u, n1, n2, tieTerm);
        return new MannWhitneyResult(u1, Math.Clamp(p, 0, 1), exact);
    }

    /// <summary>U1 = R1 - n1(n1+1)/2: the pairs with x &gt; y, ties counting a half. Both samples ascending.</summary>
    public static double UOfFirst(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        // Merge walk: for each x, the y values below it and those equal to it.
        double u = 0;
        int below = 0, upTo = 0;
        foreach (var value in x)
        {
            while (below < y.Length && y[below] < value)
            {
                below++;
            }

            upTo = Math.Max(upTo, below);
            while (upTo < y.Length && y[upTo] == value)
            {
                upTo++;
            }

            u += below + ((upTo - below) / 2.0);
        }

        return u;
    }

    private static double AsymptoticUpperTail(double u, int n1, int n2, double tieTerm)
    {
        var sigma = TieCorrection.Sigma(n1, n2, tieTerm);
        var numerator = u - ((double)n1 * n2 / 2) - 0.5;

        // Every value tied: sigma is 0 and z is -infinity, so the tail is 1.
        var z = sigma > 0 ? numerator / sigma : double.NegativeInfinity;
        return NormalDistribution.UpperTail(z);
    }

    /// <summary>
    /// P(U &gt;= u) under H0 for samples of m &lt;= n values. By symmetry that is P(U &lt;= mn - u); the counts of
    /// the orderings with U = k are the coefficients of the Gaussian binomial prod (1 - q^(n+i)) / (1 - q^i), i = 1..m,
    /// computed exactly (as big integers) up to the degree needed.
    /// </summary>
    private static double ExactUpperTail(long u, int m, int n)
    {
        var top = ((long)m * n) - u;
        if (top < 0)
        {
            return 0;
        }

        var degree = (int)top;
        var counts = new BigInteger[degree + 1];
        counts[0] = BigInteger.One;
        for (var i = 1; i <= m; i++)
        {
            // Times 1 / (1 - q^i): a running sum with stride i.
            for (var k = i; k <= degree; k++)
            {
                counts[k] += counts[k - i];
            }
        }

        for (var i = 1; i <= m; i++)
        {
            // Times (1 - q^(n+i)), from the top down so each coefficient uses the previous polynomial.
            var shift = n + i;
            for (var k = degree; k >= shift; k--)
            {
                counts[k] -= counts[k - shift];
            }
        }

        var tail = BigInteger.Zero;
        foreach (var count in counts)
        {
            tail += count;
        }

        return Ratio(tail, Binomial(m + n, m));
    }

    private static BigInteger Binomial(int n, int k)
    {
        var result = BigInteger.One;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    // A ratio of big integers as a double, exact to the last bit or so even when both exceed double's range.
    private static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        var shift = Math.Max(0, (int)denominator.GetBitLength() - 1000);
        return (double)(numerator >> shift) / (double)(denominator >> shift);
    }
}
