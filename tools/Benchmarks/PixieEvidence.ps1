<#
.SYNOPSIS
    Records 100,000 and 1,000,000 rows of 8 columns from the Vizier emulator with Invoke-PixieScript |
    Export-PixieResult, reads them back with Import-PixieResult | Measure-Object, and prints rows per second and the
    peak working set of each. Goal: memory flat in the row count, as for Invoke-PixieScript alone.
.DESCRIPTION
    Each row count runs in a fresh pwsh, so that the peak working set is that of the export and import alone. There,
    one round warms the JIT up, then the best of two measured rounds is kept.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

$measure = @'
param($ModulePath, $Url, $Key, $ClusterId, $File)
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
$export = $import = [double]::MaxValue
foreach ($round in 0..2) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    Invoke-PixieScript 'px.display(df)' @connection -ProgressAction SilentlyContinue | Export-PixieResult -Path $File
    $exported = $watch.Elapsed.TotalSeconds
    $watch.Restart()
    $count = (Import-PixieResult $File | Measure-Object).Count
    # Round 0 warms the JIT up.
    if ($round -gt 0) { $export = [Math]::Min($export, $exported); $import = [Math]::Min($import, $watch.Elapsed.TotalSeconds) }
}
$process = [Diagnostics.Process]::GetCurrentProcess()
'{0}|{1}|{2}|{3}|{4}' -f $count, $export, $import, $process.PeakWorkingSet64, (Get-Item $File).Length
'@
$evidenceFile = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-$PID.pxevidence.jsonl"

$peaks = @{}
try {
    foreach ($count in 100000, 1000000) {
        $emulator = Start-BenchmarkEmulator -Count $count
        try {
            $result = Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator -ArgumentList $evidenceFile
            $read, $export, $import, $peak, $size = ($result | Select-Object -Last 1) -split '\|'
            if ([long]$read -ne $count) { throw "Read back $read rows instead of $count." }
            $peaks[$count] = [long]$peak
            '{0,9:N0} rows x 8 columns: export {1,9:N0} rows/s, import {2,9:N0} rows/s (best of 2), file {3:N0} MB, peak working set {4:N0} MB' -f $count, ($count / [double]$export), ($count / [double]$import), ([long]$size / 1MB), ([long]$peak / 1MB)
        }
        finally { Stop-VizierEmulator $emulator }
    }
    $flat = $peaks[1000000] -le $peaks[100000] * 1.25
    'Goal peak flat in the row count: {0:N0} MB for 100,000 rows, {1:N0} MB for 1,000,000, {2}' -f ($peaks[100000] / 1MB), ($peaks[1000000] / 1MB), $(if ($flat) { 'met' } else { 'NOT MET' })
}
finally { Remove-Item $evidenceFile -ErrorAction Ignore }
