using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Evidence;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// Writes the rows of Invoke-PixieScript (or Import-PixieResult) to an evidence file as they stream, with each
/// query's script, cluster and relations (docs/evidence-format.md). The file gets its name only once the last row
/// is written and every query's result has ended, so a failed export leaves no file that looks whole.
/// </summary>
[Cmdlet(VerbsData.Export, "PixieResult", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PixieRow))]
public sealed class ExportPixieResultCommand : PSCmdlet, IDisposable
{
    private PixieEvidenceWriter? _writer;
    private string _target = string.Empty;

    /// <summary>The file to write (*.pxevidence.jsonl; a name ending in '.gz' is compressed). Wildcards are not expanded.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Writes each row on to the pipeline after it is recorded.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Refuses to replace an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    protected override void BeginProcessing()
    {
        var resolution = FileSystemPaths.Resolve(this, Path, literal: true);
        if (resolution.Problem == PathProblem.NotFileSystem)
        {
            ThrowTerminatingError(Errors.Create(ErrorIds.EvidencePathNotFileSystem, ErrorCategory.InvalidArgument, Path,
                $"The path '{Path}' is on the {resolution.ProviderName} provider; an evidence file is a file: give a file system path."));
        }

        _target = resolution.Files[0];
        if (Directory.Exists(_target))
        {
            ThrowTerminatingError(OutputError($"'{_target}' is a folder. Give a file name in it, for example '{System.IO.Path.Combine(_target, "result.pxevidence.jsonl")}'.", null));
        }

        if (NoClobber && File.Exists(_target))
        {
            ThrowTerminatingError(OutputError($"The file '{_target}' already exists and -NoClobber is set. Give another -Path, or leave -NoClobber out to replace it.", null));
        }

        if (!ShouldProcess(_target, "Write the rows as an evidence file"))
        {
            return;
        }

        try
        {
            _writer = new PixieEvidenceWriter(_target, overwrite: !NoClobber);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(OutputError($"Cannot write the evidence file '{_target}': {e.Message} Give -Path a file in an existing folder that you can write to.", e));
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject?.BaseObject is not PixieRow row)
        {
            ThrowTerminatingError(Errors.Create(ErrorIds.EvidenceInputNotPixieRow, ErrorCategory.InvalidArgument, InputObject,
                $"Export-PixieResult records rows of Invoke-PixieScript or Import-PixieResult; it got {(InputObject is null ? "null" : $"a {InputObject.BaseObject.GetType().FullName}")}.",
                "Pipe Invoke-PixieScript's output to it directly: Select-Object or ForEach-Object make new objects that are not Pixie rows."));
            return;
        }

        if (_writer is not null)
        {
            Guard(() => _writer.Write(row));
        }

        if (PassThru)
        {
            WriteObject(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        if (_writer is null)
        {
            return;
        }

        if (_writer.RowCount == 0)
        {
            WriteWarning($"No row reached Export-PixieResult, so '{_target}' holds no query: Export-PixieResult learns of a query from its rows, so a query that returned none leaves nothing to record.");
        }

        Guard(_writer.Complete);
        WriteVerbose($"Wrote {_writer.RowCount:N0} rows of {_writer.QueryCount} quer{(_writer.QueryCount == 1 ? "y" : "ies")} to '{_target}'.");
    }

    public void Dispose()
    {
        _writer?.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (PixieEvidenceException e)
        {
            ThrowTerminatingError(EvidenceErrorRecords.From(e, _target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(OutputError($"Cannot write the evidence file '{_target}': {e.Message}", e));
        }
    }

    private ErrorRecord OutputError(string message, Exception? inner) =>
        Errors.Create(ErrorIds.EvidenceOutputFailed, ErrorCategory.WriteError, _target.Length > 0 ? _target : Path, message, innerException: inner);
}
