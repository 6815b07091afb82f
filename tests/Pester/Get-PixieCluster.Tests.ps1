# Get-PixieCluster against the emulator's VizierClusterInfo.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey   = 'px-api-clusters'
        clusters = @(
            @{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'prod-east'; status = 'CS_HEALTHY'; vizierVersion = '0.14.9'; clusterVersion = 'v1.30.2'; numNodes = 5; numInstrumentedNodes = 4 }
            @{ id = 'ffeeddcc-bbaa-9988-7766-554433221100'; name = 'staging'; status = 'CS_DEGRADED' }
            @{ id = '0a0b0c0d-0e0f-1011-1213-141516171819'; name = 'old'; status = 'CS_DISCONNECTED' }
        )
        tables   = @()
    }
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force) }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Get-PixieCluster' {
    It 'lists every cluster the key can see, with its id read from the UUID halves' {
        $clusters = Get-PixieCluster @connection
        $clusters.Name | Should -Be @('prod-east', 'staging', 'old')
        $clusters[0].Id | Should -Be ([guid] '00112233-4455-6677-8899-aabbccddeeff')
        $clusters[1].Id | Should -Be ([guid] 'ffeeddcc-bbaa-9988-7766-554433221100')
    }

    It 'gives the status, versions and node counts' {
        $prod = Get-PixieCluster prod-east @connection
        $prod.Status | Should -Be 'Healthy'
        $prod.VizierVersion | Should -Be '0.14.9'
        $prod.KubernetesVersion | Should -Be 'v1.30.2'
        $prod.NodeCount | Should -Be 5
        $prod.InstrumentedNodeCount | Should -Be 4
    }

    It 'says which clusters can run scripts: healthy and degraded ones' {
        (Get-PixieCluster @connection | Where-Object CanRunScripts).Name | Should -Be @('prod-east', 'staging')
    }

    It 'filters by name with wildcards' {
        (Get-PixieCluster 'prod-*', 'stag*' @connection).Name | Should -Be @('prod-east', 'staging')
    }

    It 'reports a refused key as an authentication error' {
        try { Get-PixieCluster -ServerUrl $emulator.Url -ApiKey (ConvertTo-SecureString 'px-api-bad' -AsPlainText -Force); throw 'no error' }
        catch { $_.FullyQualifiedErrorId | Should -BeLike 'PixieAuthenticationFailed,*' }
    }

    It 'waits 30 s by default and without limit with -TimeoutSec 0, and says so' {
        $default = Get-PixieCluster -Verbose @connection 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $default[0].Message | Should -Be "Listing the clusters at $($emulator.Url), waiting up to 30 s (-TimeoutSec)."
        $output = Get-PixieCluster -TimeoutSec 0 -Verbose @connection 4>&1
        $output[0].Message | Should -BeLike '*, waiting without a time limit (-TimeoutSec 0).'
        @($output | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Count | Should -Be 3
    }
}
