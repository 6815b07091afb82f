using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// One entry of an ExecuteScript request's exec_funcs: a PxL function, its arguments as text (Pixie's planner
/// parses them by the parameter's annotation), and the name of the table(s) it produces.
/// </summary>
public sealed record PixieFunctionCall(string FunctionName, string OutputTablePrefix, IReadOnlyList<KeyValuePair<string, string>> Arguments)
{
    internal ExecuteScriptRequest.Types.FuncToExecute ToWire()
    {
        var wire = new ExecuteScriptRequest.Types.FuncToExecute { FuncName = FunctionName, OutputTablePrefix = OutputTablePrefix };
        wire.ArgValues.Add(Arguments.Select(a => new ExecuteScriptRequest.Types.FuncToExecute.Types.ArgValue { Name = a.Key, Value = a.Value }));
        return wire;
    }
}
