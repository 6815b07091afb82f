<#
.SYNOPSIS
    The cost of row classes: the first Invoke-PixieScript of a fresh pwsh (10 rows), and one query of 10,000 tables of
    distinct relations (the emulator's many-tables fault) with the memory left after it. Goals (issues 8 and 9): the
    10,000 relations in seconds, with their memory returned once their rows are gone; a cheap first query.
.DESCRIPTION
    Each measure runs in a fresh pwsh of its own, so that the first query is really the process's first and the memory
    figures are those of the relations alone. "After" is after the rows are dropped and a full garbage collection.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

$measure = @'
param($ModulePath, $Url, $Key, $ClusterId, $Kind)
$import = Measure-Command { Import-Module $ModulePath }
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId; ProgressAction = 'SilentlyContinue' }
if ($Kind -eq 'first') {
    $first = Measure-Command { $script:count = (Invoke-PixieScript 'px.display(df)' @connection | Measure-Object).Count }
    '{0}|{1}|{2}' -f $count, $import.TotalMilliseconds, $first.TotalMilliseconds
    return
}
# Twice: the second query's 10,000 relations are new classes again (only 256 are cached), so a process that kept
# every class would double its memory.
$process = [Diagnostics.Process]::GetCurrentProcess()
$figures = foreach ($round in 1, 2) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $count = (Invoke-PixieScript '#emulator: fault=many-tables count=10000' @connection | Measure-Object).Count
    $seconds = $watch.Elapsed.TotalSeconds
    foreach ($i in 1..3) { [GC]::Collect(); [GC]::WaitForPendingFinalizers() }
    $process.Refresh()
    '{0}|{1}|{2}|{3}|{4}' -f $count, $seconds, $process.WorkingSet64, [GC]::GetTotalMemory($true), [AppDomain]::CurrentDomain.GetAssemblies().Count
}
$figures -join ';'
'@
$scenario = @{
    apiKey   = 'px-api-bench-relations'
    clusters = @(@{ id = '1d3e6f2a-7b4c-4e8d-9a01-5c2b3d4e5f60'; name = 'bench' })
    tables   = @(@{
            name     = 'output'
            columns  = @(@{ name = 'time_'; type = 'TIME64NS' }, @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }, @{ name = 'pod'; type = 'STRING' })
            generate = @{ count = 10; seed = 1 }
        })
}
$emulator = Start-VizierEmulator -Scenario $scenario
try {
    $firsts = foreach ($round in 1..3) {
        $output = Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator -ArgumentList first
        $count, $import, $first = ($output | Select-Object -Last 1) -split '\|'
        if ([long]$count -ne 10) { throw "The first query failed: $output" }
        [pscustomobject]@{ Import = [double]$import; First = [double]$first }
    }
    $best = $firsts | Sort-Object First | Select-Object -First 1
    'first query of a fresh pwsh (10 rows): {0:N0} ms (best of 3; Import-Module {1:N0} ms)' -f $best.First, $best.Import

    $rounds = ((Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator -ArgumentList relations | Select-Object -Last 1) -split ';') | ForEach-Object {
        $count, $seconds, $workingSet, $heap, $assemblies = $_ -split '\|'
        if ([long]$count -ne 10000) { throw "Received $count rows instead of 10,000." }
        '{0:N1} s, then after a full GC: working set {1:N0} MB, managed heap {2:N0} MB, {3} assemblies loaded' -f [double]$seconds, ([long]$workingSet / 1MB), ([long]$heap / 1MB), $assemblies
    }
    "10,000 distinct relations, first query: $($rounds[0])"
    "10,000 distinct relations, again:       $($rounds[1])"
    'Goals: 10,000 relations in seconds, and memory that does not grow with each new batch of relations; a first query of a few hundred ms at most.'
}
finally { Stop-VizierEmulator $emulator }
