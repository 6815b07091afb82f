namespace ChaosPixie.VizierEmulator.Scenarios;

/// <summary>A scenario file the emulator cannot serve; the message names the JSON path and what to fix.</summary>
internal sealed class ScenarioException(string message) : Exception(message);
