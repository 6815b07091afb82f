namespace ChaosPixie.PowerShell;

/// <summary>The error ids of the steady-state history (Invoke-SteadyStateCheck, Get-SteadyStateHistory).</summary>
internal static partial class ErrorIds
{
    /// <summary>Both -HistoryPath and -HistoryConnectionString were given.</summary>
    public const string HistoryLocationAmbiguous = nameof(HistoryLocationAmbiguous);

    /// <summary>A connection string or path that cannot be used (unreadable, no host, no data folder).</summary>
    public const string HistoryLocationInvalid = nameof(HistoryLocationInvalid);

    /// <summary>The store could not be opened, read or written.</summary>
    public const string HistoryUnavailable = nameof(HistoryUnavailable);

    /// <summary>The store's schema is newer than this module knows.</summary>
    public const string HistorySchemaTooNew = nameof(HistorySchemaTooNew);

    /// <summary>Export-SteadyStateTrend was given something else than steady-state records.</summary>
    public const string TrendInputInvalid = nameof(TrendInputInvalid);

    /// <summary>-Last below 1.</summary>
    public const string HistoryLastInvalid = nameof(HistoryLastInvalid);
}
