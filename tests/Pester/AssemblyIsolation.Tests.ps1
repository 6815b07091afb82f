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
