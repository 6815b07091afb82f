namespace ChaosPixie.Engine.Pixie;

/// <summary>How to run a script: which tables to return (null: all of them) and the deadline of the whole call.</summary>
public sealed record PixieScriptOptions(IReadOnlyCollection<string>? TableNames = null, TimeSpan? Timeout = null);
