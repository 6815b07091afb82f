<#
.SYNOPSIS
    The experiment runner's own overhead per activity: an experiment of 200 process actions running a trivial command;
    the wall time of Invoke-ChaosExperiment minus the time the commands themselves took. Goal: under 5 ms per activity.
.DESCRIPTION
    The commands' own time is the sum of the run records' durations (each one spans starting the process, waiting for
    it and reading its output). Everything else is the runner's: loading, validation, settings, the phases, pauses
    and ShouldProcess checks, the records, the pipeline-thread dispatch, the journal written to disk. Measured after
    a warm-up run.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 100000)] [int] $Activities = 200
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

# A command present everywhere that does nothing.
$command, $arguments = if ($IsWindows) { 'cmd.exe', @('/c', 'exit 0') } else { 'true', @() }

$work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-$PID") -Force
try {
    $method = foreach ($i in 1..$Activities) {
        [ordered]@{ type = 'action'; name = "noop-$i"; provider = [ordered]@{ type = 'process'; path = $command; arguments = $arguments } }
    }
    $experiment = Join-Path $work 'bench.json'
    [ordered]@{ title = 'runner overhead'; description = "$Activities trivial process actions"; method = @($method) } |
        ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $experiment -Encoding utf8NoBOM
    $journal = Join-Path $work 'journal.json'

    # Warm-up: JIT, file caches, the module's first run.
    $null = Invoke-ChaosExperiment -LiteralPath $experiment -JournalPath $journal

    $runner = Measure-Command { $result = Invoke-ChaosExperiment -LiteralPath $experiment -JournalPath $journal }
    if ($result.Status -ne 'completed' -or $result.Run.Count -ne $Activities) { throw "The benchmark run did not complete: $($result.Status), $($result.Run.Count) records." }
    $commandsMs = ($result.Run | Measure-Object -Property duration -Sum).Sum * 1000

    $perActivity = ($runner.TotalMilliseconds - $commandsMs) / $Activities
    [pscustomobject]@{
        Benchmark           = 'Invoke-ChaosExperiment runner overhead'
        Activities          = $Activities
        RunnerTotalMs       = [math]::Round($runner.TotalMilliseconds, 1)
        CommandsMs          = [math]::Round($commandsMs, 1)
        OverheadPerActivity = '{0:N2} ms' -f $perActivity
        Goal                = '< 5 ms'
        Met                 = $perActivity -lt 5
    } | Format-List | Out-String | Write-Host
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
