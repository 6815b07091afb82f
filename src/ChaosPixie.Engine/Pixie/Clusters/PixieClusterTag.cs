namespace ChaosPixie.Engine.Pixie.Clusters;

/// <summary>
/// The cluster a result came from, when one call runs on several: every row of its tables then has the properties
/// ClusterId and ClusterName (null when the cluster's name is not known).
/// </summary>
public sealed record PixieClusterTag(Guid Id, string? Name)
{
    /// <summary>The names of the two properties a tagged row adds to its columns.</summary>
    public static readonly IReadOnlyList<string> PropertyNames = ["ClusterId", "ClusterName"];

    /// <summary>The cluster for messages: its name and id, or the id alone.</summary>
    public override string ToString() => Name is null ? Id.ToString() : $"'{Name}' ({Id})";
}
