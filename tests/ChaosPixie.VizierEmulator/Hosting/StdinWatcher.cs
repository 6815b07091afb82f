namespace ChaosPixie.VizierEmulator.Hosting;

/// <summary>
/// Stops the emulator when its standard input ends: a test process that dies closes the pipe, so the emulator
/// never outlives it.
/// </summary>
internal static class StdinWatcher
{
    public static void StopOnEndOfInput(IHostApplicationLifetime lifetime)
    {
        var thread = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
                // A broken pipe is an end of input too.
            }

            lifetime.StopApplication();
        })
        {
            IsBackground = true,
            Name = "stdin watcher",
        };
        thread.Start();
    }
}
