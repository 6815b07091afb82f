using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Reporting;

/// <summary>A journal file read again as JSON for the charts, which need what the parsed report leaves out (rows, tolerance results).</summary>
internal static class JournalDocument
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>The journal's JSON, or null when it can no longer be read (its charts are then left out, not the report).</summary>
    public static JsonNode? Load(string journalPath)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(journalPath), documentOptions: Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
