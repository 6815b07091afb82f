using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Providers;

/// <summary>
/// What a provider may use besides its own definition: the experiment's <c>${}</c> substitution (kept as a
/// function so that providers do not depend on how settings are resolved) and the activity's name for messages.
/// </summary>
public sealed class ActivityContext
{
    public ActivityContext(string activityName, Func<JsonNode?, JsonNode?> substitute, bool hasSettings, string? workingDirectory = null)
    {
        ActivityName = activityName;
        Substitute = substitute;
        HasSettings = hasSettings;
        WorkingDirectory = workingDirectory;
    }

    public string ActivityName { get; }

    /// <summary>Applies the experiment's configuration and secrets to a copy of a node.</summary>
    public Func<JsonNode?, JsonNode?> Substitute { get; }

    /// <summary>True when the experiment has configuration or secrets; upstream substitutes process arguments only then.</summary>
    public bool HasSettings { get; }

    /// <summary>The directory processes start in and relative paths resolve against; null is the process's own.</summary>
    public string? WorkingDirectory { get; }
}
