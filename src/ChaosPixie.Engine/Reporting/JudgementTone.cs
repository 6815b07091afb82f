namespace ChaosPixie.Engine.Reporting;

/// <summary>How a comparison's or a tolerance's verdict is coloured: a pass is good news, inconclusive a warning, anything else (High, Low, Failed, Fail) bad news.</summary>
internal static class JudgementTone
{
    public static VerdictTone Of(string verdict) => verdict switch
    {
        "Pass" or "Passed" => VerdictTone.Passed,
        "Inconclusive" => VerdictTone.Warning,
        _ => VerdictTone.Failed,
    };
}
