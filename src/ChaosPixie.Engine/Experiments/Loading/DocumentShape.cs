using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// How big a value is, measured against the <see cref="DocumentLimits"/>: its height (0 for a scalar, 1 for a list of
/// scalars), its values and its characters of text. Measured with a stack of its own, so any value can be measured.
/// </summary>
public readonly record struct DocumentShape(int Height, long Values, long Characters)
{
    public static DocumentShape Of(JsonNode? node)
    {
        var height = 0;
        long values = 0;
        long characters = 0;
        var pending = new Stack<(JsonNode? Node, int Level)>();
        pending.Push((node, 0));
        while (pending.Count > 0)
        {
            var (current, level) = pending.Pop();
            values++;
            switch (current)
            {
                case JsonObject obj:
                    height = Math.Max(height, level + 1);
                    foreach (var (key, value) in obj)
                    {
                        characters += key.Length;
                        pending.Push((value, level + 1));
                    }

                    break;
                case JsonArray array:
                    height = Math.Max(height, level + 1);
                    foreach (var item in array)
                    {
                        pending.Push((item, level + 1));
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    characters += value.GetValue<string>().Length;
                    break;
            }
        }

        return new DocumentShape(height, values, characters);
    }
}
