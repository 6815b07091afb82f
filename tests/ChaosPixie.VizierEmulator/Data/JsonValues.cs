using System.Text.Json;
using ChaosPixie.VizierEmulator.Scenarios;
using Google.Protobuf;
using WireUInt128 = ChaosPixie.Engine.Pixie.Wire.UInt128;

namespace ChaosPixie.VizierEmulator.Data;

/// <summary>Scenario JSON values (literal rows and "values" lists) read as one column type's values.</summary>
internal static class JsonValues
{
    public static bool Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Wrong(path, "true or false", value),
    };

    public static long Int64(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Wrong(path, "an integer", value);

    /// <summary>A number, or the strings "NaN", "Infinity" and "-Infinity" for the values JSON cannot write.</summary>
    public static double Float64(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when value.GetString() == "NaN" => double.NaN,
        JsonValueKind.String when value.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when value.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => throw Wrong(path, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")", value),
    };

    public static WireUInt128 Uint128(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String || !Guid.TryParse(value.GetString(), out var id))
        {
            throw Wrong(path, "a UUID string", value);
        }

        var (high, low) = Uuids.Split(id);
        return new WireUInt128 { High = high, Low = low };
    }

    /// <summary>
    /// A string as UTF-8; {"base64": "..."} for raw bytes (non-UTF-8 data); any other object is written as compact
    /// JSON text, which is how quantiles arrive.
    /// </summary>
    public static ByteString String(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return ByteString.CopyFromUtf8(value.GetString()!);
            case JsonValueKind.Object when value.EnumerateObject().Count() == 1 && value.TryGetProperty("base64", out var base64):
                try
                {
                    return ByteString.FromBase64(base64.GetString() ?? string.Empty);
                }
                catch (FormatException)
                {
                    throw new ScenarioException($"{path}.base64: not valid base64.");
                }

            case JsonValueKind.Object:
                return ByteString.CopyFromUtf8(JsonSerializer.Serialize(value));
            default:
                throw Wrong(path, "a string, {\"base64\": \"...\"} or a JSON object", value);
        }
    }

    /// <summary>Reads a list of values of one column type into an array.</summary>
    public static T[] Read<T>(IReadOnlyList<JsonElement> values, Func<JsonElement, string, T> read, Func<int, string> path)
    {
        var result = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = read(values[i], path(i));
        }

        return result;
    }

    private static ScenarioException Wrong(string path, string expected, JsonElement value) =>
        new($"{path}: expected {expected}, found {value.GetRawText()}.");
}
