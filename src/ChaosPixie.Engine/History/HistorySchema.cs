namespace ChaosPixie.Engine.History;

/// <summary>
/// The history's schema, one for SQLite and PostgreSQL (docs/history-schema.md), as numbered migrations applied in
/// order on open. A migration is never edited once released: a change is a new one.
/// </summary>
internal static class HistorySchema
{
    public const string VersionTable = "CREATE TABLE IF NOT EXISTS chaospixie_schema_version (version INTEGER NOT NULL)";

    public static IReadOnlyList<string[]> Migrations { get; } =
    [
        [
            """
            CREATE TABLE runs (
                run_id TEXT NOT NULL PRIMARY KEY,
                check_name TEXT NOT NULL,
                started_ns BIGINT NOT NULL,
                ended_ns BIGINT NOT NULL,
                verdict TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                host TEXT NOT NULL)
            """,
            "CREATE INDEX runs_by_check_and_time ON runs (check_name, started_ns)",
            "CREATE INDEX runs_by_time ON runs (started_ns)",
            """
            CREATE TABLE probe_results (
                run_id TEXT NOT NULL REFERENCES runs (run_id),
                probe TEXT NOT NULL,
                value DOUBLE PRECISION,
                unit TEXT,
                threshold DOUBLE PRECISION,
                tolerance_verdict TEXT NOT NULL,
                verdict TEXT NOT NULL,
                drift_rule TEXT,
                drift_statistic DOUBLE PRECISION,
                band_low DOUBLE PRECISION,
                band_high DOUBLE PRECISION,
                explanation TEXT NOT NULL,
                PRIMARY KEY (run_id, probe))
            """,
        ],
        [
            """
            CREATE TABLE probe_samples (
                run_id TEXT NOT NULL,
                probe TEXT NOT NULL,
                seq INTEGER NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (run_id, probe, seq),
                FOREIGN KEY (run_id, probe) REFERENCES probe_results (run_id, probe))
            """,
        ],
    ];

    public static int Latest => Migrations.Count;
}
