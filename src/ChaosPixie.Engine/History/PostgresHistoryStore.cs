using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace ChaosPixie.Engine.History;

/// <summary>
/// The history in a PostgreSQL database, for a team and for hosted agents that start fresh. The connection string
/// stays inside the data source: errors name the server and database only, never the password.
/// </summary>
internal sealed class PostgresHistoryStore : HistoryStore
{
    // pg_advisory_xact_lock's key for migrations: ASCII "ChPixie".
    private const long MigrationLock = 0x43685069786965;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresHistoryStore(HistoryLocation location)
        : base(location)
    {
        try
        {
            _dataSource = NpgsqlDataSource.Create(location.ConnectionString!);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new HistoryException(HistoryErrorKind.InvalidLocation, $"The PostgreSQL connection string of the history ({location.Display}) could not be used: check its keywords.", location.Display);
        }
    }

    protected override DbConnection Connect() => _dataSource.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

    protected override void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLock})";
        command.ExecuteNonQuery();
    }

    protected override bool IsStoreFailure(Exception exception) => exception is NpgsqlException or SocketException or TimeoutException or IOException;

    protected override HistoryException Describe(Exception exception) =>
        new(HistoryErrorKind.Unavailable, $"The PostgreSQL history {Location.Display} could not be used: {exception.Message}", Location.Display, exception);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }
}
