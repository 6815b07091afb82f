using System.Management.Automation;
using ChaosPixie.Engine.History;
using ChaosPixie.PowerShell.History;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>The recorded probe results of steady-state checks, oldest first, from the history the check wrote to.</summary>
[Cmdlet(VerbsCommon.Get, "SteadyStateHistory")]
[OutputType(typeof(SteadyStateRecord))]
public sealed class GetSteadyStateHistoryCommand : PSCmdlet
{
    /// <summary>The check's name: the experiment's title.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Check { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Probe { get; set; }

    /// <summary>Only runs that started at or after this time (a local time is taken as local, then compared in UTC).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only the newest this many runs.</summary>
    [Parameter]
    public int? Last { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HistoryConnectionString { get; set; }

    protected override void ProcessRecord()
    {
        if (Last is < 1)
        {
            ThrowTerminatingError(Errors.Create(ErrorIds.HistoryLastInvalid, ErrorCategory.InvalidArgument, Last,
                $"-Last {Last} asks for no run at all.", "Give -Last 1 or more, or leave it out for every run."));
        }

        var (store, problem) = HistoryOpener.Open(this, HistoryPath, HistoryConnectionString);
        if (store is null)
        {
            ThrowTerminatingError(problem!);
            return;
        }

        using (store)
        {
            IReadOnlyList<SteadyStateRecord> records;
            try
            {
                var since = Since is { } time ? new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time) : (DateTimeOffset?)null;
                records = store.Query(new HistoryQuery(Check, Probe, since, Last));
            }
            catch (HistoryException e)
            {
                ThrowTerminatingError(HistoryOpener.From(e));
                return;
            }

            foreach (var record in records)
            {
                WriteObject(record);
            }
        }
    }
}
