<#
.SYNOPSIS
    Pipes 1,000,000 rows from the Vizier emulator into Measure-Object and into Test-PercentileBelow, each run in a
    fresh pwsh, and prints rows per second and peak working set for both. Goals (issue 3): the tolerance's own cost
    (its time minus Measure-Object's) is under a quarter of the time the rows take to arrive, and its memory holds
    only the numbers and the five worst rows (8 bytes a row), not the rows.
.PARAMETER EmulatorUrl
    A running emulator serving examples/scenarios/benchmark.json's table as 'rows' (with -ApiKey and -ClusterId).
    Without it, one is started here with TestHelpers' Start-VizierEmulator, as the other benchmarks do.
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
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$pwsh = [Environment]::ProcessPath
# An array even with one item: splatting a lone string would pass its characters one by one.
$prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

# One pipeline in a fresh process, so each peak working set is that pipeline's own. The last line is count|seconds|peak.
$measure = @'
param($ModulePath, $Url, $Key, $ClusterId, $Consumer)
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
# The rows stream straight into the consumer: a script block fed by $input would buffer them all first.
function Invoke-Pipeline([string] $Table) {
    $rows = @{ Script = 'px.display(df)'; TableName = $Table; ProgressAction = 'SilentlyContinue' }
    if ($Consumer -eq 'Measure') { Invoke-PixieScript @rows @connection | Measure-Object }
    else { Invoke-PixieScript @rows @connection | Test-PercentileBelow -Column latency_p99 -Threshold 300 -Unit Milliseconds -Detailed }
}
# A warm-up on a small table, so that the first connection and the JIT are not counted.
$null = Invoke-Pipeline warmup
$watch = [Diagnostics.Stopwatch]::StartNew()
$result = Invoke-Pipeline rows
$watch.Stop()
$count = if ($Consumer -eq 'Measure') { $result.Count } else { $result.SampleCount }
[Diagnostics.Process]::GetCurrentProcess().Refresh()
'{0}|{1}|{2}' -f $count, $watch.Elapsed.TotalSeconds, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
'@
$measureFile = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-tolerance-$PID.ps1"
Set-Content $measureFile $measure

$emulator = $null
try {
    if (-not $EmulatorUrl) {
        Import-Module (Join-Path $root 'tests/Pester/TestHelpers.psm1')
        $scenario = Get-Content (Join-Path $root 'examples/scenarios/benchmark.json') -Raw | ConvertFrom-Json -AsHashtable
        $rows = $scenario.tables[0].Clone(); $rows.name = 'rows'; $rows.generate = @{ count = $Count; seed = 1 }
        $warmup = $scenario.tables[0].Clone(); $warmup.name = 'warmup'; $warmup.generate = @{ count = 10000; seed = 2 }
        $scenario.tables = @($rows, $warmup)
        $emulator = Start-VizierEmulator -Scenario $scenario
        $EmulatorUrl, $ApiKey, $ClusterId = $emulator.Url, $emulator.ApiKey, $emulator.ClusterId
    }

    # Best of three rounds for each: the machine is shared, and the slowest runs measure the neighbours, not us.
    $figures = @{ Measure = @(); Tolerance = @() }
    foreach ($round in 1..$Rounds) {
        foreach ($consumer in 'Measure', 'Tolerance') {
            $output = & $pwsh @prefix -NoProfile -NonInteractive -File $measureFile (Join-Path $ModulePath 'ChaosPixie.psd1') $EmulatorUrl $ApiKey $ClusterId $consumer
            if ($LASTEXITCODE -ne 0) { throw "The $consumer run failed with exit code $LASTEXITCODE." }
            $received, $seconds, $peak = ($output | Select-Object -Last 1) -split '\|'
            if ([long]$received -ne $Count) { throw "The $consumer run saw $received rows instead of $Count." }
            $figures[$consumer] += [pscustomobject]@{ Seconds = [double]$seconds; Peak = [long]$peak }
        }
    }

    foreach ($consumer in 'Measure', 'Tolerance') {
        $best = [pscustomobject]@{
            Seconds = ($figures[$consumer].Seconds | Measure-Object -Minimum).Minimum
            Peak    = ($figures[$consumer].Peak | Measure-Object -Minimum).Minimum
        }
        $figures[$consumer] = $best
        '{0,-9} {1,9:N0} rows: {2,9:N0} rows/s, {3:N2} s, peak working set {4:N0} MB (best of {5})' -f $consumer, $Count, ($Count / $best.Seconds), $best.Seconds, ($best.Peak / 1MB), $Rounds
    }

    $arrival = $figures.Measure.Seconds
    $cost = $figures.Tolerance.Seconds - $arrival
    $memory = $figures.Tolerance.Peak - $figures.Measure.Peak
    'Tolerance cost {0:N2} s = {1:P0} of the rows'' arrival time (goal < 25%): {2}' -f $cost, ($cost / $arrival), $(if ($cost -lt $arrival / 4) { 'met' } else { 'MISSED' })
    'Tolerance memory {0:N0} MB over Measure-Object for {1:N0} samples ({2:N0} MB of doubles): {3}' -f ($memory / 1MB), $Count, ($Count * 8 / 1MB), $(if ($memory -lt $Count * 8 * 4) { 'numbers only' } else { 'MORE THAN THE NUMBERS' })
}
finally {
    if ($emulator) { Stop-VizierEmulator $emulator }
    Remove-Item $measureFile -ErrorAction Ignore
}
