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

    # An experiment whose chaospixie probe has no Pixie settings of its own.
    function script:New-SessionExperiment {
        $path = Join-Path $TestDrive 'session.json'
        [ordered]@{
            title       = 'rows through the session'
            description = 'no pixie settings of its own'
            method      = @([ordered]@{ type = 'probe'; name = 'rows'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; arguments = @{ script = 'px.display(df)' } } })
        } | ConvertTo-Json -Depth 10 | Set-Content $path
        $path
    }

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
    It 'returns nothing without -PassThru, so the rows after it format as their own table' {
        $result = Invoke-InRunspace {
            param($url, $key, $id)
            Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
            Invoke-PixieScript 'px.display(df)' | Out-String
        } $emulator.Url, $key, $clusterId
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 1
        $result.Output[0] | Should -Match '(?m)^\s*n\s*$'
        $result.Output[0] | Should -Match '(?m)^\s*2\s*$'
    }

    It 'returns with -PassThru the server and the cluster it checked, named as Get-PixieCluster names them, without the key' {
        $result = Invoke-InRunspace { param($url, $key, $id) Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id -PassThru } $emulator.Url, $key, $clusterId
        $result.Errors | Should -BeNullOrEmpty
        $connection = $result.Output[0]
        $connection.Id | Should -Be ([guid] $clusterId)
        $connection.Name | Should -Be 'prod-east'
        $connection.Status | Should -Be 'Healthy'
        $cluster = (Invoke-InRunspace { param($url, $key) Get-PixieCluster prod-east -ServerUrl $url -ApiKey $key } $emulator.Url, $key).Output[0]
        foreach ($name in 'Id', 'Name', 'Status') { $connection.$name | Should -Be $cluster.$name }
        ($connection | Out-String) | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }

    It 'takes a wildcard on the cluster name and keeps the one cluster it matches' {
        $result = Invoke-InRunspace {
            param($url, $key)
            (Connect-Pixie prod* -ServerUrl $url -ApiKey $key -PassThru).Id
            (Invoke-PixieScript 'px.display(df)').n
        } $emulator.Url, $key
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -Be @([guid] $clusterId, 1, 2)
    }

    It 'refuses a wildcard that matches no cluster, naming the clusters it can see' {
        $result = Invoke-InRunspace { param($url, $key) try { Connect-Pixie 'staging*' -ServerUrl $url -ApiKey $key } catch { $_ } } $emulator.Url, $key
        $err = $result.Output[0]
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieClusterNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be 'staging*'
        $err.Exception.Message | Should -BeLike "*matches 'staging`*'*prod-east, broken*"
    }

    It 'refuses a wildcard that matches several clusters' {
        $result = Invoke-InRunspace { param($url, $key) try { Connect-Pixie '*' -ServerUrl $url -ApiKey $key } catch { $_ } } $emulator.Url, $key
        $result.Output[0].FullyQualifiedErrorId | Should -BeLike 'PixieClusterAmbiguous,*'
        $result.Output[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'lends its settings to the chaospixie functions of an experiment that sets none' {
        $experiment = New-SessionExperiment
        $saved = $env:PIXIE_API_KEY, $env:PIXIE_CLUSTER_ID, $env:PIXIE_SERVER_URL
        $env:PIXIE_API_KEY = $env:PIXIE_CLUSTER_ID = $env:PIXIE_SERVER_URL = $null
        try {
            $result = Invoke-InRunspace {
                param($url, $key, $id, $experiment, $journal)
                Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
                Invoke-ChaosExperiment $experiment -JournalPath $journal -InformationAction SilentlyContinue
            } $emulator.Url, $key, $clusterId, $experiment, (Join-Path $TestDrive 'session-journal.json')
        }
        finally { $env:PIXIE_API_KEY, $env:PIXIE_CLUSTER_ID, $env:PIXIE_SERVER_URL = $saved }
        $result.Warnings | Should -BeNullOrEmpty
        $run = $result.Output[0].Run[0]
        $run.status | Should -Be 'succeeded'
        $run.output.n | Should -Be @(1, 2)
    }

    It 'masks the session''s API key in the journal of an experiment' {
        $experiment = Join-Path $TestDrive 'echo-key.json'
        [ordered]@{
            title       = 'echoes the key'
            description = 'an activity that returns the session key'
            method      = @([ordered]@{ type = 'action'; name = 'echo'; provider = [ordered]@{ type = 'powershell'; script = "'$($emulator.ApiKey)'" } })
        } | ConvertTo-Json -Depth 10 | Set-Content $experiment
        $journal = Join-Path $TestDrive 'echo-key.journal.json'
        $result = Invoke-InRunspace {
            param($url, $key, $id, $experiment, $journal)
            Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
            Invoke-ChaosExperiment $experiment -JournalPath $journal -InformationAction SilentlyContinue
        } $emulator.Url, $key, $clusterId, $experiment, $journal
        $result.Output[0].Run[0].output | Should -Be '***'
        Get-Content -Raw $journal | Should -Not -Match ([regex]::Escape($emulator.ApiKey))
    }

    It 'comes after the environment for the chaospixie functions' {
        $experiment = New-SessionExperiment
        $saved = $env:PIXIE_API_KEY
        $env:PIXIE_API_KEY = 'px-api-from-environment'
        try {
            $result = Invoke-InRunspace {
                param($url, $key, $id, $experiment, $journal)
                Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id
                Invoke-ChaosExperiment $experiment -JournalPath $journal -InformationAction SilentlyContinue
            } $emulator.Url, $key, $clusterId, $experiment, (Join-Path $TestDrive 'env-journal.json')
        }
        finally { $env:PIXIE_API_KEY = $saved }
        $run = $result.Output[0].Run[0]
        $run.status | Should -Be 'failed'
        $run.exception -join '' | Should -BeLike '*refused the API key*'
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
