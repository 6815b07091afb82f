namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// Keeps a chart small when a series has more points than its width has pixels: beyond <see cref="MaxPoints"/>, each
/// pixel column keeps only its lowest and highest point, in their order, so a spike or an alarm is never thinned away.
/// </summary>
internal static class PixelThinning
{
    public const int MaxPoints = 2000;

    public static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, Func<T, double> x, Func<T, double> value)
    {
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        var kept = new List<T>();
        foreach (var column in points.Select((point, index) => (point, index)).GroupBy(p => (int)x(p.point)))
        {
            var lowest = column.MinBy(p => value(p.point));
            var highest = column.MaxBy(p => value(p.point));
            kept.Add(lowest.index <= highest.index ? lowest.point : highest.point);
            if (lowest.index != highest.index)
            {
                kept.Add(lowest.index <= highest.index ? highest.point : lowest.point);
            }
        }

        return kept;
    }
}
