<#
.SYNOPSIS
    Runs each experiment file listed in -InputList through Test-ChaosExperiment -Detailed, Invoke-ChaosExperiment (with
    and without -NoValidation) and Invoke-ChaosExperiment -WhatIf -NoValidation, in this process, and appends one JSON
    line per file to -ResultFile. Before each file it appends the file's name to -ProgressFile, so that when this
    process dies or hangs, the parent knows on which input.
#>
param(
    [Parameter(Mandatory)] [string] $InputList,
    [Parameter(Mandatory)] [string] $ResultFile,
    [Parameter(Mandatory)] [string] $ProgressFile,
    [Parameter(Mandatory)] [string] $JournalFolder
)

$ErrorActionPreference = 'Stop'
Import-Module ChaosPixie

# What a raw .NET failure looks like in a message: a type name, or the framework's own wording.
$raw = '\b(System\.[A-Z]\w+|[A-Z]\w*Exception)\b|The node must be of type|Object reference not set|Index was out|Unable to cast|Exception of type|Stack overflow|Specified argument|Arithmetic operation'

function Get-ErrorOutcome([System.Management.Automation.ErrorRecord] $Record) {
    $id = ($Record.FullyQualifiedErrorId -split ',')[0]
    $message = $Record.Exception.Message
    $clear = $Record.Exception.GetType().FullName -eq 'ChaosPixie.PowerShell.ChaosPixieException' -and $id -match '^[A-Z][A-Za-z]+$' -and $message -notmatch $raw
    [ordered]@{ outcome = if ($clear) { 'error' } else { 'unclear' }; id = $id; type = $Record.Exception.GetType().FullName; message = $message.Substring(0, [Math]::Min(5000, $message.Length)) }
}

function Invoke-Mode([string] $File, [string] $Mode) {
    $journal = Join-Path $JournalFolder 'journal.json'
    Remove-Item -LiteralPath $journal -ErrorAction Ignore
    try {
        switch ($Mode) {
            'test' {
                $problems = @(Test-ChaosExperiment -LiteralPath $File -Detailed)
                $bad = @($problems | Where-Object { $_.Message -match $raw -or $_.Message.Length -gt 2000 })
                if ($bad) { return [ordered]@{ outcome = 'unclear'; message = $bad[0].Message.Substring(0, [Math]::Min(5000, $bad[0].Message.Length)) } }
                return [ordered]@{ outcome = if ($problems | Where-Object Severity -EQ 'Error') { 'problems' } else { 'valid' } }
            }
            'whatif' {
                $null = Invoke-ChaosExperiment -LiteralPath $File -JournalPath $journal -NoValidation -WhatIf -WarningAction SilentlyContinue 6>$null
                return [ordered]@{ outcome = 'planned' }
            }
            default {
                $noValidation = $Mode -eq 'run-novalidation'
                $null = Invoke-ChaosExperiment -LiteralPath $File -JournalPath $journal -NoValidation:$noValidation -WarningAction SilentlyContinue -InformationAction SilentlyContinue
                if (-not (Test-Path -LiteralPath $journal)) { return [ordered]@{ outcome = 'no-journal' } }
                # A journal is JSON that a reader with a generous depth limit can read back.
                $bytes = [ReadOnlyMemory[byte]]::new([IO.File]::ReadAllBytes($journal))
                $document = [System.Text.Json.JsonDocument]::Parse($bytes, [System.Text.Json.JsonDocumentOptions]@{ MaxDepth = 256 })
                try { $status = $document.RootElement.GetProperty('status').GetString() } finally { $document.Dispose() }
                return [ordered]@{ outcome = 'journal'; status = $status }
            }
        }
    }
    catch {
        return Get-ErrorOutcome $_
    }
}

$process = [Diagnostics.Process]::GetCurrentProcess()
foreach ($file in Get-Content -LiteralPath $InputList) {
    Add-Content -LiteralPath $ProgressFile -Value $file
    [GC]::Collect()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $modes = [ordered]@{}
    foreach ($mode in 'test', 'run-novalidation') { $modes[$mode] = Invoke-Mode $file $mode }
    # A validated run and -WhatIf load the file as the -NoValidation run does, before anything else: a file that does
    # not load gives them the same error record, so it is not read again.
    foreach ($mode in 'run', 'whatif') {
        $modes[$mode] = if ($modes['run-novalidation'].id -eq 'ExperimentParseError') { $modes['run-novalidation'] } else { Invoke-Mode $file $mode }
    }
    $process.Refresh()
    $result = [ordered]@{ file = $file; seconds = $watch.Elapsed.TotalSeconds; peakBytes = $process.PeakWorkingSet64; modes = $modes }
    Add-Content -LiteralPath $ResultFile -Value ($result | ConvertTo-Json -Depth 5 -Compress)
}
