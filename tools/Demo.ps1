<#
.SYNOPSIS
    The demo of build.ps1 Demo: the LET script of examples/consumer-latency run with Invoke-PixieScript against the
    Vizier emulator, its rows shown as a table.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $ModulePath 'ChaosPixie.psd1')
Import-Module (Join-Path $root 'tests/Pester/TestHelpers.psm1')

$emulator = Start-VizierEmulator -Scenario (Join-Path $root 'examples/scenarios/consumer-latency-steady.json')
try {
    $connection = @{
        ServerUrl = $emulator.Url
        ApiKey    = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
        ClusterId = $emulator.ClusterId
    }
    Write-Host "Vizier emulator listening on $($emulator.Url); running examples/consumer-latency/let.pxl"
    Get-PixieScriptFile (Join-Path $root 'examples/consumer-latency/let.pxl') |
        Invoke-PixieScript @connection |
        Format-Table time_,
            @{ Name = 'p50 (ms)'; Expression = { $_.latency_p50 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'p90 (ms)'; Expression = { $_.latency_p90 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'p99 (ms)'; Expression = { $_.latency_p99 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'req/s'; Expression = { $_.request_throughput * 1e9 }; FormatString = 'N1' },
            @{ Name = 'errors'; Expression = { $_.error_rate }; FormatString = 'P1' } |
        Out-Host
}
finally {
    Stop-VizierEmulator $emulator
}
