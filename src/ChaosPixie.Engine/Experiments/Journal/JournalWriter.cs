using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// Writes the journal as upstream's <c>json.dump(indent=2, ensure_ascii=False)</c> does, atomically: a temporary
/// file beside the target, then a rename, so that a reader never sees half a journal.
/// </summary>
public static class JournalWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = Loading.DocumentLimits.JournalMaxDepth,
    };

    public static string Serialize(JsonObject journal) => journal.ToJsonString(Options);

    public static void Write(string path, JsonObject journal)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, Serialize(journal), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
