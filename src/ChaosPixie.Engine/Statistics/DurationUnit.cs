namespace ChaosPixie.Engine.Statistics;

/// <summary>The unit a nanosecond duration is converted to before it is compared with a threshold.</summary>
public enum DurationUnit
{
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
}

/// <summary>Conversions of nanosecond durations, and the names chaostoolkit-pixie gives its units.</summary>
public static class DurationUnits
{
    /// <summary>Converts nanoseconds by a division, as chaostoolkit-pixie does (v / 1e9 for seconds), so values match it exactly.</summary>
    public static double FromNanoseconds(double nanoseconds, DurationUnit unit) => unit switch
    {
        DurationUnit.Nanoseconds => nanoseconds,
        DurationUnit.Microseconds => nanoseconds / 1e3,
        DurationUnit.Milliseconds => nanoseconds / 1e6,
        DurationUnit.Seconds => nanoseconds / 1e9,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown duration unit."),
    };

    /// <summary>The short symbol used in explanations: ns, us, ms, s.</summary>
    public static string Symbol(DurationUnit unit) => unit switch
    {
        DurationUnit.Nanoseconds => "ns",
        DurationUnit.Microseconds => "us",
        DurationUnit.Milliseconds => "ms",
        DurationUnit.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown duration unit."),
    };

    /// <summary>The unit whose <see cref="Symbol"/> this is (ns, us, ms, s); null for anything else.</summary>
    public static DurationUnit? FromSymbol(string? symbol) => symbol switch
    {
        "ns" => DurationUnit.Nanoseconds,
        "us" => DurationUnit.Microseconds,
        "ms" => DurationUnit.Milliseconds,
        "s" => DurationUnit.Seconds,
        _ => null,
    };

    /// <summary>
    /// chaostoolkit-pixie's convert_from_nanoseconds: "seconds", "milliseconds" or "microseconds" (exact, lower case).
    /// Anything else, a typo included, means no conversion there, silently; null here, so a caller can warn.
    /// </summary>
    public static DurationUnit? FromChaosToolkitName(string? name) => name switch
    {
        "seconds" => DurationUnit.Seconds,
        "milliseconds" => DurationUnit.Milliseconds,
        "microseconds" => DurationUnit.Microseconds,
        _ => null,
    };
}
