using System.Security.Cryptography;
using System.Text;

namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// One execution of a script, as its rows can tell it: where it ran, what ran (script, arguments, the tables asked
/// for), when it started, the query id, the tables of its result and, once the stream has ended, its statistics.
/// Every table points to its query, so a row can say which query it came from (evidence files need this).
/// </summary>
public sealed class PixieQuery
{
    private readonly List<PixieTable> _tables = [];

    public PixieQuery(Guid clusterId, string server, string script, IReadOnlyDictionary<string, string>? arguments, IReadOnlyCollection<string>? tableNames, DateTimeOffset started)
    {
        ClusterId = clusterId;
        Server = server;
        Script = script;
        Arguments = arguments ?? new Dictionary<string, string>();
        TableNames = tableNames;
        Started = started;
    }

    public Guid ClusterId { get; }

    /// <summary>The API address the query went to ('host:port', or 'http://host:port' for plaintext).</summary>
    public string Server { get; }

    public string Script { get; }

    /// <summary>The SHA-256 of the script's UTF-8 text, lower-case hex: what names a recording of the same script.</summary>
    public string ScriptSha256 => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Script))).ToLowerInvariant();

    /// <summary>The script's arguments by name (empty when it takes none).</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; }

    /// <summary>The tables asked for (-TableName); null for every table.</summary>
    public IReadOnlyCollection<string>? TableNames { get; }

    public DateTimeOffset Started { get; }

    public string? QueryId { get; internal set; }

    /// <summary>Every table of the result, in the order their metadata arrived.</summary>
    public IReadOnlyList<PixieTable> Tables => _tables;

    /// <summary>With several clusters in one call: this query's cluster (its tables' rows carry it); null otherwise.</summary>
    public Clusters.PixieClusterTag? Cluster { get; init; }

    /// <summary>With several clusters in one call: every cluster of the call; null otherwise.</summary>
    public IReadOnlyList<Clusters.PixieClusterTag>? CallClusters { get; init; }

    /// <summary>The query broker's statistics, when it sent them.</summary>
    public PixieExecutionStats? Stats { get; internal set; }

    /// <summary>True once the result stream ended with every selected table complete: its rows are all there.</summary>
    public bool IsComplete { get; internal set; }

    /// <summary>Whether the rows of <paramref name="table"/> were asked for.</summary>
    public bool IsSelected(PixieTable table) => TableNames is not { Count: > 0 } names || names.Contains(table.Name, StringComparer.Ordinal);

    internal void Add(PixieTable table) => _tables.Add(table);
}
