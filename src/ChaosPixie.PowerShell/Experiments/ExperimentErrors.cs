using System.Management.Automation;
using ChaosPixie.Engine.Experiments;

namespace ChaosPixie.PowerShell.Experiments;

/// <summary>An engine <see cref="ExperimentException"/> as an error record: its kind picks the id and the category.</summary>
internal static class ExperimentErrors
{
    public static ErrorRecord From(ExperimentException exception, object? target)
    {
        var (id, category) = exception.Kind switch
        {
            ExperimentErrorKind.NotFound => (ErrorIds.ExperimentNotFound, ErrorCategory.ObjectNotFound),
            ExperimentErrorKind.UnsupportedFormat => (ErrorIds.ExperimentUnsupportedFormat, ErrorCategory.InvalidArgument),
            ExperimentErrorKind.ParseError => (ErrorIds.ExperimentParseError, ErrorCategory.ParserError),
            ExperimentErrorKind.InvalidVariable => (ErrorIds.ExperimentVariableInvalid, ErrorCategory.InvalidArgument),
            ExperimentErrorKind.InvalidControlFile => (ErrorIds.ControlFileInvalid, ErrorCategory.InvalidArgument),
            ExperimentErrorKind.InvalidSettingsFile => (ErrorIds.SettingsFileInvalid, ErrorCategory.InvalidData),
            _ => (ErrorIds.ExperimentInvalid, ErrorCategory.InvalidData),
        };
        var message = exception.JsonPath is null or "$" ? exception.Message : $"{exception.Message} (at {exception.JsonPath})";
        return Errors.Create(id, category, target, message, innerException: exception);
    }
}
