namespace ChaosPixie.Engine.Statistics;

/// <summary>A shift estimate with its confidence interval.</summary>
public readonly record struct ShiftEstimate(double Estimate, double Lower, double Upper);

/// <summary>
/// The Hodges-Lehmann shift of x against y and its confidence interval, as the root of Kayenta's (and R's
/// wilcox.test's) normal-approximation function f(d, zq) = (dz - 0.5 sign(dz)) / sigma - zq, where dz is U of
/// {x - d} against y minus nx ny / 2. Instead of Brent's method to 1e-4, the root is found exactly: between two
/// consecutive pairwise differences x_i - y_j, U is constant (the number of differences above d) and sigma holds only
/// the ties within each sample, so f is a step function whose steps are the sorted differences. The root is the
/// difference where f crosses zero; where f is zero over a whole stretch (always for zq = 0), it is the median of the
/// differences that bound that stretch, which for zq = 0 is the median of all pairwise differences.
/// The k-th smallest difference is found without listing the nx ny differences, by bisection over the doubles
/// with a linear count, so memory stays O(nx + ny).
/// </summary>
public sealed class HodgesLehmann
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly long _pairs;
    private readonly double _sigma;

    /// <summary>Both samples ascending, without NaN or infinities, each with at least one value.</summary>
    public HodgesLehmann(double[] sortedX, double[] sortedY)
    {
        ArgumentNullException.ThrowIfNull(sortedX);
        ArgumentNullException.ThrowIfNull(sortedY);
        if (sortedX.Length == 0 || sortedY.Length == 0)
        {
            throw new ArgumentException("Each sample needs at least one value.");
        }

        _x = sortedX;
        _y = sortedY;
        _pairs = (long)sortedX.Length * sortedY.Length;
        _sigma = TieCorrection.Sigma(sortedX.Length, sortedY.Length, TieCorrection.OfSorted(sortedX) + TieCorrection.OfSorted(sortedY));
    }

    /// <summary>
    /// Whether any ordering of samples of these sizes and ties could give |z| above the confidence's quantile:
    /// when not, no data could show a shift at that confidence, and the interval would only be the range of the differences.
    /// </summary>
    public bool CanReach(double confidence) => Standardized(_pairs) > Quantile(confidence);

    /// <summary>The estimate (the root at zq = 0) and the interval [root(+z), root(-z)], z = Phi^-1(1 - alpha/2).</summary>
    public ShiftEstimate Estimate(double confidence)
    {
        var z = Quantile(confidence);
        return new ShiftEstimate(Root(0), Root(z), Root(-z));
    }

    private static double Quantile(double confidence) => NormalDistribution.InverseCdf(1 - ((1 - confidence) / 2));

    // f on the open stretch where `above` differences exceed d, without the -zq: non-decreasing in `above`.
    private double Standardized(long above)
    {
        var dz = above - (_pairs / 2.0);
        return (dz - (0.5 * Math.Sign(dz))) / _sigma;
    }

    private double Root(double zq)
    {
        // f > 0 exactly where above >= firstPositive; f >= 0 where above >= firstNonNegative.
        var firstPositive = FirstAbove(s => s > zq);
        var firstNonNegative = FirstAbove(s => s >= zq);

        // The stretch where f > 0 ends at the firstPositive-th largest difference; the one where f >= 0 ends at the
        // firstNonNegative-th largest. Ranks count from the smallest, 1..pairs; outside that range f keeps its sign.
        var from = Math.Clamp(_pairs - firstPositive + 1, 1, _pairs);
        var to = Math.Clamp(_pairs - firstNonNegative + 1, 1, _pairs);
        return (from + to) % 2 == 0
            ? KthDifference((from + to) / 2)
            : (KthDifference((from + to) / 2) + KthDifference(((from + to) / 2) + 1)) / 2;
    }

    // The smallest count of differences above d, 0..pairs, for which the condition holds; pairs + 1 when it never does.
    private long FirstAbove(Func<double, bool> condition)
    {
        long low = 0, high = _pairs + 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (condition(Standardized(middle)))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>The k-th smallest (1-based) of the differences x_i - y_j as doubles compute them.</summary>
    private double KthDifference(long k)
    {
        // Bisection over the doubles in their order (at most 64 steps); the answer is always one of the differences.
        long low = OrderedKey(_x[0] - _y[^1]), high = OrderedKey(_x[^1] - _y[0]);
        while (low < high)
        {
            // The floor of the mean without overflow: the keys span the whole long range.
            var middle = (low & high) + ((low ^ high) >> 1);
            if (CountAtMost(FromOrderedKey(middle)) >= k)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return FromOrderedKey(low);
    }

    // How many x_i - y_j are <= d: for ascending x the qualifying y form a suffix that only moves right.
    private long CountAtMost(double d)
    {
        long count = 0;
        var j = 0;
        foreach (var xi in _x)
        {
            while (j < _y.Length && xi - _y[j] > d)
            {
                j++;
            }

            count += _y.Length - j;
        }

        return count;
    }

    // Doubles mapped to longs in the same order (-0.0 just below +0.0), so that bisection on longs walks the doubles.
    private static long OrderedKey(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits ^ ((bits >> 63) & long.MaxValue);
    }

    private static double FromOrderedKey(long key) => BitConverter.Int64BitsToDouble(key ^ ((key >> 63) & long.MaxValue));
}
