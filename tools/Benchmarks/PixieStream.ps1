<#
.SYNOPSIS
    Streams rows of 8 columns from the Vizier emulator through Invoke-PixieScript | Measure-Object, each run in a
    fresh pwsh, and prints rows per second and that process's peak working set, for 100,000 and 1,000,000 rows:
    the peak must not grow with the row count. Goals (issue 2): >= 750,000 rows/s, peak < 200 MB.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
Import-Module (Join-Path $root 'tests/Pester/TestHelpers.psm1')

Import-Module (Join-Path $root 'tools/Pwsh.psm1')
$measure = @'
param($ModulePath, $Url, $Key, $ClusterId)
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
# A warm-up on a small table, so that the first connection and the JIT are not counted.
$null = Invoke-PixieScript "px.display(df)" @connection -TableName warmup | Measure-Object
$watch = [Diagnostics.Stopwatch]::StartNew()
$count = (Invoke-PixieScript 'px.display(df)' @connection -TableName rows -ProgressAction SilentlyContinue | Measure-Object).Count
$watch.Stop()
[Diagnostics.Process]::GetCurrentProcess().Refresh()
'{0}|{1}|{2}' -f $count, $watch.Elapsed.TotalSeconds, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
'@
$measureFile = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-$PID.ps1"
Set-Content $measureFile $measure

$template = Get-Content (Join-Path $root 'examples/scenarios/benchmark.json') -Raw | ConvertFrom-Json -AsHashtable
try {
    foreach ($count in 100000, 1000000) {
        $scenario = $template.Clone()
        $rows = $template.tables[0].Clone(); $rows.name = 'rows'; $rows.generate = @{ count = $count; seed = 1 }
        $warmup = $template.tables[0].Clone(); $warmup.name = 'warmup'; $warmup.generate = @{ count = 10000; seed = 2 }
        $scenario.tables = @($rows, $warmup)
        $emulator = Start-VizierEmulator -Scenario $scenario
        try {
            $result = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $measureFile, (Join-Path $ModulePath 'ChaosPixie.psd1'), $emulator.Url, $emulator.ApiKey, $emulator.ClusterId
            $received, $seconds, $peak = ($result | Select-Object -Last 1) -split '\|'
            if ([long]$received -ne $count) { throw "Received $received rows instead of $count." }
            '{0,9:N0} rows x 8 columns: {1,9:N0} rows/s, {2:N2} s, peak working set {3:N0} MB' -f $count, ($count / [double]$seconds), [double]$seconds, ([long]$peak / 1MB)
        }
        finally { Stop-VizierEmulator $emulator }
    }
}
finally { Remove-Item $measureFile -ErrorAction Ignore }
