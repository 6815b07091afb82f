using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ChaosPixie.Engine.History;

/// <summary>
/// The history in one SQLite file. WAL lets readers and one writer work at once; a writer waits for another up to
/// the busy timeout (Microsoft.Data.Sqlite retries busy errors until then), and takes the write lock when its
/// transaction begins, so that two checks writing at once both land. synchronous=NORMAL with WAL loses no commit
/// when the process is killed (only a power loss can drop the last ones).
/// </summary>
internal sealed class SqliteHistoryStore : HistoryStore
{
    private const int BusyTimeoutSeconds = 30;

    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;

    public SqliteHistoryStore(HistoryLocation location)
        : base(location)
    {
        var path = location.SqlitePath!;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = BusyTimeoutSeconds,
            Pooling = true,
        }.ToString();
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HistoryException(HistoryErrorKind.Unavailable, $"The folder of the history file {path} could not be created: {e.Message}", path, e);
        }
    }

    protected override DbConnection Connect()
    {
        _ = Initialized.Value;
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // BEGIN IMMEDIATE: a deferred transaction that upgrades to a write fails busy at once instead of waiting.
    protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    protected override bool IsStoreFailure(Exception exception) => exception is SqliteException or IOException or UnauthorizedAccessException;

    protected override HistoryException Describe(Exception exception) =>
        new(HistoryErrorKind.Unavailable, $"The history file {Location.Display} could not be used: {exception.Message}", Location.Display, exception);

    protected override void Dispose(bool disposing)
    {
        // Pooled connections keep the file open (and on Windows locked); a closed store lets it go.
        SqliteConnection.ClearAllPools();
        base.Dispose(disposing);
    }
}
