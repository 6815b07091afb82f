<#
.SYNOPSIS
    The demo of build.ps1 Demo, against the Vizier emulator:
    1. the LET script of examples/consumer-latency run with Invoke-PixieScript, its rows shown as a table;
    2. chaostoolkit-pixie's README experiment (examples/consumer-latency/experiment.json) run with
       Invoke-ChaosExperiment twice: on a service that stays fast, and on one that slows down under the load;
    3. examples/consumer-latency/before-after.json, whose tolerance judges the p99 after the load against the p99
       before it, on the slowing service: recorded as evidence, judged again offline from it, and drawn in a report.
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
function Use-ExperimentEnvironment($emulator, [scriptblock] $Action) {
    # The experiment reads its settings as chaostoolkit-pixie does: from the environment.
    $env:PIXIE_API_KEY = $emulator.ApiKey
    $env:PIXIE_CLUSTER_ID = $emulator.ClusterId
    $env:PIXIE_SERVER_URL = $emulator.Url
    # Nothing listens at the consumer's URL here: the load action's curl fails fast, which fails no run.
    $env:CONSUMER_URL = 'http://127.0.0.1:9/consumer'
    Push-Location $example
    try { & $Action }
    finally {
        Pop-Location
        Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID, Env:PIXIE_SERVER_URL, Env:CONSUMER_URL -ErrorAction Ignore
    }
}

foreach ($case in @(
        @{ Scenario = 'consumer-latency-steady'; Story = 'a consumer that stays fast under the load' }
        @{ Scenario = 'consumer-latency-degrading'; Story = 'a consumer that slows down under the load' })) {
    Use-Emulator $case.Scenario {
        param($emulator)
        Use-ExperimentEnvironment $emulator {
            $journalPath = Join-Path $journals "$($case.Scenario).json"
            $journal = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $after = (Get-Content $journalPath -Raw | ConvertFrom-Json).steady_states.after.probes[0].tolerance_result
            Write-Host ("{0,-42} status {1}, deviated {2}" -f $case.Story, $journal.Status, $journal.Deviated)
            Write-Host ("{0,-42} after the method: {1}" -f '', $after.explanation)
            Write-Host ("{0,-42} journal: {1}`n" -f '', $journalPath)
        }
    }
}

Write-Host "3. After against before: examples/consumer-latency/before-after.json on the consumer that slows down`n"
$evidence = Join-Path $journals 'evidence'
Use-Emulator consumer-latency-degrading {
    param($emulator)
    Use-ExperimentEnvironment $emulator {
        $journalPath = Join-Path $journals 'before-after.json'
        $journal = Invoke-ChaosExperiment -Path ./before-after.json -JournalPath $journalPath -EvidencePath $evidence -WarningAction SilentlyContinue
        $states = (Get-Content $journalPath -Raw | ConvertFrom-Json).steady_states
        Write-Host ("live run, status {0}, deviated {1}" -f $journal.Status, $journal.Deviated)
        Write-Host ("  {0}`n  {1}" -f $states.before.probes[0].tolerance_result.explanation, $states.after.probes[0].tolerance_result.explanation)
    }
}

# The emulator is gone: the replay reads the recorded results, runs no action, and judges the tolerance again. The
# experiment still declares its settings, so they are set, to values that reach nothing.
$offline = [pscustomobject]@{ ApiKey = 'not-used-offline'; ClusterId = [guid]::Empty.ToString(); Url = 'http://127.0.0.1:9' }
Use-ExperimentEnvironment $offline {
    $replayPath = Join-Path $journals 'before-after.replay.json'
    $replay = Invoke-ChaosExperiment -Path ./before-after.json -JournalPath $replayPath -ReplayEvidence $evidence -WarningAction SilentlyContinue
    Write-Host ("replayed from {0}, status {1}, deviated {2}" -f $evidence, $replay.Status, $replay.Deviated)
    Write-Host ("  {0}" -f (Get-Content $replayPath -Raw | ConvertFrom-Json).steady_states.after.probes[0].tolerance_result.explanation)
}
$report = Join-Path $journals 'before-after.html'
$null = Export-ChaosReport -LiteralPath (Join-Path $journals 'before-after.json') -OutputPath $report
Write-Host "report, with the p99 before and after and the target from the baseline: $report`n"
