namespace ChaosPixie.VizierEmulator.Hosting;

/// <summary>The emulator's command line.</summary>
internal sealed record EmulatorOptions(string ScenarioPath, int Port, bool Tls, string? CertDirectory, string? RecordPath, string? BundleFile = null)
{
    public const string Usage =
        "usage: ChaosPixie.VizierEmulator --scenario <file.json> [--port N] [--tls --cert-dir <dir>] [--record <requests.jsonl>] [--bundle <bundle.json>]";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message that says what to fix.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        string? scenario = null, certDirectory = null, record = null, bundle = null;
        var port = 0;
        var tls = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--scenario":
                    scenario = Value(args, ref i);
                    break;
                case "--port":
                    var text = Value(args, ref i);
                    if (!int.TryParse(text, out port) || port is < 0 or > 65535)
                    {
                        throw new ArgumentException($"--port must be a number from 0 to 65535, not '{text}'.");
                    }

                    break;
                case "--tls":
                    tls = true;
                    break;
                case "--cert-dir":
                    certDirectory = Value(args, ref i);
                    break;
                case "--record":
                    record = Value(args, ref i);
                    break;
                case "--bundle":
                    bundle = Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'.");
            }
        }

        if (scenario is null)
        {
            throw new ArgumentException("--scenario <file.json> is required.");
        }

        if (tls && certDirectory is null)
        {
            throw new ArgumentException("--tls needs --cert-dir <dir>, where the CA certificate (ca.pem) is written.");
        }

        if (!tls && certDirectory is not null)
        {
            throw new ArgumentException("--cert-dir is only used with --tls.");
        }

        if (bundle is not null && !File.Exists(bundle))
        {
            throw new ArgumentException($"--bundle: no such file '{bundle}'.");
        }

        return new EmulatorOptions(scenario, port, tls, certDirectory, record, bundle);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}
