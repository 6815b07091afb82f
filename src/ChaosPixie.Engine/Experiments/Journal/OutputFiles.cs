using System.Globalization;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// One run's files for long outputs: temporary spill files while probes read their rows, and the files beside the
/// journal (<c>journal.rows-1.jsonl</c>, ...) that keep the outputs longer than the journal holds inline. Disposing it
/// at the end of the run (interrupted or not) deletes the temporary files; the ones beside the journal stay.
/// </summary>
public sealed class OutputFiles : IDisposable
{
    private readonly string? _journalPath;
    private readonly List<string> _temporary = [];
    private readonly object _gate = new();
    private int _kept;

    /// <param name="journalPath">The run's journal, or null when it writes none (long outputs then only live during the run).</param>
    /// <param name="redactor">The run's secret masking, applied to every row before it is written anywhere.</param>
    public OutputFiles(string? journalPath, Redactor redactor)
    {
        _journalPath = journalPath is null ? null : Path.GetFullPath(journalPath);
        Redactor = redactor;
    }

    public Redactor Redactor { get; }

    /// <summary>A new temporary file, deleted when the run ends unless it is kept.</summary>
    public string CreateTemporary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chaospixie-rows-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        lock (_gate)
        {
            _temporary.Add(path);
        }

        return path;
    }

    /// <summary>
    /// Moves a temporary file beside the journal, as <c>&lt;journal name&gt;.rows-N.jsonl</c>, and returns that name
    /// (relative to the journal's directory), with its new full path in <paramref name="path"/>. Null, the file left
    /// where it is, when there is no journal or its directory cannot be written: the journal cannot be written either,
    /// and the run says so.
    /// </summary>
    public string? Keep(ref string path)
    {
        if (_journalPath is null)
        {
            return null;
        }

        var number = Interlocked.Increment(ref _kept);
        var name = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(_journalPath)}.rows-{number}.jsonl");
        var target = Path.Combine(Path.GetDirectoryName(_journalPath)!, name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(path, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        path = target;
        return name;
    }

    /// <summary>Deletes the temporary files that are left.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var path in _temporary)
            {
                Delete(path);
            }

            _temporary.Clear();
        }
    }

    /// <summary>Deletes a temporary file now, as a probe does once it no longer needs it.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file still open elsewhere stays in the temporary directory.
        }
    }
}
