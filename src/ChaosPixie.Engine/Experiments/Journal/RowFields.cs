using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// A row's column, target and group values as plain .NET values (a double, text, a bool, null), read from a spilled
/// row's JSON text without building the row: the tolerances that stream a probe's rows read only the fields they judge.
/// </summary>
internal readonly struct RowFields
{
    public RowFields(ReadOnlySpan<byte> json, string column, string? targetColumn, string? groupColumn = null)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isColumn = !HasColumn && reader.ValueTextEquals(column);
            var isTarget = !HasTarget && targetColumn is not null && reader.ValueTextEquals(targetColumn);
            var isGroup = !HasGroup && groupColumn is not null && reader.ValueTextEquals(groupColumn);
            reader.Read();
            if (!isColumn && !isTarget && !isGroup)
            {
                reader.Skip();
                continue;
            }

            var value = Plain(ref reader);
            if (isColumn)
            {
                HasColumn = true;
                Value = value;
            }

            if (isTarget)
            {
                HasTarget = true;
                TargetValue = value;
            }

            if (isGroup)
            {
                HasGroup = true;
                GroupValue = value;
            }
        }
    }

    public bool HasColumn { get; }

    public object? Value { get; }

    public bool HasTarget { get; }

    public object? TargetValue { get; }

    public bool HasGroup { get; }

    public object? GroupValue { get; }

    /// <summary>A JSON node as the same plain value; typed as object so that C# does not wrap it back into a JsonNode.</summary>
    public static object? Plain(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number => (object?)PythonValue.AsJsonNumber(value),
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    private static object? Plain(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => (object?)reader.GetDouble(),
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => JsonNode.Parse(ref reader),
    };
}
