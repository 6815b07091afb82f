<#
.SYNOPSIS
    Writes a staged module's help into <ModulePath>/en-US; tools/New-MamlHelp.ps1 runs it in a child pwsh.
.DESCRIPTION
    docs/cmdlets/*.md become <assembly>.dll-Help.xml (MAML): through Microsoft.PowerShell.PlatyPS or platyPS 0.14
    when one is installed, else through MarkdownHelp.ps1 and MamlWriter.ps1. docs/about_*.md become
    about_*.help.txt. Pages and commands that do not match are reported as warnings; Help.Tests.ps1 fails on them.
#>
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'MarkdownHelp.ps1')
. (Join-Path $PSScriptRoot 'MamlWriter.ps1')
. (Join-Path $PSScriptRoot 'AboutHelp.ps1')

$module = Import-Module $ModulePath -PassThru -Force
$helpFolder = New-Item -ItemType Directory -Path (Join-Path $ModulePath 'en-US') -Force
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet)
$pages = @(Get-ChildItem (Join-Path $DocsPath 'cmdlets') -Filter *.md -ErrorAction Ignore)

foreach ($page in $pages | Where-Object BaseName -NotIn $commands.Name) {
    Write-Warning "$($page.FullName) documents '$($page.BaseName)', which $($module.Name) does not export."
}
foreach ($command in $commands | Where-Object Name -NotIn $pages.BaseName) {
    Write-Warning "$($command.Name) has no page in $(Join-Path $DocsPath 'cmdlets'); Get-Help shows only its syntax."
}

# PlatyPS 1.x first, then the legacy platyPS 0.14, newest version first; none means our own converter.
$platyPS = Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS, platyPS |
    Sort-Object @{ Expression = { $_.Name -eq 'Microsoft.PowerShell.PlatyPS' }; Descending = $true }, @{ Expression = 'Version'; Descending = $true } |
    Select-Object -First 1

# Get-Help looks for a cmdlet's MAML under the name of the assembly that implements it.
foreach ($group in $commands | Where-Object Name -In $pages.BaseName | Group-Object HelpFile) {
    $target = Join-Path $helpFolder $group.Name
    $sources = @($pages | Where-Object BaseName -In $group.Group.Name)
    if ($platyPS) {
        # PlatyPS names its file after the module and nests it in a folder; only the file name is ours to fix.
        $scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ([IO.Path]::GetRandomFileName()))
        try {
            Import-Module $platyPS
            if ($platyPS.Name -eq 'platyPS') { $null = New-ExternalHelp -Path $sources.FullName -OutputPath $scratch -Force }
            else { $null = Import-MarkdownCommandHelp -LiteralPath $sources.FullName | Export-MamlCommandHelp -OutputFolder $scratch -Force }
            $produced = @(Get-ChildItem $scratch -Recurse -Filter *.xml)
            if ($produced.Count -ne 1) { throw "$($platyPS.Name) $($platyPS.Version) wrote $($produced.Count) MAML files; expected one." }
            Copy-Item $produced[0].FullName $target -Force
        }
        finally { Remove-Item $scratch -Recurse -Force }
        Write-Host "Help: $($sources.Count) pages -> $target ($($platyPS.Name) $($platyPS.Version))"
    }
    else {
        $help = @{}
        foreach ($source in $sources) { $help[$source.BaseName] = Read-CommandMarkdown $source.FullName }
        Write-MamlHelp -Path $target -Command $group.Group -Help $help
        Write-Host "Help: $($sources.Count) pages -> $target"
    }
}

foreach ($about in Get-ChildItem $DocsPath -Filter 'about_*.md') {
    $target = Join-Path $helpFolder "$($about.BaseName).help.txt"
    [IO.File]::WriteAllText($target, (ConvertTo-AboutHelpText $about.FullName), [Text.UTF8Encoding]::new($false))
    Write-Host "Help: $($about.Name) -> $target"
}
