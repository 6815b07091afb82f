using System.Management.Automation;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie.PowerShell.Pixie;

/// <summary>Maps the engine's Pixie failures to error records: one id and category per kind (conventions 4.4).</summary>
internal static class PixieErrorRecords
{
    public static ErrorRecord From(PixieException e, object? target) => e.Kind switch
    {
        PixieErrorKind.Authentication => Create(e, ErrorIds.PixieAuthenticationFailed, ErrorCategory.AuthenticationError, target),
        PixieErrorKind.PermissionDenied => Create(e, ErrorIds.PixiePermissionDenied, ErrorCategory.PermissionDenied, target),
        PixieErrorKind.NotFound => Create(e, ErrorIds.PixieNotFound, ErrorCategory.ObjectNotFound, target),
        PixieErrorKind.InvalidArgument => Create(e, ErrorIds.PixieInvalidArgument, ErrorCategory.InvalidArgument, target),
        PixieErrorKind.Compilation => Compilation(e, target),
        PixieErrorKind.Execution => Create(e, ErrorIds.PixieExecutionFailed, ErrorCategory.InvalidResult, target),
        PixieErrorKind.Timeout => Create(e, ErrorIds.PixieTimeout, ErrorCategory.OperationTimeout, target),
        PixieErrorKind.Unavailable => Create(e, ErrorIds.PixieUnavailable, ErrorCategory.ConnectionError, target),
        PixieErrorKind.Tls => Create(e, ErrorIds.PixieTlsFailed, ErrorCategory.SecurityError, target),
        PixieErrorKind.ConnectionReset => Create(e, ErrorIds.PixieConnectionReset, ErrorCategory.ConnectionError, target),
        PixieErrorKind.ResourceExhausted => Create(e, ErrorIds.PixieResourceExhausted, ErrorCategory.LimitsExceeded, target),
        PixieErrorKind.Protocol => Create(e, ErrorIds.PixieProtocolError, ErrorCategory.ProtocolError, target),
        PixieErrorKind.Encryption => Create(e, ErrorIds.PixieDecryptionFailed, ErrorCategory.SecurityError, target),
        PixieErrorKind.Configuration => Create(e, ErrorIds.PixieConfigurationMissing, ErrorCategory.InvalidArgument, target),
        PixieErrorKind.CertificateAuthorityNotFound => Create(e, ErrorIds.PixieCertificateAuthorityNotFound, ErrorCategory.ObjectNotFound, target),
        PixieErrorKind.CertificateAuthorityInvalid => Create(e, ErrorIds.PixieCertificateAuthorityInvalid, ErrorCategory.InvalidData, target),
        _ => Create(e, ErrorIds.PixieError, ErrorCategory.NotSpecified, target),
    };

    // Not ParserError: ConciseView reads that as PowerShell's own and joins the message's lines. The message shown is
    // one line; the source lines and carets go in the recommendation, whose lines every view keeps.
    private static ErrorRecord Compilation(PixieException e, object? target)
    {
        var record = Create(e, ErrorIds.PixieCompilationFailed, ErrorCategory.InvalidArgument, target);
        if (e.CompilerErrors.Count > 0)
        {
            record.ErrorDetails = new ErrorDetails(PixieCompilerErrorFormatter.Summary(e.CompilerErrors)) { RecommendedAction = e.RecommendedAction };
        }

        return record;
    }

    private static ErrorRecord Create(PixieException e, string id, ErrorCategory category, object? target) =>
        Errors.Create(id, category, e.Target ?? target, e.Message, e.RecommendedAction, e);
}
