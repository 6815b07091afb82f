<#
.SYNOPSIS
    build.ps1 Bench: runs every benchmark of tools/Benchmarks in a fresh pwsh of its own, so that each one's peak
    memory is its own, and prints their figures.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Pwsh.psm1')
foreach ($benchmark in Get-ChildItem (Join-Path $PSScriptRoot 'Benchmarks') -Filter *.ps1 | Sort-Object Name) {
    Write-Host "== $($benchmark.BaseName)"
    Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $benchmark.FullName, '-ModulePath', $ModulePath
    if ($LASTEXITCODE -ne 0) { throw "$($benchmark.Name) failed with exit code $LASTEXITCODE." }
}
