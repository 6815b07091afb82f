<#
.SYNOPSIS
    Fails when an assembly under a folder references a .NET framework assembly newer than .NET 8's.
.DESCRIPTION
    pwsh 7.4 runs on .NET 8, and the default load context resolves the framework's own assemblies (System.*,
    Microsoft.* of Microsoft.NETCore.App) from the host's runtime. A staged DLL built against a newer copy of one of
    them (a package that pulls in System.Diagnostics.DiagnosticSource 10.0, say) would fail to load there, though it
    loads on the newer runtime of the machine that built it. The check is static: it reads each DLL's metadata with
    System.Reflection.Metadata, loads nothing, and compares every assembly reference with the version of that name in
    the .NET 8 targeting pack's FrameworkList.xml.
.PARAMETER Path
    The folder to check, recursively (the staged module).
.PARAMETER FrameworkList
    data/FrameworkList.xml of the Microsoft.NETCore.App.Ref 8.0 package: the framework's assembly names and versions.
    By default the newest 8.0 one in the NuGet global packages folder, where restoring a net8.0 project puts it.
.OUTPUTS
    Nothing when every reference is satisfied by .NET 8; otherwise a terminating error that lists each offending
    reference as '<file> references <name> <version>; .NET 8 has <version>'.
.EXAMPLE
    ./tools/Test-FrameworkReference.ps1 -Path ./out/ChaosPixie
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $FrameworkList
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $FrameworkList) {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '' }
    $packs = Join-Path $packages.Trim() 'microsoft.netcore.app.ref'
    $FrameworkList = Get-ChildItem $packs -Directory -Filter '8.0.*' -ErrorAction Ignore |
        Sort-Object { [version]$_.Name } -Descending |
        ForEach-Object { Join-Path $_.FullName 'data/FrameworkList.xml' } |
        Where-Object { Test-Path $_ } |
        Select-Object -First 1
    if (-not $FrameworkList) { throw "Microsoft.NETCore.App.Ref 8.0 is not under ${packs}: restore the solution (dotnet restore) first." }
}

$framework = @{}
foreach ($file in ([xml](Get-Content -LiteralPath $FrameworkList -Raw)).SelectNodes('/FileList/File[@Type="Managed"]')) {
    $framework[$file.AssemblyName] = [version]$file.AssemblyVersion
}
if ($framework.Count -eq 0) { throw "$FrameworkList lists no managed assembly: give the FrameworkList.xml of Microsoft.NETCore.App.Ref 8.0." }

# dependencies/net<N>.0-<platform>/ holds builds that the module loads only on .NET N (Hosting/EngineLoadContext):
# they may reference that framework's assemblies.
$onlyForNewerNet = { $_.Directory.Name -match '^net(\d+)\.0-' -and [int]$Matches[1] -gt 8 }
$offending = foreach ($dll in Get-ChildItem -LiteralPath $Path -Filter *.dll -File -Recurse | Where-Object { -not (& $onlyForNewerNet) }) {
    $stream = [IO.File]::OpenRead($dll.FullName)
    $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
    try {
        # A native library has no metadata and references no managed assembly.
        if (-not $pe.HasMetadata) { continue }
        $reader = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        foreach ($handle in $reader.AssemblyReferences) {
            $reference = $reader.GetAssemblyReference($handle)
            $name = $reader.GetString($reference.Name)
            if ($framework.ContainsKey($name) -and $reference.Version -gt $framework[$name]) {
                '{0} references {1} {2}; .NET 8 has {3}' -f [IO.Path]::GetRelativePath($Path, $dll.FullName), $name, $reference.Version, $framework[$name]
            }
        }
    }
    finally { $pe.Dispose() }
}

if ($offending) {
    throw "Assemblies in $Path need a newer framework than pwsh 7.4's .NET 8, so the module would not load there:`n  " +
        ($offending -join "`n  ") +
        "`nUse a version of the package that brings them which targets .NET 8's framework assemblies."
}
