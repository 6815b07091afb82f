using System.Management.Automation;
using ChaosPixie.Engine.History;

namespace ChaosPixie.PowerShell.History;

/// <summary>
/// Opens the history the cmdlet's -HistoryPath or -HistoryConnectionString (else CHAOSPIXIE_HISTORY_CONNECTION_STRING,
/// else the user's own file) names, and turns the store's failures into error records. The target of a record is the
/// store's display text: a connection string never appears, as it may hold a password.
/// </summary>
internal static class HistoryOpener
{
    public static (HistoryStore? Store, ErrorRecord? Problem) Open(PSCmdlet cmdlet, string? historyPath, string? connectionString)
    {
        if (historyPath is not null && connectionString is not null)
        {
            return (null, Errors.Create(ErrorIds.HistoryLocationAmbiguous, ErrorCategory.InvalidArgument, historyPath,
                "-HistoryPath and -HistoryConnectionString name two histories; a check is recorded in one.", "Give -HistoryPath for an SQLite file or -HistoryConnectionString for PostgreSQL, not both."));
        }

        try
        {
            var path = historyPath is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(historyPath);
            return (HistoryStore.Open(HistoryLocation.Resolve(path, connectionString)), null);
        }
        catch (HistoryException e)
        {
            return (null, From(e));
        }
    }

    public static ErrorRecord From(HistoryException exception)
    {
        var (id, category, action) = exception.Kind switch
        {
            HistoryErrorKind.InvalidLocation => (ErrorIds.HistoryLocationInvalid, ErrorCategory.InvalidArgument, "Check -HistoryPath, -HistoryConnectionString or $env:" + HistoryLocation.ConnectionStringVariable + "."),
            HistoryErrorKind.SchemaTooNew => (ErrorIds.HistorySchemaTooNew, ErrorCategory.InvalidData, "Update ChaosPixie to the version that wrote this history."),
            _ => (ErrorIds.HistoryUnavailable, ErrorCategory.ResourceUnavailable, "Check that the history file is writable, or that the PostgreSQL server is up and the login is right."),
        };
        return Errors.Create(id, category, exception.Target, exception.Message, action, exception);
    }
}
