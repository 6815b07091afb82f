<#
.SYNOPSIS
    What the benchmarks of tools/Benchmarks share: the emulator serving the benchmark table, and a measuring script run
    in a fresh pwsh of its own (so that its peak memory and its JIT are its own).
#>

$RepositoryRoot = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $RepositoryRoot 'tests/Pester/TestHelpers.psm1')
Import-Module (Join-Path $PSScriptRoot 'Pwsh.psm1')

# Starts the Vizier emulator serving examples/scenarios/benchmark.json's table (8 columns) with -Count generated rows,
# optionally renamed and with another batch size; stop it with Stop-VizierEmulator.
function Start-BenchmarkEmulator {
    param(
        [Parameter(Mandatory)] [long] $Count,
        [string] $TableName,
        [int] $BatchSize
    )
    $scenario = Get-Content (Join-Path $RepositoryRoot 'examples/scenarios/benchmark.json') -Raw | ConvertFrom-Json -AsHashtable
    $scenario.tables[0].generate = @{ count = $Count; seed = 1 }
    if ($TableName) { $scenario.tables[0].name = $TableName }
    if ($BatchSize) { $scenario.batchSize = $BatchSize }
    Start-VizierEmulator -Scenario $scenario
}

# Runs the measuring script -Script in a fresh pwsh -NoProfile with -ArgumentList, and returns its output lines (the
# last one holds the figures). The script's first parameters are the module's manifest path and the emulator's URL,
# API key and cluster id; a non-zero exit code throws with what the script wrote.
function Invoke-BenchmarkScript {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] $Emulator,
        [object[]] $ArgumentList = @()
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-bench-$PID-$([guid]::NewGuid().ToString('N')).ps1"
    Set-Content -LiteralPath $file -Value $Script
    try {
        $manifest = Join-Path (Resolve-Path -LiteralPath $ModulePath).ProviderPath 'ChaosPixie.psd1'
        $output = Invoke-Pwsh (@('-NoProfile', '-NonInteractive', '-File', $file, $manifest, $Emulator.Url, $Emulator.ApiKey, $Emulator.ClusterId) + $ArgumentList) 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The measuring pwsh failed with exit code ${LASTEXITCODE}: $($output | Out-String)" }
        $output | ForEach-Object { "$_" }
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction Ignore }
}

Export-ModuleMember -Function Start-BenchmarkEmulator, Invoke-BenchmarkScript, Start-VizierEmulator, Stop-VizierEmulator, Get-PwshCommandLine, Invoke-Pwsh
