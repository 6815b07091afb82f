using System.Globalization;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// The value of a quantiles column (ST_QUANTILES or ST_DURATION_NS_QUANTILES): Pixie sends it as JSON text
/// with the keys p01, p10, p25, p50, p75, p90 and p99. Durations stay in nanoseconds.
/// </summary>
public sealed class PixieQuantiles
{
    /// <summary>The quantile names, in Pixie's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["P01", "P10", "P25", "P50", "P75", "P90", "P99"];

    public double P01 { get; init; }
    public double P10 { get; init; }
    public double P25 { get; init; }
    public double P50 { get; init; }
    public double P75 { get; init; }
    public double P90 { get; init; }
    public double P99 { get; init; }

    /// <summary>The value of one quantile by name (P01..P99, any case); null for another name.</summary>
    public double? Get(string name) => name.ToUpperInvariant() switch
    {
        "P01" => P01,
        "P10" => P10,
        "P25" => P25,
        "P50" => P50,
        "P75" => P75,
        "P90" => P90,
        "P99" => P99,
        _ => null,
    };

    /// <summary>Parses Pixie's JSON text; null when the text is not a JSON object of numbers.</summary>
    public static PixieQuantiles? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            double Read(string key) =>
                document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number
                    ? value.GetDouble()
                    : double.NaN;

            return new PixieQuantiles
            {
                P01 = Read("p01"),
                P10 = Read("p10"),
                P25 = Read("p25"),
                P50 = Read("p50"),
                P75 = Read("p75"),
                P90 = Read("p90"),
                P99 = Read("p99"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"p50={P50} p90={P90} p99={P99}");
}
