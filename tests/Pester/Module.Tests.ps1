# The staged module as users get it: its layout, its manifest, and the isolation of its dependencies.
BeforeAll {
    $module = Import-Module ChaosPixie -PassThru -Force
    $staged = $module.ModuleBase
}

Describe 'The staged module' {
    It 'has the cmdlet assembly alone at its root' {
        (Get-ChildItem $staged -Filter *.dll).Name | Should -Be 'ChaosPixie.PowerShell.dll'
    }

    It 'keeps the engine and its gRPC and protobuf dependencies in dependencies/' {
        $names = (Get-ChildItem (Join-Path $staged 'dependencies') -Filter *.dll).Name
        $names | Should -Contain 'ChaosPixie.Engine.dll'
        $names | Should -Contain 'Google.Protobuf.dll'
        $names | Should -Contain 'Grpc.Net.Client.dll'
    }

    It 'stages SQLite''s native library for every supported platform, and only there' {
        $runtimes = Join-Path $staged 'dependencies/runtimes'
        $platforms = 'linux-arm64', 'linux-musl-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64'
        (Get-ChildItem $runtimes -Directory).Name | Sort-Object | Should -Be $platforms
        foreach ($platform in $platforms) {
            $file = if ($platform -like 'win-*') { 'e_sqlite3.dll' } elseif ($platform -like 'osx-*') { 'libe_sqlite3.dylib' } else { 'libe_sqlite3.so' }
            (Get-ChildItem (Join-Path $runtimes "$platform/native")).Name | Should -Be $file
        }
    }

    It 'has the same assemblies in each ReadyToRun build of the engine (dependencies/net10.0-linux-x64 and the like) as in dependencies/' {
        $dependencies = Join-Path $staged 'dependencies'
        $builds = Get-ChildItem $dependencies -Directory -Filter 'net*.0-*'
        $builds | Should -Not -BeNullOrEmpty
        foreach ($build in $builds) {
            (Get-ChildItem $build.FullName -Filter *.dll).Name | Sort-Object | Should -Be ((Get-ChildItem $dependencies -Filter *.dll).Name | Sort-Object)
        }
    }

    It 'ships the Python bridge script at its root, where the experiment cmdlets look for it' {
        Join-Path $staged 'chaospixie_bridge.py' | Should -Exist
    }

    It 'ships no PowerShell assembly of its own' {
        Get-ChildItem $staged -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its manifest lists, each with a docs page' {
        $docs = Join-Path $PSScriptRoot '../../docs/cmdlets'
        $manifest = Import-PowerShellDataFile (Join-Path $staged 'ChaosPixie.psd1')
        $exported = (Get-Command -Module ChaosPixie -CommandType Cmdlet).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        foreach ($name in $exported) { Join-Path $docs "$name.md" | Should -Exist }
    }

    It 'has a cmdlet assembly that references neither Grpc nor Google.Protobuf' {
        $references = [Reflection.AssemblyName[]]([Reflection.Assembly]::LoadFile((Join-Path $staged 'ChaosPixie.PowerShell.dll')).GetReferencedAssemblies())
        $references.Name | Where-Object { $_ -like 'Grpc.*' -or $_ -eq 'Google.Protobuf' } | Should -BeNullOrEmpty
    }
}
