using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// chaostoolkit-addons' <c>chaosaddons.controls.safeguards</c>, run natively (no Python): its <c>validate_control</c>
/// checks here, its probes in <see cref="SafeguardsControl"/>.
/// </summary>
internal sealed class SafeguardsControlKind : IControlKind
{
    public string? Module => "chaosaddons.controls.safeguards";

    public bool Validate(JsonObject control, string name, string path, ExperimentValidationOptions options, ProblemList problems)
    {
        var probesPath = DocumentPath.Child(DocumentPath.Child(DocumentPath.Child(path, "provider"), "arguments"), "probes");
        if ((control["provider"] as JsonObject)?["arguments"]?["probes"] is not JsonArray { Count: > 0 } probes)
        {
            return problems.Upstream("safeguard control must have at least one probe", probesPath);
        }

        for (var i = 0; i < probes.Count; i++)
        {
            var probePath = DocumentPath.Index(probesPath, i);
            if (!ActivityValidator.Validate(probes[i], probePath, options, problems))
            {
                return false;
            }

            // A ref names an experiment activity, checked where it is declared.
            if (probes[i] is not JsonObject probe || probe.ContainsKey("ref"))
            {
                continue;
            }

            var probeName = ValueExcerpt.Of(PythonText.Str(probe["name"]));
            if (PythonValue.AsString(probe["type"]) != "probe")
            {
                return problems.Upstream($"safeguard control '{probeName}' should be of type 'probe' not '{ValueExcerpt.Of(PythonText.Str(probe["type"]))}'", DocumentPath.Child(probePath, "type"));
            }

            if (!probe.ContainsKey("tolerance"))
            {
                return problems.Upstream($"safeguard control is invalid as the probe '{probeName}' is missing a tolerance property", probePath);
            }

            if (!ToleranceValidator.Validate(probe, probe["tolerance"], DocumentPath.Child(probePath, "tolerance"), options, problems))
            {
                return false;
            }
        }

        return true;
    }

    public IControl Create(ControlRuntime runtime) => new SafeguardsControl(runtime);
}
