using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.Engine.Pixie.Evidence;

namespace ChaosPixie.Engine.Experiments.Providers.ChaosPixie;

/// <summary>
/// A run's evidence folder: each chaospixie probe run is recorded as one evidence file while its rows stream in
/// (Invoke-ChaosExperiment -EvidencePath), or read back from it instead of a cluster (-ReplayEvidence). The files are
/// named by the probe and the how-manieth run of it this is, <c>&lt;probe&gt;.&lt;n&gt;.pxevidence.jsonl</c>, so a replay of
/// the same experiment finds the same file for the same run, and <c>index.jsonl</c> lists what was recorded.
/// </summary>
public sealed class ProbeEvidence
{
    /// <summary>The file beside the evidence that lists each recorded probe run, one JSON object a line.</summary>
    public const string IndexFile = "index.jsonl";

    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private readonly object _indexGate = new();

    private ProbeEvidence(string folder, bool replaying)
    {
        Folder = Path.GetFullPath(folder);
        Replaying = replaying;
    }

    public string Folder { get; }

    /// <summary>True when probes read their results from the folder instead of a cluster.</summary>
    public bool Replaying { get; }

    /// <summary>Records into <paramref name="folder"/>, created when missing; an index left by an earlier run is started afresh.</summary>
    public static ProbeEvidence Record(string folder)
    {
        var evidence = new ProbeEvidence(folder, replaying: false);
        Directory.CreateDirectory(evidence.Folder);
        File.WriteAllText(Path.Combine(evidence.Folder, IndexFile), string.Empty);
        return evidence;
    }

    /// <summary>Replays from <paramref name="folder"/>, which must exist (a <see cref="DirectoryNotFoundException"/> otherwise).</summary>
    public static ProbeEvidence Replay(string folder)
    {
        var evidence = new ProbeEvidence(folder, replaying: true);
        return Directory.Exists(evidence.Folder)
            ? evidence
            : throw new DirectoryNotFoundException($"The evidence folder '{evidence.Folder}' does not exist.");
    }

    /// <summary>The file of this probe's next run: <c>p99-latency.2.pxevidence.jsonl</c> for its second run.</summary>
    internal (string Path, int Run) Next(string probe)
    {
        var run = _runs.AddOrUpdate(probe, 1, (_, n) => n + 1);
        return (Path.Combine(Folder, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SafeName(probe)}.{run}.pxevidence.jsonl")), run);
    }

    /// <summary>Adds a recorded file to the index.</summary>
    internal void List(string probe, int run, string file, long rows, PixieQuery query)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("probe", probe);
            json.WriteNumber("run", run);
            json.WriteString("file", Path.GetFileName(file));
            json.WriteNumber("rows", rows);
            json.WriteString("script_sha256", query.ScriptSha256);
            json.WriteEndObject();
        }

        lock (_indexGate)
        {
            File.AppendAllText(Path.Combine(Folder, IndexFile), Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        }
    }

    // A probe's name as a file name: letters, digits, '.', '-' and '_' kept, anything else '_'.
    private static string SafeName(string probe)
    {
        var name = new StringBuilder(probe.Length);
        foreach (var c in probe)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return name.Length == 0 ? "probe" : name.ToString();
    }

    /// <summary>A recorded run's rows, checked whole as they are read; an ActivityFailed naming the file when it is missing, not whole, or not of this script.</summary>
    internal IEnumerable<PixieRow> ReadRecorded(string probe, string script, string tableName)
    {
        var (path, run) = Next(probe);
        if (!File.Exists(path))
        {
            throw new ActivityFailedException(
                $"EvidenceError: no evidence of run {run} of probe '{probe}': the file '{path}' does not exist. Record the experiment with -EvidencePath first (a continuous hypothesis may run a probe a different number of times)");
        }

        return ReadFile(path, script, tableName);
    }

    private static IEnumerable<PixieRow> ReadFile(string path, string script, string tableName)
    {
        using var reader = Open(path);
        using var rows = Guard(path, () => reader.ReadRows()).GetEnumerator();
        while (true)
        {
            if (!Guard(path, rows.MoveNext))
            {
                break;
            }

            CheckQuery(path, rows.Current.GetTable().Query, script, tableName);
            yield return rows.Current;
        }

        foreach (var query in reader.Queries)
        {
            CheckQuery(path, query, script, tableName);
        }
    }

    private static PixieEvidenceReader Open(string path) => Guard(path, () => new PixieEvidenceReader(path));

    private static void CheckQuery(string path, PixieQuery query, string script, string tableName)
    {
        if (query.Script != script)
        {
            throw new ActivityFailedException($"EvidenceError: the evidence file '{path}' was recorded for another script (SHA-256 {query.ScriptSha256}); record the experiment again with -EvidencePath");
        }

        if (query.TableNames is { Count: > 0 } names && !names.Contains(tableName, StringComparer.Ordinal))
        {
            throw new ActivityFailedException($"EvidenceError: the evidence file '{path}' holds the table(s) {string.Join(", ", names)}, not '{tableName}'; record the experiment again with -EvidencePath");
        }
    }

    // What an unreadable file throws, as an ActivityFailed that names the file and the line: never a short result.
    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (PixieEvidenceException e)
        {
            var line = e.Line is { } n ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", line {n}") : string.Empty;
            throw new ActivityFailedException($"EvidenceError: the evidence file '{path}'{line}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActivityFailedException($"EvidenceError: the evidence file '{path}' could not be read: {e.Message}", e);
        }
    }
}
