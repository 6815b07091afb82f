using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// A row object on its way to the journal: column names to plain values (long, double, string, bool or null), in
/// order. It can be written as it is, without building a <see cref="JsonObject"/>, which is what makes a million rows
/// cheap; both forms give the same JSON.
/// </summary>
public sealed class JournalRow
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Fields => _fields;

    public void Clear() => _fields.Clear();

    public void Add(string name, object? value) => _fields.Add(new(name, value));

    public JsonObject ToJson()
    {
        var row = new JsonObject();
        foreach (var (name, value) in _fields)
        {
            row[name] = value switch
            {
                null => null,
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                _ => throw new ArgumentException($"a journal row holds no {value.GetType().Name}", name),
            };
        }

        return row;
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in _fields)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case long l: writer.WriteNumberValue(l); break;
                case double d: writer.WriteNumberValue(d); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                default: throw new ArgumentException($"a journal row holds no {value.GetType().Name}", name);
            }
        }

        writer.WriteEndObject();
    }
}
