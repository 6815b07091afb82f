using System.Data.Common;
using System.Globalization;

namespace ChaosPixie.Engine.History;

/// <summary>
/// The steady-state history in a relational database: the schema and every statement are shared, the two stores only
/// say how to connect, how to take a write lock, and how to serialise migrations. Each operation opens its own
/// (pooled) connection, so one store may serve several threads, and each run is written in one transaction.
/// </summary>
public abstract class HistoryStore : IDisposable
{
    private const string SelectRecord =
        "SELECT r.check_name, r.run_id, r.started_ns, p.probe, p.value, p.unit, p.threshold, p.tolerance_verdict, p.verdict, " +
        "p.drift_rule, p.drift_statistic, p.band_low, p.band_high, p.explanation FROM probe_results p JOIN runs r ON r.run_id = p.run_id";

    private const int SampleBatch = 200;

    protected HistoryStore(HistoryLocation location) => Location = location;

    public HistoryLocation Location { get; }

    /// <summary>Opens the history there, creating it and bringing its schema up to date.</summary>
    public static HistoryStore Open(HistoryLocation location)
    {
        HistoryStore store = location.IsPostgres ? new PostgresHistoryStore(location) : new SqliteHistoryStore(location);
        try
        {
            store.Migrate();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The probe's baseline (up to <paramref name="baselineRuns"/> values, oldest first) and its latest drift statistic.</summary>
    public ProbeHistory ReadProbeHistory(string check, string probe, int baselineRuns) => Use(connection =>
    {
        var baseline = new List<double>();
        using (var command = Command(connection, null,
            "SELECT p.value FROM probe_results p JOIN runs r ON r.run_id = p.run_id WHERE r.check_name = @check AND p.probe = @probe " +
            "AND p.value IS NOT NULL AND p.tolerance_verdict = 'Passed' AND p.verdict IN ('Steady', 'Inconclusive') ORDER BY r.started_ns DESC LIMIT @limit",
            ("check", check), ("probe", probe), ("limit", baselineRuns)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                baseline.Add(reader.GetDouble(0));
            }
        }

        baseline.Reverse();
        using var last = Command(connection, null,
            "SELECT p.drift_rule, p.drift_statistic FROM probe_results p JOIN runs r ON r.run_id = p.run_id WHERE r.check_name = @check " +
            "AND p.probe = @probe AND p.value IS NOT NULL ORDER BY r.started_ns DESC LIMIT 1",
            ("check", check), ("probe", probe));
        using var lastReader = last.ExecuteReader();
        return lastReader.Read()
            ? new ProbeHistory(baseline, lastReader.IsDBNull(0) ? null : lastReader.GetString(0), lastReader.IsDBNull(1) ? null : lastReader.GetDouble(1))
            : new ProbeHistory(baseline, null, null);
    });

    /// <summary>
    /// The pooled samples of the probe's last <paramref name="baselineRuns"/> runs that kept samples, whose tolerance
    /// passed and which were not Drifting or Broken; and how many runs they come from.
    /// </summary>
    public (int Runs, IReadOnlyList<double> Values) ReadBaselineSamples(string check, string probe, int baselineRuns) => Use(connection =>
    {
        using var command = Command(connection, null,
            "SELECT s.run_id, s.value FROM probe_samples s JOIN (SELECT p.run_id FROM probe_results p JOIN runs r ON r.run_id = p.run_id " +
            "WHERE r.check_name = @check AND p.probe = @probe AND p.tolerance_verdict = 'Passed' AND p.verdict IN ('Steady', 'Inconclusive') " +
            "AND EXISTS (SELECT 1 FROM probe_samples x WHERE x.run_id = p.run_id AND x.probe = p.probe) ORDER BY r.started_ns DESC LIMIT @limit) b " +
            "ON b.run_id = s.run_id WHERE s.probe = @probe",
            ("check", check), ("probe", probe), ("limit", baselineRuns));
        using var reader = command.ExecuteReader();
        var runs = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<double>();
        while (reader.Read())
        {
            runs.Add(reader.GetString(0));
            values.Add(reader.GetDouble(1));
        }

        return (runs.Count, (IReadOnlyList<double>)values);
    });

    /// <summary>Writes the run, all its probes and their samples in one transaction: a run killed half-way leaves nothing behind.</summary>
    public void Record(CheckRun run) => Use(connection =>
    {
        using var transaction = BeginWrite(connection);
        using (var command = Command(connection, transaction,
            "INSERT INTO runs (run_id, check_name, started_ns, ended_ns, verdict, tool_version, host) VALUES (@run, @check, @started, @ended, @verdict, @version, @host)",
            ("run", run.RunId), ("check", run.Check), ("started", UnixNanoseconds(run.StartedAt)), ("ended", UnixNanoseconds(run.EndedAt)),
            ("verdict", run.Verdict.ToString()), ("version", run.ToolVersion), ("host", run.Host)))
        {
            command.ExecuteNonQuery();
        }

        foreach (var probe in run.Probes)
        {
            using var command = Command(connection, transaction,
                "INSERT INTO probe_results (run_id, probe, value, unit, threshold, tolerance_verdict, verdict, drift_rule, drift_statistic, band_low, band_high, explanation) " +
                "VALUES (@run, @probe, @value, @unit, @threshold, @tolerance, @verdict, @rule, @statistic, @low, @high, @explanation)",
                ("run", run.RunId), ("probe", probe.Probe), ("value", Finite(probe.Value)), ("unit", probe.Unit), ("threshold", Finite(probe.Threshold)),
                ("tolerance", probe.ToleranceVerdict), ("verdict", probe.Verdict), ("rule", probe.DriftRule), ("statistic", Finite(probe.DriftStatistic)),
                ("low", Finite(probe.BandLow)), ("high", Finite(probe.BandHigh)), ("explanation", probe.Explanation));
            command.ExecuteNonQuery();
            InsertSamples(connection, transaction, run.RunId, probe);
        }

        transaction.Commit();
        return true;
    });

    /// <summary>The records that match, oldest first; with Last, those of the newest runs only.</summary>
    public IReadOnlyList<SteadyStateRecord> Query(HistoryQuery query) => Use(connection =>
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.Check is { } check)
        {
            conditions.Add("r.check_name = @check");
            parameters.Add(("check", check));
        }

        if (query.Probe is { } probe)
        {
            conditions.Add("p.probe = @probe");
            parameters.Add(("probe", probe));
        }

        if (query.Since is { } since)
        {
            conditions.Add("r.started_ns >= @since");
            parameters.Add(("since", UnixNanoseconds(since)));
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        using var command = Command(connection, null, $"{SelectRecord}{where} ORDER BY r.started_ns DESC, r.run_id, p.probe", [.. parameters]);
        using var reader = command.ExecuteReader();
        var records = new List<SteadyStateRecord>();
        var runs = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var runId = reader.GetString(1);
            if (runs.Add(runId) && query.Last is { } last && runs.Count > last)
            {
                break;
            }

            records.Add(ReadRecord(reader));
        }

        records.Reverse();
        return records;
    });

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>An open connection, ready for statements.</summary>
    protected abstract DbConnection Connect();

    /// <summary>A transaction that holds the write lock from its start (so it never fails half-way on a busy store).</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Makes concurrent first opens take turns at migrating; the transaction is already a write one.</summary>
    protected virtual void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
    }

    /// <summary>The store's own words for a failure of its driver (a DbException, a socket error, a refused file).</summary>
    protected abstract HistoryException Describe(Exception exception);

    protected abstract bool IsStoreFailure(Exception exception);

    private static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static DateTimeOffset FromUnixNanoseconds(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    // NaN and infinities are not values a database column can compare; they are stored as null.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static SteadyStateRecord ReadRecord(DbDataReader reader) => new()
    {
        Check = reader.GetString(0),
        RunId = reader.GetString(1),
        StartedAt = FromUnixNanoseconds(reader.GetInt64(2)),
        Probe = reader.GetString(3),
        Value = NullableDouble(reader, 4),
        Unit = reader.IsDBNull(5) ? null : reader.GetString(5),
        Threshold = NullableDouble(reader, 6),
        ToleranceVerdict = reader.GetString(7),
        Outcome = Enum.Parse<CheckVerdict>(reader.GetString(8)),
        DriftRule = reader.IsDBNull(9) ? null : reader.GetString(9),
        DriftStatistic = NullableDouble(reader, 10),
        BandLow = NullableDouble(reader, 11),
        BandHigh = NullableDouble(reader, 12),
        Explanation = reader.GetString(13),
    };

    // Samples go in batches of one statement each: one round trip per batch rather than per value.
    private static void InsertSamples(DbConnection connection, DbTransaction transaction, string runId, SteadyStateRecord probe)
    {
        for (var start = 0; start < probe.Samples.Count; start += SampleBatch)
        {
            var count = Math.Min(SampleBatch, probe.Samples.Count - start);
            var rows = Enumerable.Range(start, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"(@run, @probe, {i}, @v{i - start})"));
            var parameters = new List<(string, object?)> { ("run", runId), ("probe", probe.Probe) };
            parameters.AddRange(Enumerable.Range(0, count).Select(i => (string.Create(CultureInfo.InvariantCulture, $"v{i}"), (object?)probe.Samples[start + i])));
            using var command = Command(connection, transaction, $"INSERT INTO probe_samples (run_id, probe, seq, value) VALUES {string.Join(", ", rows)}", [.. parameters]);
            command.ExecuteNonQuery();
        }
    }

    private static double? NullableDouble(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            // A null keeps no type, so that PostgreSQL takes the column's.
            if (value is not null)
            {
                parameter.DbType = value switch
                {
                    string => System.Data.DbType.String,
                    long => System.Data.DbType.Int64,
                    int => System.Data.DbType.Int32,
                    _ => System.Data.DbType.Double,
                };
            }
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private void Migrate() => Use(connection =>
    {
        using var transaction = BeginWrite(connection);
        LockForMigration(connection, transaction);
        using (var create = Command(connection, transaction, HistorySchema.VersionTable))
        {
            create.ExecuteNonQuery();
        }

        using var read = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM chaospixie_schema_version");
        var version = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > HistorySchema.Latest)
        {
            throw new HistoryException(HistoryErrorKind.SchemaTooNew,
                $"The history at {Location.Display} has schema version {version}; this ChaosPixie knows up to {HistorySchema.Latest}. Update ChaosPixie, or use another history.", Location.Display);
        }

        for (var next = version + 1; next <= HistorySchema.Latest; next++)
        {
            foreach (var statement in HistorySchema.Migrations[next - 1])
            {
                using var migrate = Command(connection, transaction, statement);
                migrate.ExecuteNonQuery();
            }

            using var record = Command(connection, transaction, "INSERT INTO chaospixie_schema_version (version) VALUES (@version)", ("version", next));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        return true;
    });

    private T Use<T>(Func<DbConnection, T> operation)
    {
        try
        {
            using var connection = Connect();
            return operation(connection);
        }
        catch (Exception e) when (e is not HistoryException && IsStoreFailure(e))
        {
            throw Describe(e);
        }
    }
}
