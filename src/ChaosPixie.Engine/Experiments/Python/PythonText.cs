using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Python;

/// <summary>
/// Turns document values into text the way Python's `str()` and `repr()` do, because upstream renders
/// substituted values and process arguments that way: `True`, `None`, `1.5`, `1e+16`, `{'a': [1, 2]}`.
/// A number is a float when its JSON text has a `.`, `e` or `E` (Python's `json` rule) or when it holds a
/// .NET floating-point value; otherwise it is an integer.
/// </summary>
public static class PythonText
{
    /// <summary>Python's `str(value)`.</summary>
    public static string Str(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>()
        : Repr(value);

    /// <summary>Python's `repr(value)`.</summary>
    public static string Repr(JsonNode? value)
    {
        var text = new StringBuilder();
        AppendRepr(text, value);
        return text.ToString();
    }

    /// <summary>True when the value is a JSON number that Python reads as a float.</summary>
    public static bool IsFloat(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && NumberText(v).IsFloat;

    /// <summary>The value of a JSON number, whatever .NET type holds it (its JSON text is the one common form).</summary>
    public static double ToDouble(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Python's `repr(float)`: the shortest round-trip digits, fixed notation for exponents -4 to 15.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        if (value == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        var sign = negative ? "-" : string.Empty;
        if (exponent is >= -4 and < 16)
        {
            if (exponent < 0)
            {
                return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
            }

            var integral = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
            var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
            return $"{sign}{integral}.{fraction}";
        }

        var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
        var expSign = exponent < 0 ? "-" : "+";
        return $"{sign}{mantissa}e{expSign}{Math.Abs(exponent):00}";
    }

    // The shortest round-trip significant digits (no leading or trailing zeros) and the decimal exponent of the first one.
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = point < 0 ? mantissa.Length : point;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return (digits.Length == 0 ? "0" : digits, pointPosition - 1 - leading + exponent);
    }

    private static (bool IsFloat, string Text) NumberText(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            if (raw.AsSpan().IndexOfAny(".eE") >= 0)
            {
                return (true, FormatFloat(ToDouble(value)));
            }

            return (false, System.Numerics.BigInteger.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (value.TryGetValue<double>(out var d))
        {
            return (true, FormatFloat(d));
        }

        if (value.TryGetValue<float>(out var f))
        {
            return (true, FormatFloat(f));
        }

        if (value.TryGetValue<decimal>(out var m))
        {
            return (true, FormatFloat((double)m));
        }

        return (false, value.ToJsonString());
    }

    private static void AppendRepr(StringBuilder text, JsonNode? value)
    {
        switch (value)
        {
            case null:
                text.Append("None");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in obj)
                {
                    text.Append(first ? string.Empty : ", ");
                    first = false;
                    AppendString(text, key);
                    text.Append(": ");
                    AppendRepr(text, item);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    AppendRepr(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue scalar:
                AppendScalar(text, scalar);
                break;
        }
    }

    private static void AppendScalar(StringBuilder text, JsonValue scalar)
    {
        switch (scalar.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(text, scalar.GetValue<string>());
                break;
            case JsonValueKind.True:
                text.Append("True");
                break;
            case JsonValueKind.False:
                text.Append("False");
                break;
            case JsonValueKind.Number:
                text.Append(NumberText(scalar).Text);
                break;
            default:
                text.Append("None");
                break;
        }
    }

    // Python quotes with ' unless the text holds a ' and no ", and escapes what is not printable.
    private static void AppendString(StringBuilder text, string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == quote || c == '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c == '\n')
            {
                text.Append("\\n");
            }
            else if (c == '\r')
            {
                text.Append("\\r");
            }
            else if (c == '\t')
            {
                text.Append("\\t");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (IsPrintable(c))
            {
                text.Append(c);
            }
            else
            {
                text.Append(c < 0x100 ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
            }
        }

        text.Append(quote);
    }

    private static bool IsPrintable(char c) => c == ' ' || char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
