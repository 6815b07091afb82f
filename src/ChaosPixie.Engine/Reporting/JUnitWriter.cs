using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// Journals (and steady-state checks, one suite per check run, one case per probe) as JUnit XML, the format CI servers read as test results (Azure DevOps' PublishTestResults@2, Jenkins, GitLab):
/// a <c>testsuite</c> per experiment in a <c>testsuites</c> root; a <c>testcase</c> per steady-state probe in each phase
/// (classname <c>&lt;title&gt;.steady-state.before</c>, <c>.during.&lt;n&gt;</c>, <c>.after</c>), per method activity
/// (<c>&lt;title&gt;.method</c>) and per rollback (<c>&lt;title&gt;.rollbacks</c>). A tolerance not met is a <c>failure</c>,
/// an activity that raised an <c>error</c>, a declared activity that never ran <c>skipped</c>. Everything comes from the
/// journal, whose secrets the runner has already masked.
/// </summary>
public static class JUnitWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    public const string Experiments = "Chaos experiments";

    public static string Write(IReadOnlyList<JsonObject> journals)
    {
        ArgumentNullException.ThrowIfNull(journals);
        return Write(journals.Select(journal => JUnitSuite.From(journal)).ToList(), Experiments);
    }

    /// <summary>The suites under one <c>testsuites</c> root called <paramref name="title"/>.</summary>
    internal static string Write(IReadOnlyList<JUnitSuite> suites, string title)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", title);
            xml.WriteAttributeString("tests", Count(suites.Sum(s => s.Cases.Count)));
            xml.WriteAttributeString("failures", Count(suites.Sum(s => s.Failures)));
            xml.WriteAttributeString("errors", Count(suites.Sum(s => s.Errors)));
            xml.WriteAttributeString("skipped", Count(suites.Sum(s => s.Skipped)));
            xml.WriteAttributeString("time", Seconds(suites.Sum(s => s.Seconds)));
            for (var i = 0; i < suites.Count; i++)
            {
                WriteSuite(xml, suites[i], i);
            }

            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSuite(XmlWriter xml, JUnitSuite suite, int id)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Text(suite.Name));
        xml.WriteAttributeString("tests", Count(suite.Cases.Count));
        xml.WriteAttributeString("failures", Count(suite.Failures));
        xml.WriteAttributeString("errors", Count(suite.Errors));
        xml.WriteAttributeString("skipped", Count(suite.Skipped));
        xml.WriteAttributeString("time", Seconds(suite.Seconds));
        // JUnit's timestamp is a local date and time without an offset; the journal's times are UTC.
        xml.WriteAttributeString("timestamp", suite.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", Text(suite.Host));
        xml.WriteAttributeString("id", Count(id));

        xml.WriteStartElement("properties");
        foreach (var (name, value) in suite.Properties)
        {
            WriteProperty(xml, name, value);
        }

        xml.WriteEndElement();

        foreach (var testCase in suite.Cases)
        {
            WriteCase(xml, testCase);
        }

        xml.WriteElementString("system-out", Text(suite.Output));
        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, JUnitCase testCase)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Text(testCase.Name));
        xml.WriteAttributeString("classname", Text(testCase.ClassName));
        xml.WriteAttributeString("time", Seconds(testCase.Seconds));
        if (testCase.Outcome != JUnitOutcome.Passed)
        {
            xml.WriteStartElement(testCase.Outcome switch
            {
                JUnitOutcome.Failure => "failure",
                JUnitOutcome.Error => "error",
                _ => "skipped",
            });
            xml.WriteAttributeString("message", Text(testCase.Message ?? string.Empty));
            if (testCase.Type is { } type)
            {
                xml.WriteAttributeString("type", type);
            }

            if (testCase.Detail is { } detail)
            {
                xml.WriteString(Text(detail));
            }

            xml.WriteEndElement();
        }

        if (testCase.Output is { } output)
        {
            xml.WriteElementString("system-out", Text(output));
        }

        xml.WriteEndElement();
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Text(value));
        xml.WriteEndElement();
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => Math.Max(0, seconds).ToString("0.000", CultureInfo.InvariantCulture);

    // A process's output can hold control characters that XML 1.0 cannot carry; they become U+FFFD rather than break the file.
    private static string Text(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return builder.ToString();
    }
}
