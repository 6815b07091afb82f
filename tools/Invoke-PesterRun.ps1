<#
.SYNOPSIS
    Runs the Pester suite against the staged module in this (fresh) pwsh; build.ps1 Test calls it.
    Its last line is 'N passed, N failed'; the exit code is 1 when anything failed, blocks and containers included.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string[]] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
# Tests import the staged module by name, as a user would after installing it.
$env:PSModulePath = (Split-Path $ModulePath -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module $PesterPath -MinimumVersion 5.7 -Force

$configuration = New-PesterConfiguration
# A child pwsh -File takes one string: the paths come comma-separated.
$configuration.Run.Path = $TestPath -split ','
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$null = New-Item -ItemType Directory -Path (Split-Path $ResultPath -Parent) -Force

try {
    $result = Invoke-Pester -Configuration $configuration
}
catch {
    # Pester itself failed (a bad path, a broken configuration): still one summary line, and a failure.
    Write-Host "Pester could not run: $_"
    Write-Host '0 passed, 1 failed'
    exit 1
}
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "$($result.PassedCount) passed, $failed failed"
exit ([int]($failed -gt 0 -or $result.PassedCount -eq 0))
