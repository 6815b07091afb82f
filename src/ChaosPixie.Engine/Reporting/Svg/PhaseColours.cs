namespace ChaosPixie.Engine.Reporting.Svg;

/// <summary>
/// The charts' colours, Okabe and Ito's, which colour-blind readers tell apart: before blue, during orange, after
/// green, and a threshold in vermilion.
/// </summary>
internal static class PhaseColours
{
    public const string Before = "#0072B2";
    public const string During = "#E69F00";
    public const string After = "#009E73";
    public const string Threshold = "#D55E00";

    public static string Of(SeriesPhase phase) => phase switch
    {
        SeriesPhase.Before => Before,
        SeriesPhase.During => During,
        _ => After,
    };

    public static string Name(SeriesPhase phase) => phase.ToString().ToLowerInvariant();
}
