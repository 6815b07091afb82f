using System.Management.Automation;

namespace ChaosPixie.PowerShell;

/// <summary>Builds the module's error records: a stable id, a category, the target and a message that says what to fix.</summary>
internal static class Errors
{
    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? recommendedAction = null, Exception? innerException = null)
    {
        var record = new ErrorRecord(new ChaosPixieException(message, innerException), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (recommendedAction is not null)
        {
            record.ErrorDetails.RecommendedAction = recommendedAction;
        }

        return record;
    }
}

/// <summary>The exception inside the module's error records, so that `$_.Exception` names the module, not a raw framework type.</summary>
public sealed class ChaosPixieException : Exception
{
    public ChaosPixieException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
