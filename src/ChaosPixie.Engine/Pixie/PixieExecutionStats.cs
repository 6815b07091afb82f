namespace ChaosPixie.Engine.Pixie;

/// <summary>The query broker's execution statistics, sent as the last message of a script's result.</summary>
public sealed record PixieExecutionStats(TimeSpan ExecutionTime, TimeSpan CompilationTime, long BytesProcessed, long RecordsProcessed);
