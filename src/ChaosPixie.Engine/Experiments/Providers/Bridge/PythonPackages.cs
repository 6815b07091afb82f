namespace ChaosPixie.Engine.Experiments.Providers.Bridge;

/// <summary>The pip package that brings a Chaos Toolkit extension's top-level module, for the messages that say what to install.</summary>
internal static class PythonPackages
{
    private static readonly Dictionary<string, string> ByModuleRoot = new(StringComparer.Ordinal)
    {
        ["chaosk8s"] = "chaostoolkit-kubernetes",
        ["chaosaws"] = "chaostoolkit-aws",
        ["chaosazure"] = "chaostoolkit-azure",
        ["chaosgcp"] = "chaostoolkit-google-cloud-platform",
        ["chaosaddons"] = "chaostoolkit-addons",
        ["chaosprometheus"] = "chaostoolkit-prometheus",
        ["chaoslib"] = "chaostoolkit-lib",
    };

    /// <summary>"pip install chaostoolkit-kubernetes" for chaosk8s.pod.actions; else the module to install.</summary>
    public static string InstallHint(string module)
    {
        var root = module.Split('.')[0];
        return ByModuleRoot.TryGetValue(root, out var package)
            ? $"install it with 'pip install {package}' for the Python ChaosPixie uses"
            : $"install the package that provides the Python module '{root}' for the Python ChaosPixie uses";
    }
}
