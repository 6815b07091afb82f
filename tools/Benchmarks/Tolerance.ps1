<#
.SYNOPSIS
    Pipes 1,000,000 rows from the Vizier emulator into Measure-Object and into Test-PercentileBelow, each run in a
    fresh pwsh, and prints rows per second and peak working set for both. Goals: the tolerance's own cost
    (its time minus Measure-Object's) is under a quarter of the time the rows take to arrive, and its memory holds
    only the numbers and the five worst rows (8 bytes a row), not the rows.
.PARAMETER EmulatorUrl
    A running emulator serving examples/scenarios/benchmark.json's table as 'rows' (with -ApiKey and -ClusterId).
    Without it, one is started here with Benchmark.psm1's Start-BenchmarkEmulator, as the other benchmarks do.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $EmulatorUrl,
    [string] $ApiKey,
    [string] $ClusterId,
    [int] $Count = 1000000,
    [int] $Rounds = 3
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

# One pipeline in a fresh process, so each peak working set is that pipeline's own. The last line is count|seconds|peak.
$measure = @'
param($ModulePath, $Url, $Key, $ClusterId, $Consumer, [int] $Rounds)
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
# The rows stream straight into the consumer: a script block fed by $input would buffer them all first.
function Invoke-Pipeline([string] $Table) {
    $rows = @{ Script = 'px.display(df)'; TableName = $Table; ProgressAction = 'SilentlyContinue' }
    if ($Consumer -eq 'Measure') { Invoke-PixieScript @rows @connection | Measure-Object }
    else { Invoke-PixieScript @rows @connection | Test-PercentileBelow -Column latency_p99 -Threshold 300 -Unit Milliseconds -Detailed }
}
# A warm-up on a small table, so that the first connection and the JIT are not counted.
# Round 0 warms the JIT up on the same pipeline; the best of the others is kept.
$best = [double]::MaxValue
foreach ($round in 0..$Rounds) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = Invoke-Pipeline rows
    if ($round -gt 0) { $best = [Math]::Min($best, $watch.Elapsed.TotalSeconds) }
}
$count = if ($Consumer -eq 'Measure') { $result.Count } else { $result.SampleCount }
[Diagnostics.Process]::GetCurrentProcess().Refresh()
'{0}|{1}|{2}' -f $count, $best, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
'@

$emulator = $null
try {
    if (-not $EmulatorUrl) {
        $emulator = Start-BenchmarkEmulator -Count $Count -TableName rows
        $EmulatorUrl, $ApiKey, $ClusterId = $emulator.Url, $emulator.ApiKey, $emulator.ClusterId
    }
    $served = [pscustomobject]@{ Url = $EmulatorUrl; ApiKey = $ApiKey; ClusterId = $ClusterId }

    # Each consumer in a fresh pwsh of its own, so that its peak working set is its own; the rounds run inside it.
    $figures = @{}
    foreach ($consumer in 'Measure', 'Tolerance') {
        $output = Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $served -ArgumentList $consumer, $Rounds
        $received, $seconds, $peak = ($output | Select-Object -Last 1) -split '\|'
        if ([long]$received -ne $Count) { throw "The $consumer run saw $received rows instead of $Count." }
        $figures[$consumer] = [pscustomobject]@{ Seconds = [double]$seconds; Peak = [long]$peak }
        '{0,-9} {1,9:N0} rows: {2,9:N0} rows/s (best of {3}, {4:N2} s), peak working set {5:N0} MB' -f $consumer, $Count, ($Count / [double]$seconds), $Rounds, [double]$seconds, ([long]$peak / 1MB)
    }

    $arrival = $figures.Measure.Seconds
    $cost = $figures.Tolerance.Seconds - $arrival
    $memory = $figures.Tolerance.Peak - $figures.Measure.Peak
    'Tolerance cost {0:N2} s = {1:P0} of the rows'' arrival time (goal < 25%): {2}' -f $cost, ($cost / $arrival), $(if ($cost -lt $arrival / 4) { 'met' } else { 'MISSED' })
    'Tolerance memory {0:N0} MB over Measure-Object for {1:N0} samples ({2:N0} MB of doubles): {3}' -f ($memory / 1MB), $Count, ($Count * 8 / 1MB), $(if ($memory -lt $Count * 8 * 4) { 'numbers only' } else { 'MORE THAN THE NUMBERS' })
}
finally { if ($emulator) { Stop-VizierEmulator $emulator } }
