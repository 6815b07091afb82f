# What runs where: the build's static check (tools/Test-FrameworkReference.ps1) that no staged assembly needs a
# framework assembly newer than .NET 8's, the runtime of pwsh 7.4. It passes on the staged module and fails, naming
# the file and the reference, on a DLL compiled against a newer framework.
BeforeAll {
    $script:Check = Join-Path $PSScriptRoot '../../tools/Test-FrameworkReference.ps1'
    $script:Staged = Join-Path $PSScriptRoot '../../out/ChaosPixie'

    # A real DLL compiled in this pwsh: it references this runtime's System.Runtime.
    $script:Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'compiled')
    Add-Type -TypeDefinition 'public static class FrameworkProbe { public static string Now() => System.DateTime.UtcNow.ToString("O"); }' -OutputAssembly (Join-Path $Folder 'FrameworkProbe.dll')
    $script:RuntimeMajor = [Environment]::Version.Major
}

BeforeDiscovery {
    # On pwsh 7.4 (.NET 8) Add-Type compiles against .NET 8 itself: nothing newer to catch.
    $onNet8 = [Environment]::Version.Major -le 8
}

Describe 'Test-FrameworkReference.ps1' {
    It 'passes the staged module against .NET 8''s framework list' {
        { & $Check -Path $Staged } | Should -Not -Throw
    }

    It 'fails on a DLL compiled against this pwsh''s newer framework, naming it and its reference' -Skip:$onNet8 {
        { & $Check -Path $Folder } | Should -Throw "*FrameworkProbe.dll references System.Runtime $RuntimeMajor.0.0.0; .NET 8 has 8.0.0.0*"
    }

    It 'fails on a reference newer than a framework list says, whatever the host runtime' {
        $list = Join-Path $TestDrive 'FrameworkList.xml'
        Set-Content $list '<FileList><File Type="Managed" AssemblyName="System.Runtime" AssemblyVersion="7.0.0.0" /><File Type="Analyzer" AssemblyName="FrameworkProbe" AssemblyVersion="0.0.0.1" /></FileList>'
        { & $Check -Path $Folder -FrameworkList $list } | Should -Throw '*FrameworkProbe.dll references System.Runtime *; .NET 8 has 7.0.0.0*'
    }

    It 'refuses a framework list with no managed assembly, rather than passing everything' {
        $list = Join-Path $TestDrive 'Empty.xml'
        Set-Content $list '<FileList />'
        { & $Check -Path $Folder -FrameworkList $list } | Should -Throw '*lists no managed assembly*'
    }
}
