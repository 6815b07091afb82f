<#
.SYNOPSIS
    The demo of build.ps1 Demo, against the Vizier emulator:
    1. the LET script of examples/consumer-latency run with Invoke-PixieScript, its rows shown as a table;
    2. chaostoolkit-pixie's README experiment (examples/consumer-latency/experiment.json) run with
       Invoke-ChaosExperiment twice: on a service that stays fast, and on one that slows down under the load.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$example = Join-Path $root 'examples/consumer-latency'
Import-Module (Join-Path $ModulePath 'ChaosPixie.psd1')
Import-Module (Join-Path $root 'tests/Pester/TestHelpers.psm1')

function Use-Emulator([string] $Scenario, [scriptblock] $Action) {
    $emulator = Start-VizierEmulator -Scenario (Join-Path $root "examples/scenarios/$Scenario.json")
    try { & $Action $emulator }
    finally { Stop-VizierEmulator $emulator }
}

Write-Host "`n1. Invoke-PixieScript: examples/consumer-latency/let.pxl on the emulated cluster`n"
Use-Emulator consumer-latency-steady {
    param($emulator)
    $connection = @{
        ServerUrl = $emulator.Url
        ApiKey    = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
        ClusterId = $emulator.ClusterId
    }
    Get-PixieScriptFile (Join-Path $example 'let.pxl') |
        Invoke-PixieScript @connection |
        Select-Object -First 12 |
        Format-Table time_,
            @{ Name = 'p50 (ms)'; Expression = { $_.latency_p50 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'p90 (ms)'; Expression = { $_.latency_p90 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'p99 (ms)'; Expression = { $_.latency_p99 / 1e6 }; FormatString = 'N1' },
            @{ Name = 'req/s'; Expression = { $_.request_throughput * 1e9 }; FormatString = 'N1' },
            @{ Name = 'errors'; Expression = { $_.error_rate }; FormatString = 'P1' } |
        Out-Host
}

Write-Host "2. Invoke-ChaosExperiment: chaostoolkit-pixie's README experiment, as 'chaos run' would run it`n"
$journals = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-demo-$PID"
$null = New-Item -ItemType Directory $journals -Force
foreach ($case in @(
        @{ Scenario = 'consumer-latency-steady'; Story = 'a consumer that stays fast under the load' }
        @{ Scenario = 'consumer-latency-degrading'; Story = 'a consumer that slows down under the load' })) {
    Use-Emulator $case.Scenario {
        param($emulator)
        # The experiment reads its settings as chaostoolkit-pixie does: from the environment.
        $env:PIXIE_API_KEY = $emulator.ApiKey
        $env:PIXIE_CLUSTER_ID = $emulator.ClusterId
        $env:PIXIE_SERVER_URL = $emulator.Url
        # Nothing listens at the consumer's URL here: the load action's curl fails fast, which fails no run.
        $env:CONSUMER_URL = 'http://127.0.0.1:9/consumer'
        Push-Location $example
        try {
            $journalPath = Join-Path $journals "$($case.Scenario).json"
            $journal = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $after = (Get-Content $journalPath -Raw | ConvertFrom-Json).steady_states.after.probes[0].tolerance_result
            Write-Host ("{0,-42} status {1}, deviated {2}" -f $case.Story, $journal.Status, $journal.Deviated)
            Write-Host ("{0,-42} after the method: {1}" -f '', $after.explanation)
            Write-Host ("{0,-42} journal: {1}`n" -f '', $journalPath)
        }
        finally {
            Pop-Location
            Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID, Env:PIXIE_SERVER_URL, Env:CONSUMER_URL -ErrorAction Ignore
        }
    }
}
