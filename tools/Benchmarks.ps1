<#
.SYNOPSIS
    build.ps1 Bench: runs every benchmark of tools/Benchmarks in a fresh pwsh of its own, so that each one's peak
    memory is its own, and prints their figures.
.PARAMETER Only
    Names (wildcards allowed) of the benchmarks to run, as tools/Benchmarks names its files: ColdStart,
    ExperimentProbe, PixieStream, ... Without it, every one runs.
.EXAMPLE
    tools/Benchmarks.ps1 -ModulePath out/ChaosPixie -Only ColdStart
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string[]] $Only = '*'
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Pwsh.psm1')
# The benchmarks run their children elsewhere: a relative path (out/ChaosPixie) must reach them whole.
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
# 'pwsh -File Benchmarks.ps1 -Only a,b' passes one string: split it as the command line meant.
$Only = $Only -split ',' | ForEach-Object Trim
$benchmarks = Get-ChildItem (Join-Path $PSScriptRoot 'Benchmarks') -Filter *.ps1 | Sort-Object Name |
    Where-Object { $name = $_.BaseName; $Only | Where-Object { $name -like $_ } }
if (-not $benchmarks) { throw "No benchmark in tools/Benchmarks is named $($Only -join ', ')." }
# The machine measured: a figure means little without the runtime and pwsh, and the load at the time.
$load = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'n/a' }
Write-Host ("pwsh {0} on {1} ({2}), {3} cores, load average {4}" -f $PSVersionTable.PSVersion,
    [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription, [Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,
    [Environment]::ProcessorCount, $load)
foreach ($benchmark in $benchmarks) {
    Write-Host "== $($benchmark.BaseName)"
    Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $benchmark.FullName, '-ModulePath', $ModulePath
    if ($LASTEXITCODE -ne 0) { throw "$($benchmark.Name) failed with exit code $LASTEXITCODE." }
}
