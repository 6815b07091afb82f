namespace ChaosPixie.Engine.Statistics;

/// <summary>
/// The standard normal distribution: its upper tail through erfc, and its inverse. The base class library has
/// neither, so erfc comes from two expansions that are each accurate where they are used (a positive-term series
/// for erf below 1.5, Laplace's continued fraction from 1.5 on), and the inverse is refined from a rough start by
/// Halley steps on that tail, so both agree with scipy to about 1e-15.
/// </summary>
public static class NormalDistribution
{
    private const double SqrtPi = 1.7724538509055160273;
    private const double Sqrt2 = 1.4142135623730950488;
    private const double SqrtTwoPi = 2.5066282746310005024;

    /// <summary>The complementary error function, 1 - erf(x).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        // Below 1.5, 1 - erf keeps about 1e-15 of erfc; above, the subtraction cancels and the fraction converges fast.
        return x < 1.5 ? 1 - ErfSeries(x) : ExpOfMinusHalfSquare(x * Sqrt2) * ScaledErfc(x);
    }

    /// <summary>P(Z &gt; z): the upper tail (survival function); 1 at -infinity, 0 at +infinity.</summary>
    public static double UpperTail(double z)
    {
        // In the far tail the factor exp(-z^2/2) is taken from z itself: through erfc(z / sqrt 2) the rounding of
        // z / sqrt 2 would cost z^2 * 1e-16 of relative precision.
        var x = z / Sqrt2;
        return x < 1.5 ? 0.5 * Erfc(x) : 0.5 * ExpOfMinusHalfSquare(z) * ScaledErfc(x);
    }

    /// <summary>P(Z &lt;= z).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Sqrt2);

    /// <summary>The z with P(Z &lt;= z) = p, for 0 &lt; p &lt; 1.</summary>
    public static double InverseCdf(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must be greater than 0 and less than 1.");
        }

        // The lower half only: 1 - p is exact there, and the tail keeps its relative precision.
        if (p > 0.5)
        {
            return -InverseCdf(1 - p);
        }

        // Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then Halley's method, which triples the digits per step.
        var t = Math.Sqrt(-2 * Math.Log(p));
        var z = -(t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t))));
        for (var i = 0; i < 8; i++)
        {
            var error = Cdf(z) - p;
            var u = error * SqrtTwoPi * Math.Exp(z * z / 2);
            var next = z - (u / (1 + (z * u / 2)));
            if (next == z)
            {
                break;
            }

            z = next;
        }

        return z;
    }

    // erf(x) = 2/sqrt(pi) exp(-x^2) sum (2x^2)^n x / (1*3*...*(2n+1)): every term is positive, so nothing cancels.
    private static double ErfSeries(double x)
    {
        var term = x;
        var sum = x;
        var twoXSquared = 2 * x * x;
        for (var n = 1; n < 500 && term > sum * 1e-17; n++)
        {
            term *= twoXSquared / ((2 * n) + 1);
            sum += term;
        }

        return 2 / SqrtPi * Math.Exp(-x * x) * sum;
    }

    // exp(-z^2/2) with z split into a short head and a tail, so that the head's square is exact.
    private static double ExpOfMinusHalfSquare(double z)
    {
        var head = Math.Round(z * 4096) / 4096;
        var tail = z - head;
        return Math.Exp(-head * head / 2) * Math.Exp(-((2 * head) + tail) * tail / 2);
    }

    // erfc(x) exp(x^2) = 1/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated by Lentz's method.
    private static double ScaledErfc(double x)
    {
        const double Tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 5000; k++)
        {
            var a = k / 2.0;
            d = x + (a * d);
            d = Math.Abs(d) < Tiny ? 1 / Tiny : 1 / d;
            c = x + (a / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return 1 / SqrtPi / f;
    }
}
