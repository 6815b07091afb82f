<#
.SYNOPSIS
    A chaospixie probe of 100,000 and 1,000,000 rows (8 columns) in an experiment: the probe before and after a
    'true' action, judged by chaospixie's percentile_should_be_below and journaled, next to Invoke-PixieScript |
    Test-PercentileBelow on the same rows. Goals: peak working set at most 400 MB and flat in the row count,
    wall time at most 3 times the pipeline's.
.DESCRIPTION
    Each measurement runs in a fresh pwsh under /usr/bin/time -v, which gives its peak resident set from outside
    (where /usr/bin/time is missing, the child reports its own peak working set). The time is the command's own,
    measured in the child (module loaded, no warm-up on either side).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int[]] $Counts = @(100000, 1000000)
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

$measure = @'
param($ModulePath, $Kind, $Url, $Key, $ClusterId, $Work)
Import-Module $ModulePath
$watch = [Diagnostics.Stopwatch]::StartNew()
if ($Kind -eq 'pipeline') {
    $connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
    $result = Invoke-PixieScript 'px.display(df)' @connection -ProgressAction SilentlyContinue |
        Test-PercentileBelow -Column latency_p99 -Threshold 300 -Unit Milliseconds -Method Exclusive -Detailed
    $rows = $result.SampleCount
}
else {
    $probe = [ordered]@{ type = 'probe'; name = 'latency'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = @{ script = 'px.display(df)' } }
        tolerance = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'
                arguments = [ordered]@{ column = 'latency_p99'; treshold = 300; convert_from_nanoseconds = 'milliseconds' } } } }
    $experiment = Join-Path $Work 'experiment.json'
    [ordered]@{ title = 'large probe'; description = 'bench'
        configuration = @{ pixie_cluster_id = $ClusterId; px_server_url = $Url }; secrets = @{ pixie = @{ api_key = $Key } }
        'steady-state-hypothesis' = [ordered]@{ title = 'p99'; probes = @($probe) }
        method = @([ordered]@{ type = 'action'; name = 'nothing'; provider = @{ type = 'process'; path = 'true' } })
    } | ConvertTo-Json -Depth 20 | Set-Content $experiment
    $result = Invoke-ChaosExperiment -LiteralPath $experiment -JournalPath (Join-Path $Work 'journal.json') -ProgressAction SilentlyContinue -WarningAction SilentlyContinue
    if ($result.Status -ne 'completed') { throw "The experiment ended $($result.Status)." }
    $rows = $result.Journal.steady_states.after.probes[0].tolerance_result.sample_count
}
'{0}|{1}|{2}' -f $rows, $watch.Elapsed.TotalSeconds, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
'@

$work = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-probe-$PID")
$measureFile = Join-Path $work 'measure.ps1'
Set-Content $measureFile $measure
$time = if (Test-Path /usr/bin/time) { '/usr/bin/time' }

# Runs one measurement in a fresh pwsh; returns rows, seconds and peak bytes.
function Measure-Child([string] $Kind, $Emulator) {
    $arguments = @('-NoProfile', '-NonInteractive', '-File', $measureFile, (Join-Path $ModulePath 'ChaosPixie.psd1'), $Kind, $Emulator.Url, $Emulator.ApiKey, $Emulator.ClusterId, $work)
    if ($time) {
        $report = Join-Path $work 'time.txt'
        $commandLine = Get-PwshCommandLine
        $output = & $time -v -o $report @commandLine @arguments
        $peak = [long]((Select-String -LiteralPath $report -Pattern 'Maximum resident set size \(kbytes\): (\d+)').Matches[0].Groups[1].Value) * 1KB
        $cpu = (Select-String -LiteralPath $report -Pattern '(User|System) time \(seconds\): ([\d.]+)').Matches | ForEach-Object { [double]$_.Groups[2].Value } | Measure-Object -Sum
    }
    else {
        $output = Invoke-Pwsh $arguments
    }
    if ($LASTEXITCODE -ne 0) { throw "The $Kind measurement failed with exit code ${LASTEXITCODE}: $($output | Out-String)" }
    $rows, $seconds, $innerPeak = ($output | Select-Object -Last 1) -split '\|'
    [pscustomobject]@{ Rows = [long]$rows; Seconds = [double]$seconds; Peak = if ($time) { $peak } else { [long]$innerPeak }; Cpu = if ($time) { $cpu.Sum } }
}

$peaks = @{}
try {
    foreach ($count in $Counts) {
        $emulator = Start-BenchmarkEmulator -Count $count
        try {
            $pipeline = Measure-Child pipeline $emulator
            $experiment = Measure-Child experiment $emulator
        }
        finally { Stop-VizierEmulator $emulator }
        foreach ($m in $pipeline, $experiment) { if ($m.Rows -ne $count) { throw "Measured $($m.Rows) rows instead of $count." } }
        $peaks[$count] = $experiment.Peak
        '{0,9:N0} rows: Invoke-PixieScript | Test-PercentileBelow {1,6:N2} s (CPU {2:N1} s), {3,5:N0} MB peak; experiment (probe before and after, journal) {4,6:N2} s ({5:N1}x; CPU {6:N1} s), {7,5:N0} MB peak' -f `
            $count, $pipeline.Seconds, $pipeline.Cpu, ($pipeline.Peak / 1MB), $experiment.Seconds, ($experiment.Seconds / $pipeline.Seconds), $experiment.Cpu, ($experiment.Peak / 1MB)
        if ($count -eq 1000000 -and $peaks.ContainsKey(100000)) {
            $ratio = $experiment.Seconds / $pipeline.Seconds
            'Goal: peak <= 400 MB: {0} ({1:N0} MB); flat in the row count: {2} ({3:N0} MB at 100k, {4:N0} MB at 1M); time <= 3x the pipeline: {5} ({6:N1}x)' -f `
            ($(if ($experiment.Peak -le 400MB) { 'met' } else { 'NOT met' })), ($experiment.Peak / 1MB),
            ($(if ($peaks[1000000] -le $peaks[100000] * 1.5) { 'met' } else { 'NOT met' })), ($peaks[100000] / 1MB), ($peaks[1000000] / 1MB),
            ($(if ($ratio -le 3) { 'met' } else { 'NOT met' })), $ratio
        }
    }
}
finally { Remove-Item $work -Recurse -Force -ErrorAction Ignore }
