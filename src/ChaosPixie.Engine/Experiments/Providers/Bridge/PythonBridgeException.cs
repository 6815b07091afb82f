namespace ChaosPixie.Engine.Experiments.Providers.Bridge;

/// <summary>The Python bridge could not start, or broke off: the interpreter, not the extension, is at fault.</summary>
public sealed class PythonBridgeException : Exception
{
    public PythonBridgeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
