using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Validation;

namespace ChaosPixie.Engine.Experiments.Controls;

/// <summary>
/// A kind of control: the python module it answers to (null: any other python module, through the Python bridge),
/// how a declaration is checked, and how a control of the run is made. <see cref="ExperimentRegistry"/> lists them.
/// </summary>
internal interface IControlKind
{
    /// <summary>The <c>provider.module</c> this kind runs natively; null for the kind that takes every other module.</summary>
    string? Module { get; }

    /// <summary>The checks <c>chaos validate</c> makes once the declaration's shape is right; false after adding its first problem.</summary>
    bool Validate(JsonObject control, string name, string path, ExperimentValidationOptions options, ProblemList problems);

    IControl Create(ControlRuntime runtime);
}
