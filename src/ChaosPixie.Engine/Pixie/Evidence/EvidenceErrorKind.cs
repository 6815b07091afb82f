namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>Why an evidence file cannot be written or read; the cmdlets map each to an error id.</summary>
public enum EvidenceErrorKind
{
    /// <summary>The first line is not an evidence header: another kind of file.</summary>
    NotEvidence,

    /// <summary>A newer format version than this ChaosPixie reads.</summary>
    NewerVersion,

    /// <summary>A line that is not what the format allows there (JSON, kind, keys, value types).</summary>
    Invalid,

    /// <summary>The file stops before its end record: it was cut short.</summary>
    Truncated,

    /// <summary>Its content no longer matches the digest or counts it was written with.</summary>
    Altered,

    /// <summary>Rows of a query whose result did not end (stopped early): a file holds whole results only.</summary>
    IncompleteResult,

    /// <summary>Rows of a query after rows of a later one.</summary>
    QueryOrder,
}
