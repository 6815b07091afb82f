namespace ChaosPixie.PowerShell;

/// <summary>The error ids of Export-PixieResult and Import-PixieResult.</summary>
internal static partial class ErrorIds
{
    /// <summary>An object that is not a row of Invoke-PixieScript or Import-PixieResult was piped to Export-PixieResult.</summary>
    public const string EvidenceInputNotPixieRow = nameof(EvidenceInputNotPixieRow);

    /// <summary>The evidence file cannot be created or written (folder missing, no permission, -NoClobber).</summary>
    public const string EvidenceOutputFailed = nameof(EvidenceOutputFailed);

    /// <summary>The rows of a query stop before its result ended (Select-Object -First, an interruption).</summary>
    public const string EvidenceIncompleteResult = nameof(EvidenceIncompleteResult);

    /// <summary>Rows of a query after rows of a later one.</summary>
    public const string EvidenceQueryOrder = nameof(EvidenceQueryOrder);

    /// <summary>A path that matches no file.</summary>
    public const string EvidenceNotFound = nameof(EvidenceNotFound);

    /// <summary>A path that is not on the FileSystem provider.</summary>
    public const string EvidencePathNotFileSystem = nameof(EvidencePathNotFileSystem);

    /// <summary>A file that exists but cannot be read (a folder, no permission).</summary>
    public const string EvidenceUnreadable = nameof(EvidenceUnreadable);

    /// <summary>A file that is not an evidence file at all.</summary>
    public const string EvidenceNotEvidence = nameof(EvidenceNotEvidence);

    /// <summary>An evidence file of a newer format version.</summary>
    public const string EvidenceVersionUnsupported = nameof(EvidenceVersionUnsupported);

    /// <summary>A line that breaks the format.</summary>
    public const string EvidenceInvalid = nameof(EvidenceInvalid);

    /// <summary>A file cut short: no end record, or a last line cut in its middle.</summary>
    public const string EvidenceTruncated = nameof(EvidenceTruncated);

    /// <summary>A file whose digest or counts no longer match its content.</summary>
    public const string EvidenceAltered = nameof(EvidenceAltered);

    /// <summary>An -EvidencePath folder that cannot be created or written, or a -ReplayEvidence folder that does not exist.</summary>
    public const string EvidenceFolderUnusable = nameof(EvidenceFolderUnusable);

    /// <summary>-EvidencePath and -ReplayEvidence together: a run either records or replays.</summary>
    public const string EvidenceModeConflict = nameof(EvidenceModeConflict);
}
