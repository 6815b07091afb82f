using System.Globalization;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>How a column's values are kept in an evidence file.</summary>
internal enum EvidenceValueKind
{
    Boolean,
    Int64,
    Time,
    Float64,
    UInt128,
    String,
    Quantiles,
}

/// <summary>
/// A value in an evidence file, by its column: integers and times (Unix nanoseconds) as JSON integers, never floats;
/// doubles in their shortest round-trip form, NaN and the infinities as the strings "NaN", "Infinity" and
/// "-Infinity"; UUIDs as text; quantiles as an object of p01..p99 (null when Pixie's text held none). Reading gives
/// back exactly what was written, into the storage a row is made from.
/// </summary>
internal static class EvidenceValues
{
    public static EvidenceValueKind[] KindsOf(IReadOnlyList<PixieColumn> columns) => columns.Select(c => c.IsQuantiles ? EvidenceValueKind.Quantiles : c.DataType switch
    {
        PixieDataType.Boolean => EvidenceValueKind.Boolean,
        PixieDataType.Int64 => EvidenceValueKind.Int64,
        PixieDataType.Time64NS => EvidenceValueKind.Time,
        PixieDataType.Float64 => EvidenceValueKind.Float64,
        PixieDataType.UInt128 => EvidenceValueKind.UInt128,
        _ => EvidenceValueKind.String,
    }).ToArray();

    public static void Write(Utf8JsonWriter json, EvidenceValueKind kind, PixieRow row, int ordinal)
    {
        switch (kind)
        {
            case EvidenceValueKind.Int64 or EvidenceValueKind.Time:
                json.WriteNumberValue(row.GetInt64(ordinal));
                break;
            case EvidenceValueKind.Float64:
                WriteDouble(json, row.GetNumber(ordinal));
                break;
            case EvidenceValueKind.Boolean:
                json.WriteBooleanValue((bool)row.GetValue(ordinal)!);
                break;
            case EvidenceValueKind.UInt128:
                json.WriteStringValue(((Guid)row.GetValue(ordinal)!).ToString("D"));
                break;
            case EvidenceValueKind.Quantiles:
                WriteQuantiles(json, row.GetValue(ordinal));
                break;
            default:
                json.WriteStringValue((string?)row.GetValue(ordinal));
                break;
        }
    }

    /// <summary>A one-value array of the column's storage type, which the reader fills and a row factory reads.</summary>
    public static Array NewCell(EvidenceValueKind kind) => kind switch
    {
        EvidenceValueKind.Boolean => new bool[1],
        EvidenceValueKind.Int64 or EvidenceValueKind.Time => new long[1],
        EvidenceValueKind.Float64 => new double[1],
        EvidenceValueKind.UInt128 => new Guid[1],
        EvidenceValueKind.Quantiles => new object?[1],
        _ => new string[1],
    };

    /// <summary>Reads the value at the reader's current token into <paramref name="cell"/>; null when it fits, else what is wrong.</summary>
    public static string? Read(ref Utf8JsonReader reader, EvidenceValueKind kind, Array cell)
    {
        switch (kind)
        {
            case EvidenceValueKind.Boolean when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                ((bool[])cell)[0] = reader.GetBoolean();
                return null;
            case EvidenceValueKind.Int64 or EvidenceValueKind.Time when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole):
                ((long[])cell)[0] = whole;
                return null;
            case EvidenceValueKind.Float64 when ReadDouble(ref reader) is { } number:
                ((double[])cell)[0] = number;
                return null;
            case EvidenceValueKind.UInt128 when reader.TokenType == JsonTokenType.String && Guid.TryParseExact(reader.GetString(), "D", out var id):
                ((Guid[])cell)[0] = id;
                return null;
            case EvidenceValueKind.String when reader.TokenType == JsonTokenType.String:
                ((string[])cell)[0] = reader.GetString()!;
                return null;
            case EvidenceValueKind.Quantiles:
                return ReadQuantiles(ref reader, (object?[])cell);
            default:
                return $"is {Describe(reader.TokenType)}, not {Expected(kind)}";
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDouble(out var number) => number,
        JsonTokenType.String => reader.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        },
        _ => null,
    };

    // A value Pixie sent that is not its quantiles JSON stays the text it was, as the live row keeps it.
    private static void WriteQuantiles(Utf8JsonWriter json, object? value)
    {
        if (value is not PixieQuantiles quantiles)
        {
            json.WriteStringValue(value as string);
            return;
        }

        json.WriteStartObject();
        for (var i = 0; i < EvidenceFormat.QuantileKeys.Length; i++)
        {
            json.WritePropertyName(EvidenceFormat.QuantileKeys[i]);
            WriteDouble(json, quantiles.Get(PixieQuantiles.Names[i])!.Value);
        }

        json.WriteEndObject();
    }

    private static string? ReadQuantiles(ref Utf8JsonReader reader, object?[] cell)
    {
        if (reader.TokenType is JsonTokenType.Null or JsonTokenType.String)
        {
            cell[0] = reader.GetString();
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"is {Describe(reader.TokenType)}, not {Expected(EvidenceValueKind.Quantiles)}";
        }

        var values = new double[EvidenceFormat.QuantileKeys.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(EvidenceFormat.QuantileKeys[i]))
            {
                return $"has no '{EvidenceFormat.QuantileKeys[i]}' where expected (quantiles are p01, p10, p25, p50, p75, p90, p99 in that order)";
            }

            reader.Read();
            if (ReadDouble(ref reader) is not { } value)
            {
                return $"has a '{EvidenceFormat.QuantileKeys[i]}' that is {Describe(reader.TokenType)}, not a number";
            }

            values[i] = value;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            return "has keys after p99";
        }

        cell[0] = new PixieQuantiles { P01 = values[0], P10 = values[1], P25 = values[2], P50 = values[3], P75 = values[4], P90 = values[5], P99 = values[6] };
        return null;
    }

    private static string Expected(EvidenceValueKind kind) => kind switch
    {
        EvidenceValueKind.Boolean => "true or false",
        EvidenceValueKind.Int64 => "an integer",
        EvidenceValueKind.Time => "an integer of Unix nanoseconds",
        EvidenceValueKind.Float64 => "a number (or \"NaN\", \"Infinity\", \"-Infinity\")",
        EvidenceValueKind.UInt128 => "a UUID string",
        EvidenceValueKind.Quantiles => "an object of quantiles, a string or null",
        _ => "a string",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string of another form",
        JsonTokenType.Number => "a number of another form",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
