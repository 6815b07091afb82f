using Npgsql;

namespace ChaosPixie.Engine.History;

/// <summary>
/// Where the history lives: an SQLite file (one per user by default) or a PostgreSQL database named by a connection
/// string. <see cref="Display"/> is what errors and output show: the file, or the server and database without the
/// password.
/// </summary>
public sealed class HistoryLocation
{
    /// <summary>The environment variable that names a PostgreSQL history when no connection string is given.</summary>
    public const string ConnectionStringVariable = "CHAOSPIXIE_HISTORY_CONNECTION_STRING";

    private HistoryLocation(string? sqlitePath, string? connectionString, string display)
    {
        SqlitePath = sqlitePath;
        ConnectionString = connectionString;
        Display = display;
    }

    public string? SqlitePath { get; }

    internal string? ConnectionString { get; }

    public string Display { get; }

    public bool IsPostgres => ConnectionString is not null;

    /// <summary>The user's own file: history.db under ChaosPixie in the platform's local data folder.</summary>
    public static string DefaultSqlitePath()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            throw new HistoryException(HistoryErrorKind.InvalidLocation, "This account has no local data folder (HOME or LOCALAPPDATA is not set), so there is no default history file.");
        }

        return Path.Combine(data, "ChaosPixie", "history.db");
    }

    /// <summary>
    /// The explicit path, else the explicit connection string, else the environment variable, else the default file.
    /// </summary>
    public static HistoryLocation Resolve(string? sqlitePath, string? connectionString)
    {
        if (sqlitePath is not null)
        {
            return Sqlite(sqlitePath);
        }

        connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        return connectionString is null ? Sqlite(DefaultSqlitePath()) : Postgres(connectionString);
    }

    public static HistoryLocation Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        return new HistoryLocation(full, null, full);
    }

    public static HistoryLocation Postgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message can quote the text it could not read, which may be the password.
            throw new HistoryException(HistoryErrorKind.InvalidLocation, "The PostgreSQL connection string of the history could not be read: write it as 'Host=...;Port=...;Database=...;Username=...;Password=...'.");
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new HistoryException(HistoryErrorKind.InvalidLocation, "The PostgreSQL connection string of the history names no Host.");
        }

        var display = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        return new HistoryLocation(null, connectionString, display);
    }

    public override string ToString() => Display;
}
