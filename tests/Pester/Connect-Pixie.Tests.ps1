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

    It 'applies -SkipCertificateCheck to its own server only, not to another -ServerUrl' {
        $tls = Start-VizierEmulator -Scenario @{
            apiKey   = 'px-api-connect'
            clusters = @(@{ id = $clusterId; name = 'prod-east'; status = 'CS_HEALTHY' })
            tables   = @(@{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @(1, 2) })
        } -Tls
        try {
            # The same emulator under another address is, for the session, another server.
            $other = $tls.Url -replace 'localhost', '127.0.0.1'
            $result = Invoke-InRunspace {
                param($url, $other, $key, $id)
                $null = Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id -SkipCertificateCheck
                (Invoke-PixieScript 'px.display(df)').n
                try { Invoke-PixieScript 'px.display(df)' -ServerUrl $other } catch { $_ }
            } $tls.Url, $other, $key, $clusterId
            $result.Errors | Should -BeNullOrEmpty
            $result.Output[0..1] | Should -Be @(1, 2)
            $result.Output[2].FullyQualifiedErrorId | Should -BeLike 'PixieTlsFailed,*'
        }
        finally { Stop-VizierEmulator $tls }
    }

    It 'waits 30 s by default for the server, and says so' {
        $result = Invoke-InRunspace { param($url, $key) Connect-Pixie -ServerUrl $url -ApiKey $key -Verbose 4>&1 } $emulator.Url, $key
        ($result.Output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -BeLike '*waiting up to 30 s (-TimeoutSec).'
    }
}
