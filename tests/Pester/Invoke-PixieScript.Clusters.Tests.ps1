# One script on several clusters in one call, against one emulator that plays a cloud with three clusters (one of
# them unhealthy): rows tagged with their cluster, a failing cluster reported on its own, the rest going on.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:east = 'ea57ea57-1234-4abc-8def-0123456789ab'
    $script:west = 'be57be57-1234-4abc-8def-0123456789ab'
    $script:down = 'd0d0d0d0-1234-4abc-8def-0123456789ab'
    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey    = 'px-api-clusters'
        clusters  = @(
            @{ id = $east; name = 'east'; status = 'CS_HEALTHY' }
            @{ id = $west; name = 'west'; status = 'CS_HEALTHY' }
            @{ id = $down; name = 'down'; status = 'CS_UNHEALTHY' }
        )
        batchSize = 400
        tables    = @(@{
                name     = 'output'
                columns  = @(
                    @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS'; generate = @{ min = 1000000; max = 2000000 } }
                    @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }
                )
                generate = @{ count = 1000; seed = 9 }
            })
    }
    $script:server = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force) }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Invoke-PixieScript -ClusterId with several clusters' {
    BeforeAll {
        $script:output = @(Invoke-PixieScript 'px.display(df)' -ClusterId $east, $west, $down @server -ErrorVariable clusterErrors -ErrorAction SilentlyContinue 6>&1)
        $script:rows = @($output | Where-Object { $_.PSObject.TypeNames -contains 'ChaosPixie.PixieRow' })
        $script:information = @($output | Where-Object { $_ -is [Management.Automation.InformationRecord] })
        $script:errors = $clusterErrors
    }

    It 'gives every healthy cluster''s rows, each tagged with the cluster it came from' {
        $rows.Count | Should -Be 2000
        $groups = $rows | Group-Object ClusterName | Sort-Object Name
        $groups.Name | Should -Be @('east', 'west')
        $groups | ForEach-Object Count | Should -Be @(1000, 1000)
        @($rows | Where-Object ClusterName -EQ 'west' | Select-Object -ExpandProperty ClusterId -Unique) | Should -Be @([guid]$west)
    }

    It 'reports the cluster that fails as a non-terminating error naming it, and goes on' {
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PixieUnavailable,*'
        $errors[0].TargetObject | Should -Be ([guid]$down)
        "$errors" | Should -BeLike "Cluster 'down' ($down): *not in a healthy state*"
    }

    It 'says at the end how many rows each cluster gave' {
        $information.Count | Should -Be 1
        "$($information[0].MessageData)" | Should -BeLike "*'east' ($east): 1,000 rows*"
        "$($information[0].MessageData)" | Should -BeLike "*'west' ($west): 1,000 rows*"
        "$($information[0].MessageData)" | Should -BeLike "*'down' ($down): 0 rows, then failed*"
    }

    It 'lets the tolerance cmdlets filter and group by cluster' {
        $eastOnly = $rows | Test-PercentileBelow latency 5 -Unit Milliseconds -Target ClusterName, '^east$' -Detailed
        $eastOnly.SampleCount | Should -Be 1000
        $eastOnly.RowsOutsideTarget | Should -Be 1000
        $grouped = $rows | Test-PercentileBelow latency 5 -Unit Milliseconds -GroupBy ClusterName -Detailed
        @($grouped.Groups).Count | Should -Be 2
    }

    It 'keeps a single cluster''s rows as they were, without cluster properties' {
        $single = @(Invoke-PixieScript 'px.display(df)' -ClusterId $east @server)
        $single[0].PSObject.Properties.Name | Should -Not -Contain 'ClusterName'
    }
}

Describe 'Invoke-PixieScript with clusters piped from Get-PixieCluster' {
    It 'binds each cluster by its Id and runs them together' {
        $rows = @(Get-PixieCluster @server | Where-Object Status -EQ 'Healthy' | Invoke-PixieScript 'px.display(df)' @server 6>$null)
        $rows.Count | Should -Be 2000
        @($rows.ClusterName | Sort-Object -Unique) | Should -Be @('east', 'west')
    }
}

Describe 'Invoke-PixieScript on several clusters with quantiles that do not parse' {
    BeforeAll {
        $script:quantiles = Start-VizierEmulator -Scenario @{
            apiKey   = 'px-api-quantiles'
            clusters = @(@{ id = $east; name = 'east'; status = 'CS_HEALTHY' }, @{ id = $west; name = 'west'; status = 'CS_HEALTHY' })
            tables   = @(@{
                    name    = 'quantiles'
                    columns = @(@{ name = 'latency'; type = 'STRING'; semanticType = 'ST_DURATION_NS_QUANTILES' })
                    rows    = @('{"p01":1,"p10":2,"p25":3,"p50":4,"p75":5,"p90":6,"p99":7}', 'not json', '[1, 2]')
                })
        }
        $script:quantilesServer = @{ ServerUrl = $quantiles.Url; ApiKey = (ConvertTo-SecureString $quantiles.ApiKey -AsPlainText -Force) }
    }

    AfterAll {
        Stop-VizierEmulator $quantiles
    }

    It 'keeps them as their text and warns once per cluster, naming it, with the single-cluster warning' {
        $rows = @(Invoke-PixieScript 'px.display(df)' -ClusterId $east, $west @quantilesServer -WarningVariable warned -WarningAction SilentlyContinue 6>$null)
        $null = Invoke-PixieScript 'px.display(df)' -ClusterId $east @quantilesServer -WarningVariable single -WarningAction SilentlyContinue
        $rows.Count | Should -Be 6
        $westRows = @($rows | Where-Object ClusterName -EQ 'west')
        $westRows[0].latency.P99 | Should -Be 7
        $westRows[1].latency | Should -BeExactly 'not json'
        $westRows[2].latency | Should -BeExactly '[1, 2]'
        @($single).Count | Should -Be 1
        "$($single[0])" | Should -BeLike "Table 'quantiles': 2 values of the quantiles column 'latency'*kept as their text."
        @($warned | ForEach-Object { "$_" } | Sort-Object) | Should -Be @("Cluster 'east' ($east): $($single[0])", "Cluster 'west' ($west): $($single[0])")
    }
}
