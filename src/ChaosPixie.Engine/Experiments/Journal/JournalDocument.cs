using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// The journal in upstream's top-level key order: chaoslib-version, platform, node, experiment, start,
/// status, deviated, steady_states, run, rollbacks, end, duration. Keys are laid out when the run starts, so the
/// order holds whatever point the run reaches.
/// </summary>
public sealed class JournalDocument
{
    public JournalDocument(JsonObject experiment, DateTimeOffset start)
    {
        Start = start;
        Runs = [];
        Rollbacks = [];
        During = [];
        Root = new JsonObject
        {
            ["chaoslib-version"] = EngineVersion,
            ["platform"] = PlatformName,
            ["node"] = Environment.MachineName,
            ["experiment"] = experiment,
            ["start"] = JournalTime.Format(start),
            ["status"] = null,
            ["deviated"] = false,
            ["steady_states"] = new JsonObject { ["before"] = null, ["after"] = null, ["during"] = During },
            ["run"] = Runs,
            ["rollbacks"] = Rollbacks,
        };
    }

    /// <summary>The engine's version as a semver string (build metadata left out), which chaostoolkit-reporting parses.</summary>
    public static string EngineVersion { get; } = ReadVersion();

    /// <summary>Like Python's <c>platform.platform()</c>: system, release, machine.</summary>
    public static string PlatformName { get; } = ReadPlatform();

    public JsonObject Root { get; }

    public DateTimeOffset Start { get; }

    public JsonArray Runs { get; }

    public JsonArray Rollbacks { get; }

    public JsonArray During { get; }

    public JsonObject SteadyStates => (JsonObject)Root["steady_states"]!;

    public void Finish(string status, bool deviated, DateTimeOffset end)
    {
        Root["status"] = status;
        Root["deviated"] = deviated;
        Root["end"] = JournalTime.Format(end);
        Root["duration"] = (end - Start).TotalSeconds;
    }

    private static string ReadVersion()
    {
        var informational = typeof(JournalDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0];
        return string.IsNullOrEmpty(version) ? "0.0.0" : version;
    }

    private static string ReadPlatform()
    {
        var machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => OperatingSystem.IsWindows() ? "AMD64" : "x86_64",
            Architecture.Arm64 => OperatingSystem.IsMacOS() ? "arm64" : "aarch64",
            var other => other.ToString().ToLowerInvariant(),
        };
        var system = OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : OperatingSystem.IsLinux() ? "Linux" : RuntimeInformation.OSDescription;
        return $"{system}-{Environment.OSVersion.Version}-{machine}";
    }
}
