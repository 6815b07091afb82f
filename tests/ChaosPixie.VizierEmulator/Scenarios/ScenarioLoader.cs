using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosPixie.Engine.Pixie.Wire;
using ChaosPixie.VizierEmulator.Data;
using ChaosPixie.VizierEmulator.Faults;
using Google.Protobuf.Reflection;

namespace ChaosPixie.VizierEmulator.Scenarios;

/// <summary>Reads a scenario file, checks it, and builds every table's batches once.</summary>
internal static class ScenarioLoader
{
    private const int DefaultBatchSize = 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        // A misspelt key is an error, not a silently ignored setting.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"cannot read the scenario file '{path}': {e.Message}");
        }

        ScenarioDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ScenarioDocument>(text, Json);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"'{path}' is not a valid scenario (at {e.Path}): {e.Message}");
        }

        return Build(document ?? throw new ScenarioException($"'{path}' holds null, not a scenario object."));
    }

    public static Scenario Build(ScenarioDocument document)
    {
        if (string.IsNullOrEmpty(document.ApiKey))
        {
            throw new ScenarioException("apiKey: give the API key the emulator accepts (e.g. \"px-api-...\").");
        }

        if (document.Clusters is not { Count: > 0 } clusters)
        {
            throw new ScenarioException("clusters: give at least one cluster.");
        }

        var batchSize = document.BatchSize ?? DefaultBatchSize;
        if (batchSize < 1)
        {
            throw new ScenarioException($"batchSize: {batchSize} is not a positive number of rows.");
        }

        if (document.Phases is not null && document.Tables is not null)
        {
            throw new ScenarioException("phases: give either tables or phases, not both.");
        }

        if (document.Phases is { Count: 0 })
        {
            throw new ScenarioException("phases: give at least one phase.");
        }

        var phases = document.Phases is { } given
            ? given.Select((phase, p) => BuildTables(phase.Tables ?? [], batchSize, $"phases[{p}].tables")).ToList()
            : [BuildTables(document.Tables ?? [], batchSize, "tables")];
        return new Scenario(
            document.ApiKey,
            clusters.Select((cluster, i) => BuildCluster(cluster, $"clusters[{i}]")).ToList(),
            phases,
            document.Fault is { } fault ? BuildFault(fault) : null);
    }

    private static IReadOnlyList<EmulatedTable> BuildTables(List<TableDocument> tables, int batchSize, string path) =>
        tables.Select((table, i) => BuildTable(table, batchSize, $"{path}[{i}]")).ToList();

    private static EmulatedCluster BuildCluster(ClusterDocument cluster, string path)
    {
        if (!Guid.TryParse(cluster.Id, out var id))
        {
            throw new ScenarioException($"{path}.id: '{cluster.Id}' is not a UUID.");
        }

        if (string.IsNullOrEmpty(cluster.Name))
        {
            throw new ScenarioException($"{path}.name: give the cluster a name.");
        }

        return new EmulatedCluster(
            id,
            Enum<ClusterStatus>(CloudapiReflection.Descriptor, "ClusterStatus", cluster.Status, ClusterStatus.CsHealthy, $"{path}.status"),
            cluster.Name,
            cluster.PrettyName ?? cluster.Name,
            cluster.VizierVersion ?? string.Empty,
            cluster.ClusterVersion ?? string.Empty,
            cluster.NumNodes,
            cluster.NumInstrumentedNodes,
            cluster.StatusMessage ?? string.Empty);
    }

    private static EmulatedTable BuildTable(TableDocument table, int batchSize, string path)
    {
        if (string.IsNullOrEmpty(table.Name))
        {
            throw new ScenarioException($"{path}.name: give the table a name (px.display's name, e.g. \"output\").");
        }

        if (table.Columns is not { Count: > 0 } columns)
        {
            throw new ScenarioException($"{path}.columns: give at least one column.");
        }

        if (table.Rows is not null && table.Generate is not null)
        {
            throw new ScenarioException($"{path}: give either rows or generate, not both.");
        }

        var rowCount = table.Rows?.Count ?? table.Generate?.Count ?? 0;
        if (rowCount < 0)
        {
            throw new ScenarioException($"{path}.generate.count: {rowCount} is not a number of rows.");
        }

        var rows = (table.Rows ?? []).Select((row, r) => RowValues(row, columns.Count, $"{path}.rows[{r}]")).ToList();

        var relation = new Relation();
        var types = new DataType[columns.Count];
        var sources = new ColumnSource[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var columnPath = $"{path}.columns[{c}]";
            if (string.IsNullOrEmpty(column.Name))
            {
                throw new ScenarioException($"{columnPath}.name: give the column a name.");
            }

            types[c] = Enum(VizierapiReflection.Descriptor, "DataType", column.Type, DataType.Unknown, $"{columnPath}.type");
            if (types[c] == DataType.Unknown)
            {
                throw new ScenarioException($"{columnPath}.type: give the column's data type (BOOLEAN, INT64, UINT128, FLOAT64, STRING or TIME64NS).");
            }

            var semantic = Enum(
                VizierapiReflection.Descriptor,
                "SemanticType",
                column.SemanticType,
                types[c] == DataType.Time64Ns ? SemanticType.StTimeNs : SemanticType.StNone,
                $"{columnPath}.semanticType");
            relation.Columns.Add(new Relation.Types.ColumnInfo
            {
                ColumnName = column.Name,
                ColumnType = types[c],
                ColumnDesc = column.Description ?? string.Empty,
                ColumnSemanticType = semantic,
            });

            if (table.Generate is { } generate)
            {
                // Each column draws from its own stream, so adding a column leaves the others' values unchanged.
                var random = new SplitMix64(generate.Seed ^ ((ulong)(c + 1) * 0xD1B54A32D192ED03UL));
                sources[c] = ColumnSources.Generated(column, types[c], semantic, random, columnPath);
            }
            else if (column.Generate is not null)
            {
                throw new ScenarioException($"{columnPath}.generate: column hints need the table's \"generate\": {{\"count\": N, \"seed\": S}}.");
            }
            else
            {
                var c1 = c;
                var values = rows.Select(row => row[c1]).ToList();
                sources[c] = ColumnSources.Pool(types[c], values, r => $"{path}.rows[{r}][{c1}]", null);
            }
        }

        var batches = new List<EmulatedBatch>();
        long bytes = 0;
        for (long first = 0; first < rowCount; first += batchSize)
        {
            var count = (int)Math.Min(batchSize, rowCount - first);
            var batch = new Column[columns.Count];
            for (var c = 0; c < batch.Length; c++)
            {
                batch[c] = Columns.Create(types[c], count);
                sources[c].Fill(batch[c], first, count);
                bytes += batch[c].CalculateSize();
            }

            batches.Add(new EmulatedBatch(batch, count));
        }

        var empty = new EmulatedBatch(types.Select(type => Columns.Create(type, 0)).ToArray(), 0);
        return new EmulatedTable(table.Name, relation, batches, empty, rowCount, bytes);
    }

    /// <summary>
    /// A row's values. A bare value is the row of a one-column table: PowerShell flattens @(@(1), @(2)) into
    /// [1, 2], so a hashtable scenario can list such a table's values as they come.
    /// </summary>
    private static IReadOnlyList<JsonElement> RowValues(JsonElement row, int columnCount, string path)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            return columnCount == 1
                ? [row]
                : throw new ScenarioException($"{path}: expected an array of {columnCount} values, one per column, found {row.GetRawText()}.");
        }

        var values = row.EnumerateArray().ToList();
        return values.Count == columnCount
            ? values
            : throw new ScenarioException($"{path}: has {values.Count} values but the table has {columnCount} columns.");
    }

    private static Fault BuildFault(JsonElement fault)
    {
        try
        {
            switch (fault.ValueKind)
            {
                case JsonValueKind.String:
                    return FaultLine.Parse(fault.GetString()!);
                case JsonValueKind.Object:
                    var arguments = fault.EnumerateObject().ToDictionary(
                        property => property.Name,
                        property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText(),
                        StringComparer.Ordinal);
                    if (!arguments.Remove("kind", out var kind))
                    {
                        throw new FormatException("give the fault's \"kind\" (e.g. \"compile-error\").");
                    }

                    return Fault.Create(kind, arguments);
                default:
                    throw new FormatException("expected an object {\"kind\": ..., ...} or a text like \"fault=cut\".");
            }
        }
        catch (FormatException e)
        {
            throw new ScenarioException($"fault: {e.Message}");
        }
    }

    /// <summary>An enum value by its proto name (e.g. "ST_DURATION_NS"); the fallback when none is given.</summary>
    private static T Enum<T>(FileDescriptor file, string enumName, string? name, T fallback, string path)
        where T : struct, System.Enum
    {
        if (name is null)
        {
            return fallback;
        }

        var descriptor = file.EnumTypes.Single(e => e.Name == enumName);
        var value = descriptor.FindValueByName(name)
            ?? throw new ScenarioException($"{path}: unknown {enumName} '{name}'; expected one of {string.Join(", ", descriptor.Values.Select(v => v.Name))}.");
        return (T)System.Enum.ToObject(typeof(T), value.Number);
    }
}
