namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>A value axis from a little below the smallest value to a little above the largest, in round steps.</summary>
internal readonly record struct AxisScale(double Low, double High, double Step)
{
    /// <summary>Each grid line's value, from <see cref="Low"/> to <see cref="High"/>.</summary>
    public IEnumerable<double> Ticks
    {
        get
        {
            for (var i = 0; Low + (i * Step) <= High + (Step / 2); i++)
            {
                yield return Low + (i * Step);
            }
        }
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten) giving about five grid lines around the values.</summary>
    public static AxisScale Around(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var (min, max) = finite.Count == 0 ? (0, 1) : (finite.Min(), finite.Max());
        if (max - min < 1e-12)
        {
            (min, max) = (min - 1, max + 1);
        }

        var raw = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        return new AxisScale(Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    /// <summary>The y coordinate of <paramref name="value"/> in <paramref name="plot"/>: <see cref="Low"/> at the bottom.</summary>
    public double Y(double value, PlotArea plot) => plot.Bottom - (plot.Height * (value - Low) / (High - Low));
}
