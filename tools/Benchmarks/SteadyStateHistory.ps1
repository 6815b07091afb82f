<#
.SYNOPSIS
    The cost of the history against an SQLite history of 10,000 runs of a probe: what recording and judging one check
    adds (opening the store, reading the probe's baseline, judging drift, writing the run in one transaction), timed
    through the engine's public API, and the whole Invoke-SteadyStateCheck for context. Medians over the rounds.
    Goal: recording and judging one check costs under 50 ms above the check itself.
.DESCRIPTION
    The 10,000 runs are written with one SQL statement through the module's own SQLite driver (a recursive CTE),
    after a first real check has created the schema, so that the history is the module's shape without 10,000 checks.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 10000,
    [int] $Rounds = 15
)

$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
Import-Module (Join-Path $root 'tools/Benchmark.psm1')
Import-Module (Join-Path $ModulePath 'ChaosPixie.psd1')

$work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-history-$PID")
$emulator = Start-VizierEmulator -Scenario (Join-Path $root 'examples/scenarios/consumer-latency-steady.json')
try {
    $env:PIXIE_SERVER_URL, $env:PIXIE_API_KEY, $env:PIXIE_CLUSTER_ID = $emulator.Url, $emulator.ApiKey, $emulator.ClusterId
    Copy-Item (Join-Path $root 'examples/consumer-latency/*') $work
    Push-Location $work
    $history = Join-Path $work 'history.db'
    $quiet = @{ InformationAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
    $first = Invoke-SteadyStateCheck ./experiment.json -HistoryPath $history @quiet
    $probe = $first.Probes[0]

    # The runs, as the module writes them: steady values around the probe's, oldest first, before the first check.
    $sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | Select-Object -First 1
    $connection = $sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection')::new("Data Source=$history")
    $connection.Open()
    $command = $connection.CreateCommand()
    $command.CommandText = @"
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $Runs)
INSERT INTO runs (run_id, check_name, started_ns, ended_ns, verdict, tool_version, host)
SELECT 'bench-' || i, @check, 1700000000000000000 + i * 1800000000000, 1700000000000000000 + i * 1800000000000 + 1000000000, 'Steady', 'bench', 'bench' FROM n;
INSERT INTO probe_results (run_id, probe, value, unit, threshold, tolerance_verdict, verdict, drift_rule, drift_statistic, band_low, band_high, explanation)
SELECT run_id, @probe, @value * (1 + 0.01 * ((started_ns / 1800000000000) % 7 - 3) / 3), 'ms', 300, 'Passed', 'Steady', 'Ewma', @value, @value * 0.99, @value * 1.01, 'bench'
FROM runs WHERE run_id LIKE 'bench-%';
"@
    foreach ($parameter in @{ '@check' = $first.Check; '@probe' = $probe.Probe; '@value' = $probe.Value }.GetEnumerator()) {
        $null = $command.Parameters.AddWithValue($parameter.Key, $parameter.Value)
    }
    $null = $command.ExecuteNonQuery()
    $connection.Dispose()
    $recorded = @(Get-SteadyStateHistory -HistoryPath $history).Count
    if ($recorded -lt $Runs) { throw "The history holds $recorded runs instead of $Runs." }

    function Measure-Median([scriptblock] $Action) {
        $null = & $Action   # warm-up
        $times = foreach ($round in 1..$Rounds) { (Measure-Command { $null = & $Action }).TotalMilliseconds }
        ($times | Sort-Object)[[int][math]::Floor($Rounds / 2)]
    }

    # What the history adds to a check, through the engine's own public API (the module's private load context):
    # open the store (schema check), read the probe's baseline, judge its drift, record the run in one transaction.
    $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ChaosPixie.Engine' } | Select-Object -First 1
    $storeType = $engine.GetType('ChaosPixie.Engine.History.HistoryStore')
    $location = $engine.GetType('ChaosPixie.Engine.History.HistoryLocation')::Sqlite($history)
    $judge = $engine.GetType('ChaosPixie.Engine.Statistics.DriftJudge')
    $ewma = [Enum]::Parse($engine.GetType('ChaosPixie.Engine.Statistics.DriftRule'), 'Ewma')
    $steadyVerdict = [Enum]::Parse($engine.GetType('ChaosPixie.Engine.History.CheckVerdict'), 'Steady')
    $runType = $engine.GetType('ChaosPixie.Engine.History.CheckRun')
    $historyOnly = Measure-Median {
        $store = $storeType::Open($location)
        try {
            $past = $store.ReadProbeHistory($first.Check, $probe.Probe, 30)
            $null = $judge::Judge($ewma, $past.Baseline, $probe.Value, $probe.Threshold, $probe.Unit, $past.LastRule, $past.LastStatistic)
            $now = [DateTimeOffset]::UtcNow
            $store.Record($runType::new($first.Check, [guid]::NewGuid().ToString(), $now, $now, $steadyVerdict, 'bench', 'bench', $first.Probes))
        }
        finally { $store.Dispose() }
    }
    $check = Measure-Median { Invoke-SteadyStateCheck ./experiment.json -HistoryPath $history @quiet }
    $last = Invoke-SteadyStateCheck ./experiment.json -HistoryPath $history @quiet
    if ($last.Probes[0].DriftRule -ne 'Ewma') { throw "The check did not judge drift: $($last.Probes[0].Explanation)" }
    'Invoke-SteadyStateCheck, whole, history of {0:N0} runs: {1,7:N1} ms (median of {2})' -f $recorded, $check, $Rounds
    'Recording and judging one check (open, baseline, drift, one-transaction write): {0:N1} ms (goal < 50 ms): {1}' -f $historyOnly, $(if ($historyOnly -lt 50) { 'met' } else { 'MISSED' })
}
finally {
    Pop-Location -ErrorAction Ignore
    Stop-VizierEmulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
