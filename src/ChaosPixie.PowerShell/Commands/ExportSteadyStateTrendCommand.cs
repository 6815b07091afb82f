using System.Management.Automation;
using System.Text;
using ChaosPixie.Engine.History;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Draws the records Get-SteadyStateHistory writes as one self-contained HTML page: per probe, its measured values over
/// time with its threshold, its EWMA band and its alarms. Collects every input and writes once, at the end.
/// </summary>
[Cmdlet(VerbsData.Export, "SteadyStateTrend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSteadyStateTrendCommand : PSCmdlet
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Records of the engine's type, held as objects: the engine loads in its own context, after the cmdlet is laid out.
    private readonly List<object> _records = [];

    /// <summary>The records of Get-SteadyStateHistory (or the probes of an Invoke-SteadyStateCheck result).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutputPath { get; set; } = null!;

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item?.BaseObject)
            {
                case SteadyStateRecord record:
                    _records.Add(record);
                    break;
                case SteadyStateCheckResult check:
                    _records.AddRange(check.Probes);
                    break;
                default:
                    WriteError(Errors.Create(ErrorIds.TrendInputInvalid, ErrorCategory.InvalidType, item,
                        $"Export-SteadyStateTrend draws steady-state records; it was given a {item?.BaseObject.GetType().FullName ?? "null"}.",
                        "Pipe Get-SteadyStateHistory (or Invoke-SteadyStateCheck) into it."));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputPath);
        if (!ShouldProcess(target, $"Write the trend report of {_records.Count} record{(_records.Count == 1 ? string.Empty : "s")}"))
        {
            return;
        }

        try
        {
            File.WriteAllText(target, TrendReportWriter.Write(_records.Cast<SteadyStateRecord>().ToList()), Utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(Errors.Create(ErrorIds.ReportOutputFailed, ErrorCategory.WriteError, OutputPath,
                $"Cannot write the trend report to '{target}': {e.Message}", "Give -OutputPath a file in an existing folder that you can write to.", e));
        }

        WriteObject(new FileInfo(target));
    }
}
