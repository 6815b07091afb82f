using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>chaostoolkit-addons' <c>chaosaddons.controls.repeat</c>, run natively (no Python); it has nothing to validate.</summary>
internal sealed class RepeatControlKind : IControlKind
{
    public string? Module => "chaosaddons.controls.repeat";

    public bool Validate(JsonObject control, string name, string path, ExperimentValidationOptions options, ProblemList problems) => true;

    public IControl Create(ControlRuntime runtime) => new RepeatControl(runtime);
}
