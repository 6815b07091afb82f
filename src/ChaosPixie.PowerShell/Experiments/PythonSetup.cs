using System.Management.Automation;
using ChaosPixie.Engine.Experiments.Providers.Bridge;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>
/// The Python bridge of one validation or run: the interpreter -PythonPath names, else the environment's or PATH's
/// (PythonInterpreter), with the bridge script staged at the module's root. No interpreter is no bridge: then only the
/// python activities chaostoolkit-pixie runs natively validate.
/// </summary>
internal static class PythonSetup
{
    public const string ScriptName = "chaospixie_bridge.py";

    /// <summary>The bridge (null without Python); an error record when -PythonPath names nothing that runs.</summary>
    public static PythonBridge? Open(PSCmdlet cmdlet, string? pythonPath, string workingDirectory, out ErrorRecord? error)
    {
        error = null;
        var interpreter = PythonInterpreter.Find(pythonPath, workingDirectory);
        if (interpreter is null)
        {
            if (!string.IsNullOrEmpty(pythonPath))
            {
                error = Errors.Create(ErrorIds.PythonNotFound, ErrorCategory.ObjectNotFound, pythonPath,
                    $"Cannot find the Python interpreter '{pythonPath}'.", "Give -PythonPath the path or command name of a Python 3 interpreter (python3), or leave it out to use the one on PATH.");
            }

            return null;
        }

        var script = Path.Combine(cmdlet.MyInvocation.MyCommand.Module?.ModuleBase ?? AppContext.BaseDirectory, ScriptName);
        return new PythonBridge(interpreter, script, workingDirectory);
    }
}
