using System.Text.Json;

namespace ChaosPixie.VizierEmulator.Scenarios;

// The scenario file as written (see README.md); ScenarioLoader checks it and turns it into a Scenario.

internal sealed class ScenarioDocument
{
    public string? ApiKey { get; set; }
    public List<ClusterDocument>? Clusters { get; set; }
    public int? BatchSize { get; set; }
    public List<TableDocument>? Tables { get; set; }
    /// <summary>Instead of tables: the tables of the first query, of the second, ...; the last phase repeats.</summary>
    public List<PhaseDocument>? Phases { get; set; }
    /// <summary>A fault for every ExecuteScript call: an object {"kind": ..., key: value} or the script-line text.</summary>
    public JsonElement? Fault { get; set; }
}

internal sealed class PhaseDocument
{
    public List<TableDocument>? Tables { get; set; }
}

internal sealed class ClusterDocument
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? PrettyName { get; set; }
    public string? Status { get; set; }
    public string? VizierVersion { get; set; }
    public string? ClusterVersion { get; set; }
    public int NumNodes { get; set; }
    public int NumInstrumentedNodes { get; set; }
    public string? StatusMessage { get; set; }
}

internal sealed class TableDocument
{
    public string? Name { get; set; }
    public List<ColumnDocument>? Columns { get; set; }
    /// <summary>Each row an array of one value per column; a one-column table may give bare values.</summary>
    public List<JsonElement>? Rows { get; set; }
    public TableGenerateDocument? Generate { get; set; }
}

internal sealed class TableGenerateDocument
{
    public long Count { get; set; }
    public ulong Seed { get; set; }
}

internal sealed class ColumnDocument
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? SemanticType { get; set; }
    public string? Description { get; set; }
    public ColumnGenerateDocument? Generate { get; set; }
}

internal sealed class ColumnGenerateDocument
{
    public double? Min { get; set; }
    public double? Max { get; set; }
    public List<JsonElement>? Values { get; set; }
    /// <summary>"cycle" (the default) repeats the values in order; "random" picks them with the table's seed.</summary>
    public string? Order { get; set; }
    public long? Start { get; set; }
    public long? Step { get; set; }
}
