using System.Globalization;
using System.Net;
using System.Text;

namespace ChaosPixie.Engine.History;

/// <summary>
/// The steady-state history as one self-contained HTML page: per check, per probe, the chart of its measured values
/// (<see cref="TrendChart"/>) and a line with its runs and alarms. No script, no network: it opens from a build
/// artifact.
/// </summary>
public static class TrendReportWriter
{
    private const string Css = """
        body { margin: 0; background: #eef1f4; color: #1f2328; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px; }
        h1 { font-size: 24px; margin: 0 0 16px; }
        section { background: #fff; border: 1px solid #d1d9e0; border-radius: 10px; margin: 0 0 22px; padding: 14px 24px; }
        h2 { font-size: 18px; margin: 0 0 8px; overflow-wrap: anywhere; }
        h3 { font-size: 14px; margin: 14px 0 4px; overflow-wrap: anywhere; }
        p { margin: 0 0 6px; color: #59636e; }
        """;

    public static string Write(IReadOnlyList<SteadyStateRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Steady-state history</title><style>")
            .Append(Css).Append("</style></head><body><main><h1>Steady-state history</h1>");
        if (records.Count == 0)
        {
            html.Append("<p>No recorded run.</p>");
        }

        foreach (var check in records.GroupBy(r => r.Check, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            html.Append("<section><h2>").Append(H(check.Key)).Append("</h2>");
            foreach (var probe in check.GroupBy(r => r.Probe, StringComparer.Ordinal))
            {
                var runs = probe.OrderBy(r => r.StartedAt).ToList();
                var drifting = runs.Count(r => r.Outcome == CheckVerdict.Drifting);
                var broken = runs.Count(r => r.Outcome == CheckVerdict.Broken);
                html.Append("<h3>").Append(H(probe.Key)).Append("</h3><p>")
                    .Append(H(string.Create(CultureInfo.InvariantCulture, $"{runs.Count} runs from {runs[0].Time} to {runs[^1].Time}; {drifting} Drifting, {broken} Broken; last: {runs[^1].Verdict}")))
                    .Append("</p>")
                    .Append(TrendChart.Svg(probe.Key, runs));
            }

            html.Append("</section>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
