using System.Collections;
using System.Globalization;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.Engine.Statistics;

/// <summary>Reads the number a row holds: plain numbers, numeric text, or one quantile of a quantiles value.</summary>
public static class SampleValues
{
    /// <summary>
    /// Any .NET number, or text that is a number in the invariant culture (Import-Csv gives text). NaN reads
    /// as NaN; the caller decides. Booleans, dates and everything else are not numbers.
    /// </summary>
    public static bool TryRead(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case long l: number = l; return true;
            case int i: number = i; return true;
            case float f: number = f; return true;
            case decimal m: number = (double)m; return true;
            case ulong ul: number = ul; return true;
            case uint ui: number = ui; return true;
            case short s: number = s; return true;
            case ushort us: number = us; return true;
            case byte b: number = b; return true;
            case sbyte sb: number = sb; return true;
            case string text: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default: number = 0; return false;
        }
    }

    /// <summary>
    /// One quantile (P01..P99, any case) of a quantiles value: a <see cref="PixieQuantiles"/>, Pixie's JSON text
    /// ({"p01": ..., "p99": ...}), or a dictionary with those keys.
    /// </summary>
    public static bool TryReadQuantile(object? value, string quantile, out double number)
    {
        number = 0;
        switch (value)
        {
            case PixieQuantiles quantiles:
                number = quantiles.Get(quantile) ?? double.NaN;
                return true;
            case string json when PixieQuantiles.Parse(json) is { } parsed:
                number = parsed.Get(quantile) ?? double.NaN;
                return true;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is string key && string.Equals(key, quantile, StringComparison.OrdinalIgnoreCase))
                    {
                        return TryRead(entry.Value, out number);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Whether a value is a quantiles object rather than a number, so the caller can ask for a quantile.</summary>
    public static bool IsQuantiles(object? value) => value is PixieQuantiles || (value is string text && text.StartsWith('{') && PixieQuantiles.Parse(text) is not null);
}
