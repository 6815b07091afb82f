<#
.SYNOPSIS
    Starts a fresh pwsh like the one running: build.ps1, the help build, the benchmarks and the tests use it to run
    work in a process of its own (an assembly cannot be unloaded, and peak memory is per process).
#>

# This pwsh as a command line: run as a dotnet tool, it is 'dotnet <PSHOME>/pwsh.dll'.
function Get-PwshCommandLine {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return , @($process)
}

# Runs a fresh pwsh with these arguments; its output comes back, $LASTEXITCODE is its exit code.
function Invoke-Pwsh {
    param([Parameter(Mandatory)] [string[]] $ArgumentList)
    $commandLine = Get-PwshCommandLine
    & $commandLine[0] @($commandLine | Select-Object -Skip 1) @ArgumentList
}

Export-ModuleMember -Function Get-PwshCommandLine, Invoke-Pwsh
