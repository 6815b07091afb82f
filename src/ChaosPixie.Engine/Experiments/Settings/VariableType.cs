using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// Upstream's `convert_to_type`, shared by `env_var_type` and `--var key:type=value`: `str`/`string` (the
/// default), `int`/`integer`, `float`/`number`, `bytes` (kept as text: JSON has no bytes), `bool` (true unless
/// the lower-cased text is `false`, `0` or `no`) and `json`. Python's parsing rules apply: `int(" 4_2 ")` is 42.
/// Messages never quote the value: a configuration value may well be a credential.
/// </summary>
public static class VariableType
{
    public const string UnknownTypeMessage = "variable type can only be: bool, str, int, float, bytes or json";

    /// <summary>Converts <paramref name="value"/>; a value that does not convert throws <see cref="FormatException"/>.</summary>
    public static JsonNode? Convert(string? type, JsonNode? value)
    {
        switch (type)
        {
            case null or "str" or "string" or "bytes":
                return value?.DeepClone();
            case "int" or "integer":
                return ToInt(value);
            case "float" or "number":
                return ToFloat(value);
            case "bool":
                if (value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return b.DeepClone();
                }

                var text = RequireText(value, "bool").ToLowerInvariant();
                return JsonValue.Create(text is not ("false" or "0" or "no"));
            case "json":
                if (value is null || value is JsonValue { } s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Length == 0)
                {
                    return value?.DeepClone();
                }

                return value is JsonValue j && j.GetValueKind() == JsonValueKind.String ? ParseJson(j.GetValue<string>()) : value.DeepClone();
            default:
                throw new FormatException(UnknownTypeMessage);
        }
    }

    private static JsonNode ToInt(JsonNode? value)
    {
        if (value is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True or JsonValueKind.False:
                    return JsonValue.Create(v.GetValueKind() == JsonValueKind.True ? 1 : 0);
                case JsonValueKind.Number:
                    return PythonText.IsFloat(v)
                        ? JsonNode.Parse(new BigInteger(Math.Truncate(PythonText.ToDouble(v))).ToString(CultureInfo.InvariantCulture))!
                        : v.DeepClone();
            }
        }

        var text = RequireText(value, "int");
        var digits = text.Trim();
        if (IsPythonDigits(digits.TrimStart('+', '-')) && digits.Count(c => c is '+' or '-') <= 1 && (digits[0] is '+' or '-' or (>= '0' and <= '9')))
        {
            return JsonNode.Parse(BigInteger.Parse(digits.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))!;
        }

        throw new FormatException("the value is not an integer (digits, an optional sign, `_` between digits)");
    }

    // Python accepts single underscores between digits: 1_000.
    private static bool IsPythonDigits(string text) =>
        text.Length > 0 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1])
        && text.All(c => char.IsAsciiDigit(c) || c == '_') && !text.Contains("__", StringComparison.Ordinal);

    private static JsonNode ToFloat(JsonNode? value)
    {
        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            var number = v.GetValueKind() switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => PythonText.ToDouble(v),
            };
            return JsonNode.Parse(PythonText.FormatFloat(number))!;
        }

        var text = RequireText(value, "float").Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && !double.IsInfinity(parsed) && !double.IsNaN(parsed))
        {
            return JsonNode.Parse(PythonText.FormatFloat(parsed))!;
        }

        throw new FormatException("the value is not a number");
    }

    private static string RequireText(JsonNode? value, string type) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"a {ExperimentLoader.Describe(value)} cannot be converted to {ValueExcerpt.Of(type)}");

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonDocumentReader.Read(text, string.Empty);
        }
        catch (ExperimentException e)
        {
            throw new FormatException("the value is not valid JSON", e);
        }
    }
}
