<#
.SYNOPSIS
    Builds the staged module's help from docs/: MAML for the cmdlets and plain text for the about topics.
.DESCRIPTION
    The work (tools/Help/Export-ModuleHelp.ps1) imports the staged module to read its commands, so it runs in a
    child pwsh: the session that called the build never loads the module's assembly, which it could not unload.
.EXAMPLE
    ./tools/New-MamlHelp.ps1 -DocsPath ./docs -ModulePath ./out/ChaosPixie
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Pwsh.psm1')

$worker = Join-Path $PSScriptRoot 'Help/Export-ModuleHelp.ps1'
Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $worker, '-DocsPath', (Resolve-Path $DocsPath), '-ModulePath', (Resolve-Path $ModulePath)
if ($LASTEXITCODE -ne 0) { throw "Building the help of $ModulePath from $DocsPath failed (exit code $LASTEXITCODE)." }
