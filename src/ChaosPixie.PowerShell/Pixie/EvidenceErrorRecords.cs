using System.Management.Automation;
using ChaosPixie.Engine.Pixie.Evidence;

namespace ChaosPixie.PowerShell.Pixie;

/// <summary>Maps the engine's evidence failures to error records: one id and category per kind.</summary>
internal static class EvidenceErrorRecords
{
    public static ErrorRecord From(PixieEvidenceException e, object? target) => e.Kind switch
    {
        EvidenceErrorKind.NotEvidence => Create(e, ErrorIds.EvidenceNotEvidence, ErrorCategory.InvalidData, target),
        EvidenceErrorKind.NewerVersion => Create(e, ErrorIds.EvidenceVersionUnsupported, ErrorCategory.NotImplemented, target),
        EvidenceErrorKind.Truncated => Create(e, ErrorIds.EvidenceTruncated, ErrorCategory.InvalidData, target),
        EvidenceErrorKind.Altered => Create(e, ErrorIds.EvidenceAltered, ErrorCategory.InvalidData, target),
        EvidenceErrorKind.IncompleteResult => Create(e, ErrorIds.EvidenceIncompleteResult, ErrorCategory.InvalidOperation, target),
        EvidenceErrorKind.QueryOrder => Create(e, ErrorIds.EvidenceQueryOrder, ErrorCategory.InvalidOperation, target),
        _ => Create(e, ErrorIds.EvidenceInvalid, ErrorCategory.InvalidData, target),
    };

    private static ErrorRecord Create(PixieEvidenceException e, string id, ErrorCategory category, object? target) =>
        Errors.Create(id, category, target, e.Message, e.RecommendedAction, e);
}
