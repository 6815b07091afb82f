namespace ChaosPixie.Engine.History;

/// <summary>What went wrong with the steady-state history, so the cmdlets can pick an error id and category.</summary>
public enum HistoryErrorKind
{
    /// <summary>The connection string, the path or another setting of the store cannot be used.</summary>
    InvalidLocation,

    /// <summary>The store could not be opened, read or written (server down, file not writable, refused login).</summary>
    Unavailable,

    /// <summary>The store's schema is newer than this version of the module knows.</summary>
    SchemaTooNew,
}
