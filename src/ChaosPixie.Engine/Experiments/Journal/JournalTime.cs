using System.Globalization;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>Python's <c>datetime.isoformat()</c> of an aware UTC time, as upstream's journal writes it.</summary>
public static class JournalTime
{
    /// <summary><c>2026-11-24T20:33:37.365259+00:00</c>; the fraction is left out when it is exactly zero, as Python does.</summary>
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var microseconds = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return microseconds == 0
            ? seconds + "+00:00"
            : seconds + "." + microseconds.ToString("D6", CultureInfo.InvariantCulture) + "+00:00";
    }

    /// <summary>Seconds between two stamps, as Python's <c>(end - start).total_seconds()</c> at microsecond precision.</summary>
    public static double Seconds(DateTimeOffset start, DateTimeOffset end) =>
        Math.Round((end - start).Ticks / 10.0) / 1_000_000.0;
}
