namespace ChaosPixie.Engine.Pixie;

/// <summary>One PxL compiler error: 1-based line and column, and the compiler's message.</summary>
public sealed record PixieCompilerError(int Line, int Column, string Message);
