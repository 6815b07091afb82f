namespace ChaosPixie;

/// <summary>
/// A PxL script read from disk (a .pxl file, or a script folder with one .pxl and an optional vis.json); its Script
/// property binds to Invoke-PixieScript -Script. With a vis.json, TableNames are its output names and Variables its
/// variables (run it with Invoke-PixieScript -Path -Argument).
/// </summary>
public sealed record PixieScriptFile(string Path, string Name, string Script, IReadOnlyList<string> TableNames)
{
    public IReadOnlyList<Engine.Pixie.Scripts.PixieScriptVariable> Variables { get; init; } = [];
}
