# Connect-Pixie: checking once, then serving as the session's defaults.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:clusterId = '00112233-4455-6677-8899-aabbccddeeff'
    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey   = 'px-api-connect'
        clusters = @(
            @{ id = $clusterId; name = 'prod-east'; status = 'CS_HEALTHY' }
            @{ id = 'ffeeddcc-bbaa-9988-7766-554433221100'; name = 'broken'; status = 'CS_UNHEALTHY' }
        )
        tables   = @(@{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @(1, 2) })
    }
    $script:key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force

    # Each test runs in a fresh runspace: the session's defaults belong to a runspace.
    function script:Invoke-InRunspace([scriptblock] $Script, [object[]] $Arguments) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('Import-Module ChaosPixie').AddStatement().AddScript($Script)
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Connect-Pixie' {
    It 'returns the server and the cluster it checked, without the key' {
        $result = Invoke-InRunspace { param($url, $key, $id) Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id } $emulator.Url, $key, $clusterId
        $result.Errors | Should -BeNullOrEmpty
        $connection = $result.Output[0]
        $connection.ClusterId | Should -Be ([guid] $clusterId)
        $connection.ClusterName | Should -Be 'prod-east'
        $connection.ClusterStatus | Should -Be 'Healthy'
        ($connection | Out-String) | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }

    It 'makes later calls in the session use its settings' {
        $result = Invoke-InRunspace {
            param($url, $key, $id)
            $null = Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
            (Invoke-PixieScript 'px.display(df)').n
        } $emulator.Url, $key, $clusterId
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -Be @(1, 2)
    }

    It 'lets a parameter override the session' {
        $result = Invoke-InRunspace {
            param($url, $key, $id)
            $null = Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
            Invoke-PixieScript 'px.display(df)' -ApiKey (ConvertTo-SecureString 'px-api-other' -AsPlainText -Force)
        } $emulator.Url, $key, $clusterId
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'PixieAuthenticationFailed,*'
    }

    It 'refuses a bad key at once and keeps nothing' {
        $result = Invoke-InRunspace {
            param($url, $id)
            try { Connect-Pixie -ServerUrl $url -ApiKey (ConvertTo-SecureString 'px-api-bad' -AsPlainText -Force) -ClusterId $id } catch { $_ }
            try { Invoke-PixieScript 'px.display(df)' } catch { $_ }
        } $emulator.Url, $clusterId
        $result.Output[0].FullyQualifiedErrorId | Should -BeLike 'PixieAuthenticationFailed,*'
        $result.Output[1].FullyQualifiedErrorId | Should -BeLike 'PixieConfigurationMissing,*'
    }

    It 'refuses a cluster id the key cannot see' {
        $result = Invoke-InRunspace {
            param($url, $key)
            try { Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId '99999999-9999-4999-8999-999999999999' } catch { $_ }
        } $emulator.Url, $key
        $result.Output[0].FullyQualifiedErrorId | Should -BeLike 'PixieClusterNotFound,*'
        $result.Output[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'warns about a cluster that cannot run scripts' {
        $result = Invoke-InRunspace { param($url, $key) Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId 'ffeeddcc-bbaa-9988-7766-554433221100' } $emulator.Url, $key
        $result.Warnings[0].Message | Should -BeLike "*'broken' is Unhealthy*"
    }
}
