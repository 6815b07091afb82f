# The engine's gRPC and protobuf stay private: another Google.Protobuf in the session, loaded before or after the
# module, changes nothing for either side.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $script:oldProtobuf = Join-Path $packages 'google.protobuf/3.21.9/lib/net5.0/Google.Protobuf.dll'
    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey   = 'px-api-isolation'
        clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'iso'; status = 'CS_HEALTHY' })
        tables   = @(@{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @(7) })
    }

    # A fresh pwsh, because an assembly cannot be unloaded from this one.
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force
    function script:Invoke-ChildPwsh([string] $Script) {
        $env:ISO_URL = $emulator.Url; $env:ISO_KEY = $emulator.ApiKey; $env:ISO_PROTOBUF = $oldProtobuf
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $Script
    }

    # Runs a script in a fresh pwsh with the module (the staged one unless -ModulePath) and returns the one folder the
    # engine and its gRPC and protobuf assemblies were loaded from; it fails when they came from several.
    function script:Get-EngineFolder([string] $ModulePath = 'ChaosPixie') {
        $env:ISO_MODULE = $ModulePath
        $output = Invoke-ChildPwsh @'
Import-Module $env:ISO_MODULE
$row = Invoke-PixieScript 'px.display(df)' -ServerUrl $env:ISO_URL -ApiKey (ConvertTo-SecureString $env:ISO_KEY -AsPlainText -Force) -ClusterId 00112233-4455-6677-8899-aabbccddeeff
"rows:$($row.n)"
# Files only: the row classes are emitted into the context too.
foreach ($assembly in ([Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'ChaosPixie.Engine').Assemblies | Where-Object Location) { "$($assembly.GetName().Name)|$(Split-Path $assembly.Location -Parent)" }
'@
        $output | Should -Contain 'rows:7'
        $loaded = $output | Where-Object { $_ -like '*|*' } | ForEach-Object { $name, $folder = $_ -split '\|'; [pscustomobject]@{ Name = $name; Folder = $folder } }
        $loaded.Name | Should -Contain 'ChaosPixie.Engine'
        $loaded.Name | Should -Contain 'Google.Protobuf'
        $loaded.Name | Should -Contain 'Grpc.Net.Client'
        $folders = @($loaded.Folder | Sort-Object -Unique)
        $folders.Count | Should -Be 1 -Because "the engine's assemblies come from one build ($($folders -join ', '))"
        return $folders[0]
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Assembly isolation' {
    It 'has the older Google.Protobuf to load' {
        $oldProtobuf | Should -Exist
    }

    It 'runs a script when another Google.Protobuf was loaded into the session first' {
        $output = Invoke-ChildPwsh @'
Add-Type -Path $env:ISO_PROTOBUF
Import-Module ChaosPixie
$row = Invoke-PixieScript 'px.display(df)' -ServerUrl $env:ISO_URL -ApiKey (ConvertTo-SecureString $env:ISO_KEY -AsPlainText -Force) -ClusterId 00112233-4455-6677-8899-aabbccddeeff
"rows:$($row.n)"
"session:" + ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Google.Protobuf' -and [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_) -eq [Runtime.Loader.AssemblyLoadContext]::Default }).GetName().Version
'@
        $output | Should -Contain 'rows:7'
        $output | Should -Contain 'session:3.21.9.0'
    }

    It 'loads SQLite''s native library from the module''s runtimes folder for this platform, in its own load context' -Skip:(-not $IsLinux) {
        $history = Join-Path $TestDrive 'native.db'
        $output = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', @"
Import-Module ChaosPixie
`$null = Get-SteadyStateHistory -HistoryPath '$history'
(Get-Content /proc/self/maps | Where-Object { `$_ -like '*libe_sqlite3*' } | ForEach-Object { (`$_ -split '\s+', 6)[5] } | Sort-Object -Unique) -join ';'
"@
        $os = if ([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -like 'linux-musl*') { 'linux-musl' } else { 'linux' }
        $platform = "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
        $module = (Get-Module ChaosPixie -ListAvailable | Select-Object -First 1).ModuleBase
        $output | Select-Object -Last 1 | Should -Be ([IO.Path]::GetFullPath((Join-Path $module "dependencies/runtimes/$platform/native/libe_sqlite3.so")))
    }

    It 'loads the engine and all its dependencies from the ReadyToRun build for this platform and .NET, if staged' {
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -like 'linux-musl*') { 'linux-musl' } else { 'linux' }
        $platform = "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
        $dependencies = Join-Path (Get-Module ChaosPixie -ListAvailable | Select-Object -First 1).ModuleBase 'dependencies'
        # The newest build for this platform not newer than this .NET, else the IL build in dependencies/ itself.
        $build = [Environment]::Version.Major..8 | ForEach-Object { Join-Path $dependencies "net$_.0-$platform" } | Where-Object { Test-Path $_ } | Select-Object -First 1
        $expected = if ($build) { $build } else { $dependencies }

        Get-EngineFolder | Should -Be $expected
    }

    It 'loads the IL build from dependencies/ when the ReadyToRun builds are for another platform' {
        # A copy of the module whose build for this platform is renamed as if it were for a platform that is not this one.
        $copy = Join-Path ([IO.Path]::GetTempPath()) "chaospixie-platform-$([guid]::NewGuid().ToString('N'))"
        try {
            Copy-Item (Get-Module ChaosPixie -ListAvailable | Select-Object -First 1).ModuleBase (Join-Path $copy 'ChaosPixie') -Recurse
            foreach ($build in Get-ChildItem (Join-Path $copy 'ChaosPixie/dependencies') -Directory -Filter 'net*.0-*') {
                Rename-Item $build.FullName "$($build.Name -replace '-.*$', '')-plan9-sparc"
            }
            Get-EngineFolder -ModulePath (Join-Path $copy 'ChaosPixie') | Should -Be (Join-Path $copy 'ChaosPixie/dependencies')
        }
        finally { Remove-Item $copy -Recurse -Force -ErrorAction Ignore }
    }

    It 'leaves the session free to load another Google.Protobuf after the module ran' {
        $output = Invoke-ChildPwsh @'
Import-Module ChaosPixie
$row = Invoke-PixieScript 'px.display(df)' -ServerUrl $env:ISO_URL -ApiKey (ConvertTo-SecureString $env:ISO_KEY -AsPlainText -Force) -ClusterId 00112233-4455-6677-8899-aabbccddeeff
Add-Type -Path $env:ISO_PROTOBUF
"rows:$($row.n)"
"loaded:" + [Google.Protobuf.ByteString].Assembly.GetName().Version
'@
        $output | Should -Contain 'rows:7'
        $output | Should -Contain 'loaded:3.21.9.0'
    }
}
