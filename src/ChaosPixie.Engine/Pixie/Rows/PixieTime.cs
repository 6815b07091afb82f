using System.Globalization;

// In the ChaosPixie namespace, as the rows are: PowerShell shows the type as 'ChaosPixie.PixieTime'.
namespace ChaosPixie;

/// <summary>
/// A TIME64NS value: Pixie's Unix nanoseconds, UTC, kept exact. Its text is ISO 8601 UTC with nine fractional digits
/// (2026-11-30T14:21:01.123456789Z) in any culture, which is what Export-Csv and string expansion write, since they
/// call ToString(). It converts to and from DateTimeOffset and DateTime, so PowerShell compares it with Get-Date
/// values (on either side), subtracts it, sorts it and formats it as a date; see docs/about_ChaosPixie.md.
/// </summary>
public readonly struct PixieTime : IComparable, IComparable<PixieTime>, IEquatable<PixieTime>, IFormattable
{
    private const long NanosecondsPerTick = 100;
    private const long NanosecondsPerSecond = 1_000_000_000;

    public PixieTime(long unixNanoseconds) => UnixNanoseconds = unixNanoseconds;

    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z, as Pixie sent them.</summary>
    public long UnixNanoseconds { get; }

    /// <summary>The time as a UTC DateTime (100 ns resolution, .NET's tick: the last two digits are dropped).</summary>
    public DateTime UtcDateTime => DateTime.UnixEpoch.AddTicks(Math.DivRem(UnixNanoseconds, NanosecondsPerTick, out var rest) - (rest < 0 ? 1 : 0));

    public static implicit operator DateTimeOffset(PixieTime time) => time.ToDateTimeOffset();

    public static implicit operator PixieTime(DateTimeOffset time) => new((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick);

    /// <summary>A DateTime of kind Utc is UTC; Local and Unspecified are local time, as for DateTimeOffset.</summary>
    public static implicit operator PixieTime(DateTime time) => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time);

    /// <summary>Local time, like Get-Date's, so that PowerShell's DateTime comparisons (which ignore the kind) are right.</summary>
    public static explicit operator DateTime(PixieTime time) => time.UtcDateTime.ToLocalTime();

    public static TimeSpan operator -(PixieTime left, PixieTime right) => TimeSpan.FromTicks((left.UnixNanoseconds - right.UnixNanoseconds) / NanosecondsPerTick);

    public static PixieTime operator -(PixieTime time, TimeSpan span) => new(time.UnixNanoseconds - (span.Ticks * NanosecondsPerTick));

    public static PixieTime operator +(PixieTime time, TimeSpan span) => new(time.UnixNanoseconds + (span.Ticks * NanosecondsPerTick));

    public static bool operator ==(PixieTime left, PixieTime right) => left.UnixNanoseconds == right.UnixNanoseconds;

    public static bool operator !=(PixieTime left, PixieTime right) => left.UnixNanoseconds != right.UnixNanoseconds;

    public static bool operator <(PixieTime left, PixieTime right) => left.UnixNanoseconds < right.UnixNanoseconds;

    public static bool operator >(PixieTime left, PixieTime right) => left.UnixNanoseconds > right.UnixNanoseconds;

    public static bool operator <=(PixieTime left, PixieTime right) => left.UnixNanoseconds <= right.UnixNanoseconds;

    public static bool operator >=(PixieTime left, PixieTime right) => left.UnixNanoseconds >= right.UnixNanoseconds;

    /// <summary>The time as a DateTimeOffset with offset 0 (100 ns resolution).</summary>
    public DateTimeOffset ToDateTimeOffset() => new(UtcDateTime);

    /// <summary>The time in the local time zone (100 ns resolution).</summary>
    public DateTimeOffset ToLocalTime() => ToDateTimeOffset().ToLocalTime();

    public int CompareTo(PixieTime other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PixieTime time => CompareTo(time),
        DateTimeOffset time => CompareTo((PixieTime)time),
        DateTime time => CompareTo((PixieTime)time),
        _ => throw new ArgumentException($"A PixieTime compares with a PixieTime, DateTimeOffset or DateTime, not a {obj.GetType().Name}.", nameof(obj)),
    };

    public bool Equals(PixieTime other) => UnixNanoseconds == other.UnixNanoseconds;

    public override bool Equals(object? obj) => obj is PixieTime time && Equals(time);

    public override int GetHashCode() => UnixNanoseconds.GetHashCode();

    /// <summary>ISO 8601 UTC with nine fractional digits: 2026-11-30T14:21:01.123456789Z.</summary>
    public override string ToString()
    {
        var (seconds, fraction) = Math.DivRem(UnixNanoseconds, NanosecondsPerSecond);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosecondsPerSecond;
        }

        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{time:yyyy'-'MM'-'dd'T'HH':'mm':'ss}.{fraction:D9}Z");
    }

    /// <summary>Without a format, the ISO text; with one, DateTimeOffset's formatting of the UTC time ('{0:HH:mm}' -f $row.time_).</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        string.IsNullOrEmpty(format) ? ToString() : ToDateTimeOffset().ToString(format, formatProvider);
}
