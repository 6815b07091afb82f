using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// Brings a live document of the run (the experiment, the configuration, the secrets, a state) to what a Python control
/// left of its copy, in place: upstream's controls change the runner's own objects, so what the runner holds (the
/// experiment's lists it walks, an activity about to run) must change, not be replaced. Mappings and lists are updated
/// member by member, recursively; a value that changed kind is replaced.
/// </summary>
internal static class LiveDocument
{
    /// <summary>Updates <paramref name="live"/> to equal <paramref name="changed"/>; nothing when they are not both mappings or both lists.</summary>
    public static void Update(JsonNode? live, JsonNode? changed)
    {
        switch (live, changed)
        {
            case (JsonObject liveObject, JsonObject changedObject):
                foreach (var key in liveObject.Select(p => p.Key).Where(k => !changedObject.ContainsKey(k)).ToList())
                {
                    liveObject.Remove(key);
                }

                foreach (var (key, value) in changedObject)
                {
                    if (!liveObject.TryGetPropertyValue(key, out var old) || !UpdatedInPlace(old, value))
                    {
                        liveObject[key] = value?.DeepClone();
                    }
                }

                break;
            case (JsonArray liveArray, JsonArray changedArray):
                for (var i = 0; i < Math.Min(liveArray.Count, changedArray.Count); i++)
                {
                    if (!UpdatedInPlace(liveArray[i], changedArray[i]))
                    {
                        liveArray[i] = changedArray[i]?.DeepClone();
                    }
                }

                while (liveArray.Count > changedArray.Count)
                {
                    liveArray.RemoveAt(liveArray.Count - 1);
                }

                for (var i = liveArray.Count; i < changedArray.Count; i++)
                {
                    liveArray.Add(changedArray[i]?.DeepClone());
                }

                break;
        }
    }

    // True when the old value already equals the new one or was brought to it in place.
    private static bool UpdatedInPlace(JsonNode? old, JsonNode? value)
    {
        if ((old is JsonObject && value is JsonObject) || (old is JsonArray && value is JsonArray))
        {
            Update(old, value);
            return true;
        }

        return JsonNode.DeepEquals(old, value);
    }
}
