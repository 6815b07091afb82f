using System.Globalization;

namespace ChaosPixie.Engine.Statistics;

/// <summary>Numbers as explanations show them, with the unit's symbol when the values are durations.</summary>
public static class Quantities
{
    public static string Format(double number, DurationUnit? unit)
    {
        // Three decimals for readable magnitudes, four significant digits for small ones, so 0.00012 s stays visible.
        var text = Math.Abs(number) >= 1 || number == 0 || !double.IsFinite(number)
            ? number.ToString("0.###", CultureInfo.InvariantCulture)
            : number.ToString("G4", CultureInfo.InvariantCulture);
        return unit is { } u ? $"{text} {DurationUnits.Symbol(u)}" : text;
    }

    /// <summary>A shift with its sign, +1.5 ms or -0.2 ms.</summary>
    public static string Signed(double number, DurationUnit? unit) => number > 0 ? "+" + Format(number, unit) : Format(number, unit);
}
