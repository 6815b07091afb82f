<#
.SYNOPSIS
    The cost of end-to-end encryption: 1,000,000 rows of 8 columns from the Vizier emulator through
    Invoke-PixieScript | Measure-Object, encrypted (the default) and with -NoEncryption, warm, and the encrypted
    throughput as a share of the plaintext one. Goal: at least 70%.
.DESCRIPTION
    Both modes run in one fresh pwsh against one emulator, alternating, after one warm-up run of each; the best of two
    measured runs of each is kept. Each encrypted batch (1,024 rows here) costs an RSA-4096 private-key operation
    on the client, and the emulator seals every batch too, on the same cores.
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
$best = @{ $true = [double]::MaxValue; $false = [double]::MaxValue }
foreach ($round in 0..2) {
    foreach ($encrypted in $true, $false) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $count = (Invoke-PixieScript 'px.display(df)' @connection -NoEncryption:(-not $encrypted) -ProgressAction SilentlyContinue | Measure-Object).Count
        # Round 0 warms the JIT up.
        if ($round -gt 0) { $best[$encrypted] = [Math]::Min($best[$encrypted], $watch.Elapsed.TotalSeconds) }
    }
}
'{0}|{1}|{2}' -f $count, $best[$true], $best[$false]
'@
$measureFile = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-encryption-$PID.ps1"
Set-Content $measureFile $measure

$scenario = Get-Content (Join-Path $root 'examples/scenarios/benchmark.json') -Raw | ConvertFrom-Json -AsHashtable
$count = 1000000
$scenario.tables[0].generate = @{ count = $count; seed = 1 }
try {
    $emulator = Start-VizierEmulator -Scenario $scenario
    try {
        $result = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $measureFile, (Join-Path $ModulePath 'ChaosPixie.psd1'), $emulator.Url, $emulator.ApiKey, $emulator.ClusterId
        $received, $encrypted, $plain = ($result | Select-Object -Last 1) -split '\|'
        if ([long]$received -ne $count) { throw "Received $received rows instead of $count." }
        $share = [double]$plain / [double]$encrypted
        '{0,9:N0} rows x 8 columns, encrypted: {1,9:N0} rows/s (best of 2, {2:N2} s)' -f $count, ($count / [double]$encrypted), [double]$encrypted
        '{0,9:N0} rows x 8 columns, plaintext: {1,9:N0} rows/s (best of 2, {2:N2} s)' -f $count, ($count / [double]$plain), [double]$plain
        'Goal: encrypted throughput >= 70% of plaintext: {0:P0}, {1}' -f $share, $(if ($share -ge 0.7) { 'met' } else { 'NOT MET' })
    }
    finally { Stop-VizierEmulator $emulator }
}
finally { Remove-Item $measureFile -ErrorAction Ignore }
