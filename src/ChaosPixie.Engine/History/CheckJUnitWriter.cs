using System.Globalization;
using System.Text;
using System.Xml;

namespace ChaosPixie.Engine.History;

/// <summary>
/// Steady-state checks as JUnit XML, in the shape the experiments' file has (one suite per check run, one case per
/// probe): Broken and Drifting probes are failures (type = the verdict), Inconclusive ones skipped, with the
/// explanation as the message.
/// </summary>
public static class CheckJUnitWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    public static string Write(IReadOnlyList<SteadyStateCheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var probes = checks.SelectMany(c => c.Probes).ToList();
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "Steady-state checks");
            xml.WriteAttributeString("tests", Count(probes.Count));
            xml.WriteAttributeString("failures", Count(probes.Count(IsFailure)));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", Count(probes.Count(p => p.Outcome == CheckVerdict.Inconclusive)));
            for (var i = 0; i < checks.Count; i++)
            {
                WriteSuite(xml, checks[i], i);
            }

            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSuite(XmlWriter xml, SteadyStateCheckResult check, int id)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Text(check.Check));
        xml.WriteAttributeString("tests", Count(check.Probes.Count));
        xml.WriteAttributeString("failures", Count(check.Probes.Count(IsFailure)));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Count(check.Probes.Count(p => p.Outcome == CheckVerdict.Inconclusive)));
        xml.WriteAttributeString("timestamp", check.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("id", Count(id));
        xml.WriteStartElement("properties");
        WriteProperty(xml, "verdict", check.Verdict);
        WriteProperty(xml, "status", check.Status);
        WriteProperty(xml, "history", check.History ?? "not recorded");
        xml.WriteEndElement();
        foreach (var probe in check.Probes)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", Text(check.Check));
            xml.WriteAttributeString("name", Text(probe.Probe));
            if (IsFailure(probe))
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("type", probe.Verdict);
                xml.WriteAttributeString("message", Text(probe.Explanation));
                xml.WriteEndElement();
            }
            else if (probe.Outcome == CheckVerdict.Inconclusive)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Text(probe.Explanation));
                xml.WriteEndElement();
            }

            xml.WriteElementString("system-out", Text($"{probe.Verdict}: {probe.Explanation}"));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static bool IsFailure(SteadyStateRecord probe) => probe.Outcome is CheckVerdict.Broken or CheckVerdict.Drifting;

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Text(value));
        xml.WriteEndElement();
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry every character a probe name may hold; the ones it cannot are dropped.
    private static string Text(string text) => string.Concat(text.Where(XmlConvert.IsXmlChar));
}
