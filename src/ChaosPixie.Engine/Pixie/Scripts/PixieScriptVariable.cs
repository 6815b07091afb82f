namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// One variable of a script's vis.json: Pixie's PXType name (PX_STRING, PX_INT64, PX_SERVICE, ...), its default
/// (null when the variable has none, which makes it required; an empty text is a real default) and the values it allows.
/// </summary>
public sealed record PixieScriptVariable(string Name, string Type, string? DefaultValue, string Description, IReadOnlyList<string> ValidValues)
{
    public bool IsRequired => DefaultValue is null;

    /// <summary>'name (type, default '-5m')' or 'name (type, required)', with the allowed values when there are some.</summary>
    public override string ToString() =>
        $"{Name} ({Type}, {(IsRequired ? "required" : $"default '{DefaultValue}'")}{(ValidValues.Count > 0 ? $", one of {string.Join(", ", ValidValues)}" : string.Empty)})";
}
