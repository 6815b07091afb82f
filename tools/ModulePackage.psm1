<#
.SYNOPSIS
    The module's .nupkg: release notes from the CHANGELOG, the package's file name, and PSResourceGet runs in a pwsh
    whose per-user folders are temporary. build.ps1 Package and tests/Pester/Package.Tests.ps1 use it.
#>

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'Pwsh.psm1')

# The newest section of a Keep a Changelog file: the lines after its first '## ' heading, up to the next one.
function Get-ChangelogSection {
    param([Parameter(Mandatory)] [string] $Path)
    $text = [IO.File]::ReadAllText($Path) -replace "`r`n", "`n"
    if ($text -notmatch '(?ms)^## [^\n]*\n(.*?)(?=^## |\z)') { throw "$Path has no '## ' section to take the release notes from." }
    $Matches[1].Trim()
}

# Writes the CHANGELOG's newest section into a (staged) manifest's ReleaseNotes, so that it is never copied by hand.
function Set-ManifestReleaseNote {
    param([Parameter(Mandatory)] [string] $ManifestPath, [Parameter(Mandatory)] [string] $ChangelogPath)
    $notes = (Get-ChangelogSection $ChangelogPath).Replace("'", "''")
    $manifest = [IO.File]::ReadAllText($ManifestPath)
    $pattern = "(?m)^(\s*ReleaseNotes\s*=\s*)'(?:[^']|'')*'"
    if ($manifest -notmatch $pattern) { throw "$ManifestPath has no single-quoted ReleaseNotes to replace." }
    [IO.File]::WriteAllText($ManifestPath, [regex]::Replace($manifest, $pattern, { param($m) "$($m.Groups[1].Value)'$notes'" }))
}

# The file PSResourceGet writes: <Name>.<version>.nupkg, the version NuGet-normalised from ModuleVersion (a fourth
# part of 0 dropped) and PSData.Prerelease.
function Get-ModulePackageName {
    param([Parameter(Mandatory)] [string] $ManifestPath)
    $manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
    $version = [version]$manifest.ModuleVersion
    $parts = @($version.Major, $version.Minor, [Math]::Max(0, $version.Build))
    if ($version.Revision -gt 0) { $parts += $version.Revision }
    $prerelease = $manifest.PrivateData.PSData['Prerelease']
    $name = [IO.Path]::GetFileNameWithoutExtension($ManifestPath)
    "$name.$($parts -join '.')$(if ($prerelease) { "-$prerelease" }).nupkg"
}

# Runs a fresh pwsh whose HOME and XDG folders are under UserHome, so PSResourceGet's repository list and the
# CurrentUser module folder are temporary and the user's own stay untouched (Linux and macOS; on Windows the known
# folders do not follow the environment, so callers unregister what they register). PSModulePath, when given,
# replaces the inherited one: pwsh adds only the CurrentUser, AllUsers and $PSHOME folders to it.
function Invoke-IsolatedPwsh {
    param(
        [Parameter(Mandatory)] [string] $UserHome,
        [Parameter(Mandatory)] [string] $Command,
        [string] $WorkingDirectory = $PWD.ProviderPath,
        [hashtable] $Environment = @{}
    )
    $variables = @{
        HOME            = $UserHome
        XDG_DATA_HOME   = Join-Path $UserHome '.local/share'
        XDG_CONFIG_HOME = Join-Path $UserHome '.config'
        XDG_CACHE_HOME  = Join-Path $UserHome '.cache'
        # A child whose output is read, not shown: no ANSI colour codes in it.
        NO_COLOR        = '1'
    }
    foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
    # .NET gives no folder at all for one that does not exist, and PSResourceGet and NuGet would then write theirs
    # into the working directory: make them first.
    foreach ($folder in $UserHome, $variables.XDG_DATA_HOME, $variables.XDG_CONFIG_HOME, $variables.XDG_CACHE_HOME) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }
    $saved = @{}
    foreach ($key in $variables.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key) }
    Push-Location -LiteralPath $WorkingDirectory
    try {
        foreach ($key in $variables.Keys) { [Environment]::SetEnvironmentVariable($key, $variables[$key]) }
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $Command
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        Pop-Location
    }
}

# A PowerShell single-quoted literal of a string.
function ConvertTo-QuotedString([string] $Text) { "'" + $Text.Replace("'", "''") + "'" }

# Publishes a staged module folder to a temporary local repository with Publish-PSResource (PSResourceGet 1.0 and
# later) and moves the package to OutputPath. Returns the .nupkg's FileInfo.
function New-ModulePackage {
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $OutputPath)
    $manifest = Join-Path $ModulePath "$(Split-Path $ModulePath -Leaf).psd1"
    $name = Get-ModulePackageName $manifest
    $work = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-package-$([guid]::NewGuid().ToString('n'))"
    $repository = New-Item -ItemType Directory -Path (Join-Path $work 'repository') -Force
    try {
        $command = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ChaosPixieBuild -Uri $(ConvertTo-QuotedString $repository.FullName) -Trusted -Force
try { Publish-PSResource -Path $(ConvertTo-QuotedString $ModulePath) -Repository ChaosPixieBuild -SkipDependenciesCheck }
finally { Unregister-PSResourceRepository -Name ChaosPixieBuild }
"@
        Invoke-IsolatedPwsh -UserHome (Join-Path $work 'home') -Command $command | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource of $ModulePath failed (exit code $LASTEXITCODE)." }
        $built = Join-Path $repository $name
        if (-not (Test-Path -LiteralPath $built)) {
            throw "Publish-PSResource wrote $(@(Get-ChildItem $repository -Name) -join ', ') instead of $name."
        }
        $null = New-Item -ItemType Directory -Path $OutputPath -Force
        Move-Item -LiteralPath $built -Destination (Join-Path $OutputPath $name) -Force -PassThru
    }
    finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore }
}

Export-ModuleMember -Function Get-ChangelogSection, Set-ManifestReleaseNote, Get-ModulePackageName, Invoke-IsolatedPwsh, New-ModulePackage
