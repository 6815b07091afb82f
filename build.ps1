<#
.SYNOPSIS
    Builds, tests, demonstrates and measures ChaosPixie.
.DESCRIPTION
    Tasks run in the order given:
      Build   stages the module in out/ChaosPixie (manifest, cmdlet DLL, format file, help, dependencies/)
              and the Vizier emulator in out/emulator.
      Test    Build, then Pester 5 in a fresh pwsh -NoProfile against the staged module. The last line is
              'N passed, N failed'; the script exits non-zero when anything failed.
      Demo    Build, then runs the examples against the Vizier emulator.
      Bench   Build, then the benchmarks in tools/Benchmarks.ps1 (-Benchmark ColdStart runs only that one).
      Package Build, then out/ChaosPixie.<version>.nupkg with Publish-PSResource, for Install-PSResource from a
              local repository.
      Clean   removes out/ and every bin/ and obj/.
      Format  dotnet format.
      Lint    format verification and a build with the .NET analyzers and warnings as errors.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean', 'Format', 'Lint')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester test files or folders to run instead of the whole of tests/Pester.
    [string[]] $TestPath,

    # Bench: the benchmarks to run (names of tools/Benchmarks/*.ps1, wildcards allowed) instead of all of them.
    [string[]] $Benchmark = '*'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$Staged = Join-Path $Out 'ChaosPixie'
$Solution = Join-Path $Root 'ChaosPixie.sln'
Import-Module (Join-Path $Root 'tools/Pwsh.psm1')
Import-Module (Join-Path $Root 'tools/ModulePackage.psm1')

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}


function Get-ModuleVersion {
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'ChaosPixie.psd1')
    [pscustomobject]@{ Prefix = $manifest.ModuleVersion; Suffix = $manifest.PrivateData.PSData.Prerelease }
}

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

# The portable RID of this machine (linux-x64, win-arm64, ...), the platform its ReadyToRun build is compiled for;
# Hosting/EngineLoadContext names the running platform the same way.
function Get-PortableRuntimeIdentifier {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' }
    elseif ([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -like 'linux-musl*') { 'linux-musl' } else { 'linux' }
    return "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $versionArgs = @("-p:VersionPrefix=$($version.Prefix)")
    if ($version.Suffix) { $versionArgs += "-p:VersionSuffix=$($version.Suffix)" }

    $publish = Join-Path $Out 'publish'
    Remove-Item $publish, $Staged -Recurse -Force -ErrorAction Ignore
    Write-BuildStep 'Restoring packages and publishing the cmdlets and the engine (the first run downloads them)'
    Invoke-Dotnet publish (Join-Path $Root 'src/ChaosPixie.PowerShell') -c $Configuration -o $publish --nologo --verbosity quiet @versionArgs
    Write-BuildStep 'Publishing the Vizier emulator'
    Invoke-Dotnet publish (Join-Path $Root 'tests/ChaosPixie.VizierEmulator') -c $Configuration -o (Join-Path $Out 'emulator') --nologo --verbosity quiet
    Write-BuildStep 'Staging the module'

    # Staging: the cmdlet DLL alone at the root, everything the engine needs in dependencies/.
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $Staged 'dependencies') -Force
    Copy-Item (Join-Path $publish 'ChaosPixie.PowerShell.dll') $Staged
    Copy-Item (Join-Path $Root 'ChaosPixie.psd1') $Staged
    Copy-Item (Join-Path $Root 'src/ChaosPixie.PowerShell/*.Format.ps1xml') $Staged
    # The Python bridge runs in the user's interpreter, beside the module's files (PythonSetup finds it at the root).
    Copy-Item (Join-Path $Root 'src/ChaosPixie.Engine/Experiments/Providers/Bridge/chaospixie_bridge.py') $Staged
    Get-ChildItem $publish -File |
        Where-Object { $_.Name -notlike 'ChaosPixie.PowerShell.*' -and $_.Extension -in '.dll', '.pdb' } |
        Copy-Item -Destination $dependencies
    Copy-NativeLibrary -Publish $publish -Dependencies $dependencies
    Write-BuildStep 'Publishing the ReadyToRun engine for this platform'
    # Cold start: the engine's newer frameworks are published ReadyToRun (native code beside the IL) for this
    # machine's platform into dependencies/<framework>-<rid>/, which Hosting/EngineLoadContext takes on that platform
    # and .NET only: such code is used by one .NET major version, and the image does not load on another OS or CPU.
    # Everything else (the cmdlet DLL, dependencies/ itself) stays IL, which runs everywhere.
    $cmdletFramework = ([xml](Get-Content (Join-Path $Root 'src/ChaosPixie.PowerShell/ChaosPixie.PowerShell.csproj'))).Project.PropertyGroup.TargetFramework
    $engineProject = Join-Path $Root 'src/ChaosPixie.Engine'
    $platform = Get-PortableRuntimeIdentifier
    foreach ($framework in ([xml](Get-Content (Join-Path $engineProject 'ChaosPixie.Engine.csproj'))).Project.PropertyGroup.TargetFrameworks -split ';') {
        if (-not $framework -or $framework -eq $cmdletFramework) { continue }
        $enginePublish = Join-Path $Out "publish-$framework-$platform"
        Remove-Item $enginePublish -Recurse -Force -ErrorAction Ignore
        Invoke-Dotnet publish $engineProject -f $framework -r $platform --self-contained false '-p:PublishReadyToRun=true' -c $Configuration -o $enginePublish --nologo --verbosity quiet @versionArgs
        $build = New-Item -ItemType Directory -Path (Join-Path $dependencies "$framework-$platform") -Force
        Get-ChildItem $enginePublish -File | Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.BaseName -notin $NativeLibraries } |
            Copy-Item -Destination $build
    }
    Complete-StagedModule
    Write-BuildStep 'Building the help'
    $help = Join-Path $Root 'tools/New-MamlHelp.ps1'
    if (Test-Path $help) { & $help -DocsPath (Join-Path $Root 'docs') -ModulePath $Staged }
    Write-Host "Staged $Staged ($($version.Prefix)$(if ($version.Suffix) { "-$($version.Suffix)" }))"
}

# The platforms the module supports, and the native libraries of the engine's packages (SQLite) staged for each in
# dependencies/runtimes/<rid>/native/, where Hosting/EngineLoadContext loads them from.
$SupportedPlatforms = 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64'
$NativeLibraries = @('e_sqlite3')

function Copy-NativeLibrary([string] $Publish, [string] $Dependencies) {
    foreach ($platform in $SupportedPlatforms) {
        $native = Join-Path $Publish "runtimes/$platform/native"
        foreach ($library in $NativeLibraries) {
            $file = Get-ChildItem $native -File -ErrorAction Ignore | Where-Object { $_.BaseName -in $library, "lib$library" }
            if (-not $file) { throw "The native library $library for $platform is missing from ${native}: the module would not open a history there." }
            $target = New-Item -ItemType Directory -Path (Join-Path $Dependencies "runtimes/$platform/native") -Force
            Copy-Item $file.FullName $target
        }
    }
}

# One line per build step, with the time since the build started: a first build restores for minutes.
$BuildClock = [Diagnostics.Stopwatch]::StartNew()
function Write-BuildStep([string] $Step) {
    Write-Host ('[{0,5:0}s] {1}' -f $BuildClock.Elapsed.TotalSeconds, $Step)
}

# What staging adds beyond the build's output: the license, the CHANGELOG's newest section as the manifest's release
# notes, and the check that every staged assembly loads on .NET 8 (pwsh 7.4).
function Complete-StagedModule {
    Copy-Item (Join-Path $Root 'LICENSE') $Staged
    Set-ManifestReleaseNote -ManifestPath (Join-Path $Staged 'ChaosPixie.psd1') -ChangelogPath (Join-Path $Root 'CHANGELOG.md')
    Write-BuildStep 'Checking that every staged assembly loads on .NET 8'
    & (Join-Path $Root 'tools/Test-FrameworkReference.ps1') -Path $Staged
}

function Invoke-Package {
    Write-BuildStep 'Packaging with Publish-PSResource'
    $package = New-ModulePackage -ModulePath $Staged -OutputPath $Out
    Write-Host "Package $($package.FullName)"
}

function Invoke-Test {
    Write-BuildStep 'Restoring Pester'
    Invoke-Dotnet restore (Join-Path $Root 'tools/tools.csproj') --nologo --verbosity quiet
    $pester = Join-Path (Get-NuGetPackageFolder) 'pester/5.7.1/tools/Pester.psd1'
    # 'pwsh -File build.ps1 Test -TestPath a,b' passes one string: split it as the command line meant.
    $paths = if ($TestPath) { $TestPath -split ',' | ForEach-Object Trim } else { @(Join-Path $Root 'tests/Pester') }
    $runner = Join-Path $Root 'tools/Invoke-PesterRun.ps1'
    Write-BuildStep "Running Pester on $($paths -join ', ')"
    Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $runner, '-PesterPath', $pester, '-ModulePath', $Staged, '-TestPath', ($paths -join ','), '-ResultPath', (Join-Path $Out 'TestResults/pester.xml')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Child([string] $Script) {
    Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root $Script), '-ModulePath', $Staged
    if ($LASTEXITCODE -ne 0) { throw "$Script failed with exit code $LASTEXITCODE." }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Remove-Item $Out -Recurse -Force -ErrorAction Ignore
            Get-ChildItem $Root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
        }
        'Build' { Invoke-Build }
        'Test' { Invoke-Build; Invoke-Test }
        'Demo' { Invoke-Build; Invoke-Child 'tools/Demo.ps1' }
        'Bench' {
            Invoke-Build
            # 'pwsh -File build.ps1 Bench -Benchmark a,b' passes one string: split it as the command line meant. A
            # lone '*' is not passed: pwsh on Linux and macOS expands it to file names on a native command line.
            $only = ($Benchmark -split ',' | ForEach-Object Trim) -join ','
            $selection = if ($only -ne '*') { '-Only', $only }
            Invoke-Pwsh (@('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Benchmarks.ps1'), '-ModulePath', $Staged) + $selection)
            if ($LASTEXITCODE -ne 0) { throw "tools/Benchmarks.ps1 failed with exit code $LASTEXITCODE." }
        }
        'Package' { Invoke-Build; Invoke-Package }
        'Format' { Invoke-Dotnet format $Solution }
        'Lint' {
            Invoke-Dotnet format $Solution --verify-no-changes
            Invoke-Dotnet build $Solution -c $Configuration --nologo --verbosity quiet -warnaserror
        }
    }
}
