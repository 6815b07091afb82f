<#
.SYNOPSIS
    The cost of the history: Invoke-SteadyStateCheck against an SQLite history of 10,000 runs of its probe, beside the
    same hypothesis run by Invoke-ChaosExperiment (-HypothesisStrategy BeforeMethodOnly -Dry Actions), which records
    and judges nothing. Prints the median of each over the rounds and their difference. Goal (issue 12): recording and
    judging one check costs under 50 ms above the check itself.
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
Import-Module (Join-Path $root 'tests/Pester/TestHelpers.psm1')
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
    $check = Measure-Median { Invoke-SteadyStateCheck ./experiment.json -HistoryPath $history @quiet }
    $hypothesis = Measure-Median { Invoke-ChaosExperiment ./experiment.json -HypothesisStrategy BeforeMethodOnly -Dry Actions -JournalPath (Join-Path $work 'journal.json') @quiet }
    $last = Invoke-SteadyStateCheck ./experiment.json -HistoryPath $history @quiet
    if ($last.Probes[0].DriftRule -ne 'Ewma') { throw "The check did not judge drift: $($last.Probes[0].Explanation)" }
    'Invoke-SteadyStateCheck, history of {0:N0} runs: {1,7:N1} ms (median of {2})' -f $recorded, $check, $Rounds
    'Invoke-ChaosExperiment, the same hypothesis: {0,7:N1} ms' -f $hypothesis
    'Recording and judging: {0:N1} ms above the check itself (goal < 50 ms): {1}' -f ($check - $hypothesis), $(if ($check - $hypothesis -lt 50) { 'met' } else { 'MISSED' })
}
finally {
    Pop-Location -ErrorAction Ignore
    Stop-VizierEmulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
