namespace ChaosPixie.Engine.Statistics;

/// <summary>Percentiles and the median of a sample, by the formulas documented on <see cref="PercentileMethod"/>.</summary>
public static class Percentiles
{
    /// <summary>True when <paramref name="percentile"/> is a number greater than 0 and less than 100.</summary>
    public static bool IsValid(double percentile) => percentile is > 0 and < 100;

    /// <summary>The percentile of values already sorted in ascending order (no NaN). A single value is its own percentile.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double percentile, PercentileMethod method)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(sorted));
        }

        if (!IsValid(percentile))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be greater than 0 and less than 100.");
        }

        if (sorted.Length == 1)
        {
            // Python 3.13 returns the value; earlier versions raise. Either way there is nothing to interpolate.
            return sorted[0];
        }

        return method switch
        {
            PercentileMethod.Inclusive => Inclusive(sorted, percentile),
            PercentileMethod.Exclusive => Exclusive(sorted, percentile),
            PercentileMethod.NearestRank => NearestRank(sorted, percentile),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown percentile method."),
        };
    }

    /// <summary>Python's statistics.median of values sorted in ascending order: the middle value, or the mean of the two middle values.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("A median needs at least one value.", nameof(sorted));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Python: m = n + 1; j = i*m // 100 clamped to [1, n-1]; delta = i*m - j*100 (not clamped).
    private static double Exclusive(ReadOnlySpan<double> x, double percentile)
    {
        var position = percentile * (x.Length + 1);
        var j = (int)Math.Clamp(Math.Floor(position / 100), 1, x.Length - 1);
        return Interpolate(x[j - 1], x[j], position - (j * 100.0));
    }

    // Python: m = n - 1; j, delta = divmod(i*m, 100); p < 100 keeps j + 1 inside the sample.
    private static double Inclusive(ReadOnlySpan<double> x, double percentile)
    {
        var position = percentile * (x.Length - 1);
        var j = (int)Math.Floor(position / 100);
        return Interpolate(x[j], x[j + 1], position - (j * 100.0));
    }

    private static double NearestRank(ReadOnlySpan<double> x, double percentile)
    {
        // p * n / 100 rather than p / 100 * n: the product of an integer percentile and n is exact, so
        // ranks that fall on a whole number (p7 of 100 values) do not round up to the next one.
        var rank = (int)Math.Clamp(Math.Ceiling(percentile * x.Length / 100), 1, x.Length);
        return x[rank - 1];
    }

    /// <summary>Python's own expression, term for term, so that results match it bit for bit on finite values.</summary>
    private static double Interpolate(double lower, double upper, double delta)
    {
        // An infinite neighbour with a zero weight would give inf * 0 = NaN; the value is the other neighbour.
        if (delta == 0 && double.IsInfinity(upper))
        {
            return lower;
        }

        return ((lower * (100 - delta)) + (upper * delta)) / 100;
    }
}
