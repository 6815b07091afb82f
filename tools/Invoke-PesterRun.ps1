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
# Output to a file or a CI log gets no ANSI colour codes: neither Pester's nor those of the tables tests format.
if ([Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'
    $configuration.Output.RenderMode = 'Plaintext'
}

# The run's own output is transcribed to find Azure Pipelines logging commands in it: an agent running this suite as
# a step obeys any '##vso[' it prints (a task.complete result=Failed fails the build), so a test must capture what it
# checks (-InformationAction Ignore, 6>$null) and never let one through.
$transcript = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-pester-$PID.txt"
$null = Start-Transcript -LiteralPath $transcript -UseMinimalHeader -Force
try {
    $result = Invoke-Pester -Configuration $configuration
}
catch {
    # Pester itself failed (a bad path, a broken configuration): still one summary line, and a failure.
    $null = Stop-Transcript
    Remove-Item -LiteralPath $transcript
    Write-Host "Pester could not run: $_"
    Write-Host '0 passed, 1 failed'
    exit 1
}
$null = Stop-Transcript
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# The agent finds the command anywhere in a line.
$leaked = @(Select-String -LiteralPath $transcript -Pattern '##vso[' -SimpleMatch)
Remove-Item -LiteralPath $transcript
if ($leaked.Count -gt 0) {
    # Shown defused ('##vso(' instead of '##vso['), or the agent would obey them here too.
    Write-Host "$($leaked.Count) Azure Pipelines logging command(s) reached the test run's output; capture them in the test that checks them:"
    foreach ($line in $leaked | Select-Object -First 5) {
        $defused = $line.Line.Replace('##vso[', '##vso(')
        Write-Host "  line $($line.LineNumber): $defused"
    }
    $failed++
}
Write-Host "$($result.PassedCount) passed, $failed failed"
exit ([int]($failed -gt 0 -or $result.PassedCount -eq 0))
