namespace ChaosPixie;

/// <summary>A PxL script read from disk; its Script property binds to Invoke-PixieScript -Script.</summary>
public sealed record PixieScriptFile(string Path, string Name, string Script, IReadOnlyList<string> TableNames);
