using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Providers.Bridge;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>Any python control ChaosPixie does not run natively: every hook through the Python bridge.</summary>
internal sealed class PythonControlKind : IControlKind
{
    public string? Module => null;

    // validate_python_control: the module imported (an ImportError only warns), then its own validate_control(control).
    public bool Validate(JsonObject control, string name, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var module = PythonText.Str(control["provider"]!["module"]);
        var modulePath = DocumentPath.Child(DocumentPath.Child(path, "provider"), "module");
        var notFound = $"Could not find Python module '{ValueExcerpt.Of(module)}' in control '{ValueExcerpt.Of(name)}'. Did you install the Python module? The experiment will carry on running nonetheless.";
        if (options.Python is not { } python)
        {
            return problems.UpstreamWarning($"{notFound} ({PythonInterpreter.HowToProvide})", modulePath);
        }

        JsonObject answer;
        try
        {
            answer = python.ValidateControl(module, control, options.Cancellation);
        }
        catch (PythonBridgeException e)
        {
            return problems.Ours($"the python control '{ValueExcerpt.Of(name)}' could not be checked: {e.Message}", modulePath);
        }

        var detail = ValueExcerpt.Of(PythonValue.AsString(answer["message"]));
        return PythonValue.AsString(answer["problem"]) switch
        {
            null => true,
            "module" => problems.UpstreamWarning($"{notFound} ({detail}; {PythonPackages.InstallHint(module)})", modulePath),
            "import" => problems.Ours($"the Python module '{ValueExcerpt.Of(module)}' of control '{ValueExcerpt.Of(name)}' failed while it was imported: {detail}", modulePath),
            "invalid" => problems.Upstream(detail, path),
            _ => problems.Ours($"the validate_control function of control '{ValueExcerpt.Of(name)}' ({ValueExcerpt.Of(module)}) raised: {detail}", path),
        };
    }

    public IControl Create(ControlRuntime runtime) => new PythonControl(runtime);
}
