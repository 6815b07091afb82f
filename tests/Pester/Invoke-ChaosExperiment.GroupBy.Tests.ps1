# Invoke-ChaosExperiment: tolerances judged per group (group_by, require, allow_failures) in a steady-state
# hypothesis. Each run starts a Vizier emulator serving five services, steady before the method and with one of them
# (carts) slow after it, runs a real experiment against it and reads the journal, the reports and the evidence replay.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'tolerances judged per group in an experiment' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:Services = 'carts', 'orders', 'payment', 'shipping', 'users'

        # One 'output' table: $Count rows per service, interleaved, latency_p99 at (base + 10 i) ms, with the base 100
        # ms, or 800 ms for the services in $Slow.
        function script:New-ServiceTable([string[]] $Slow = @(), [string[]] $Names = $Services, [int] $Count = 8) {
            $rows = [System.Collections.Generic.List[object]]::new()
            for ($i = 0; $i -lt $Count; $i++) {
                foreach ($name in $Names) {
                    $base = if ($Slow -contains $name) { 800 } else { 100 }
                    $ms = $base + 10 * $i
                    $time = 1690000000000000000 + [long] $rows.Count * 1000000000
                    $rows.Add(@($time, [long] ($ms * 1e6), $name))
                }
            }
            @{
                name    = 'output'
                columns = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                    @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                    @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }
                )
                rows    = $rows.ToArray()
            }
        }

        # The experiment of one chaospixie probe judged by $Tolerance, against an emulator serving $Before to the first
        # query and $After to every later one.
        function script:New-GroupExperiment([string] $Url, [string] $ApiKey, [string] $ClusterId, [System.Collections.IDictionary] $Tolerance) {
            $provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = 'px.display(df)' } }
            New-Experiment -Probes (New-Probe -Name 'p99 by service' -Provider $provider -Tolerance $Tolerance) -Extra ([ordered]@{
                    secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $ApiKey } }
                    configuration = [ordered]@{ pixie_cluster_id = $ClusterId; px_server_url = $Url; pixie_no_encryption = $true }
                })
        }

        function script:Invoke-GroupRun([hashtable] $Before, [hashtable] $After, [System.Collections.IDictionary] $Tolerance, [hashtable] $Parameters = @{}) {
            $scenario = New-TestScenario -Table $Before
            $scenario.Remove('tables')
            $scenario.phases = @(@{ tables = @($Before) }, @{ tables = @($After) })
            $emulator = Start-VizierEmulator -Scenario $scenario
            try { Invoke-Experiment (New-GroupExperiment $emulator.Url $emulator.ApiKey $emulator.ClusterId $Tolerance) -Parameters $Parameters }
            finally { Stop-VizierEmulator $emulator }
        }

        # chaostoolkit-pixie's percentile tolerance, with ChaosPixie's per-group arguments.
        function script:New-PercentileTolerance([System.Collections.IDictionary] $Groups) {
            $arguments = [ordered]@{ column = 'latency_p99'; treshold = 300; convert_from_nanoseconds = 'milliseconds' }
            foreach ($key in $Groups.Keys) { $arguments[$key] = $Groups[$key] }
            [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'; arguments = $arguments } }
        }

        function script:New-BaselineTolerance([System.Collections.IDictionary] $Groups) {
            $tolerance = [ordered]@{ type = 'baseline'; column = 'latency_p99'; convert_from_nanoseconds = 'milliseconds'; criteria = '<= before * 1.2'; minimum_samples = 2 }
            foreach ($key in $Groups.Keys) { $tolerance[$key] = $Groups[$key] }
            $tolerance
        }

        $script:Steady = New-ServiceTable
        $script:CartsSlow = New-ServiceTable -Slow carts
    }

    Context 'the chaospixie percentile tolerance' {
        It 'fails when one service of five degrades, naming it first with its value, and keeps each group''s value in the journal' {
            $run = Invoke-GroupRun $Steady $CartsSlow (New-PercentileTolerance ([ordered]@{ group_by = 'service' }))
            $run.Result.Deviated | Should -BeTrue
            $run.Journal.steady_states.before.probes[0].tolerance_result.verdict | Should -Be 'Passed'
            $after = $run.Journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeFalse
            $result = $after.tolerance_result
            $result.verdict | Should -Be 'Failed'
            $result.group_by | Should -Be 'service'
            $result.requirement | Should -Be 'all must pass'
            $result.failed_groups | Should -Be @('carts')
            $result.measured | Should -Be '1 of 5 groups failed'
            $result.sample_count | Should -Be 40
            $result.expectation | Should -Be 'p99(latency_p99) <= 300 ms for each service'
            $result.explanation | Should -BeLike 'p99(latency_p99) by service: 1 of 5 groups failed (all must pass): carts (8* ms); 4 passed: fail'
            $result.groups.group | Should -Be @('carts', 'orders', 'payment', 'shipping', 'users')
            $result.groups.verdict | Should -Be @('Failed', 'Passed', 'Passed', 'Passed', 'Passed')
            $result.groups[0].value | Should -BeGreaterThan 800
            foreach ($group in $result.groups | Select-Object -Skip 1) {
                $group.value | Should -BeGreaterThan 100
                $group.value | Should -BeLessThan 300
                $group.sample_count | Should -Be 8
                $group.explanation | Should -BeLike 'p99(latency_p99) = * ms <= 300 ms over 8 samples (Exclusive)'
            }
            $result.groups[0].PSObject.Properties.Name | Should -Not -Contain 'samples'
        }

        It 'passes with allow_failures 1, and with require any, still naming the failing group' {
            $run = Invoke-GroupRun $Steady $CartsSlow (New-PercentileTolerance ([ordered]@{ group_by = 'service'; allow_failures = 1 }))
            $run.Result.Deviated | Should -BeFalse
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.verdict | Should -Be 'Passed'
            $result.requirement | Should -Be 'at most 1 may fail'
            $result.failed_groups | Should -Be @('carts')
            $result.explanation | Should -BeLike '*: carts (8* ms); 4 passed: pass'
            $run = Invoke-GroupRun $Steady $CartsSlow (New-PercentileTolerance ([ordered]@{ group_by = 'service'; require = 'any' }))
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.requirement | Should -Be 'any must pass'
        }

        It 'judges a group with too few samples Inconclusive, which is not met even when the failures are allowed' {
            $after = New-ServiceTable -Slow carts
            $after.rows += , @(1690000100000000000, [long] 120e6, 'search')
            $run = Invoke-GroupRun $Steady $after (New-PercentileTolerance ([ordered]@{ group_by = 'service'; allow_failures = 1 }))
            $run.Result.Deviated | Should -BeTrue
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.verdict | Should -Be 'Inconclusive'
            $result.groups.group | Should -Be @('carts', 'search', 'orders', 'payment', 'shipping', 'users')
            $result.groups[1].verdict | Should -Be 'Inconclusive'
            $result.groups[1].explanation | Should -BeLike 'p99(latency_p99) = * ms over 1 sample (Exclusive): inconclusive, at least 2 required'
            $result.explanation | Should -BeLike '*; 1 inconclusive: search; 4 passed: inconclusive'
        }
    }

    Context 'a powershell tolerance' {
        It 'records each group of Test-PercentileBelow -GroupBy -Detailed as a chaospixie tolerance''s' {
            $tolerance = [ordered]@{ type = 'probe'; name = 'judge'; provider = [ordered]@{ type = 'powershell'; script = 'param($value) $value | Test-PercentileBelow -Column latency_p99 -Threshold 300 -Unit Milliseconds -GroupBy service -Detailed'; arguments = [ordered]@{} } }
            $run = Invoke-GroupRun $Steady $CartsSlow $tolerance
            $run.Result.Deviated | Should -BeTrue
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.verdict | Should -Be 'Failed'
            $result.group_by | Should -Be 'service'
            $result.failed_groups | Should -Be @('carts')
            $result.groups.group | Should -Be @('carts', 'orders', 'payment', 'shipping', 'users')
            $result.groups[0].value | Should -BeGreaterThan 800
            $result.groups[0].explanation | Should -BeLike 'p99(latency_p99) = * ms > 300 ms over 8 samples (Inclusive)'
        }
    }

    Context 'the baseline tolerance' {
        It 'fails naming the service that is slower than before, with each group''s baseline in the journal' {
            $run = Invoke-GroupRun $Steady $CartsSlow (New-BaselineTolerance ([ordered]@{ group_by = 'service' }))
            $run.Result.Deviated | Should -BeTrue
            $before = $run.Journal.steady_states.before.probes[0].tolerance_result
            $before.verdict | Should -Be 'Passed'
            $before.groups.Count | Should -Be 5
            $before.groups[0].explanation | Should -BeLike 'before: p99(latency_p99) = * ms over 8 samples (Exclusive), kept as the baseline'
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.kind | Should -Be 'baseline'
            $result.phase | Should -Be 'after'
            $result.verdict | Should -Be 'Failed'
            $result.failed_groups | Should -Be @('carts')
            $result.explanation | Should -BeLike 'after: p99(latency_p99) by service: 1 of 5 groups failed (all must pass): carts (8* ms); 4 passed: fail'
            $result.groups.group | Should -Be @('carts', 'orders', 'payment', 'shipping', 'users')
            for ($i = 0; $i -lt 5; $i++) {
                $group = $result.groups[$i]
                $group.baseline.value | Should -Be ($before.groups | Where-Object group -EQ $group.group).value
                $group.criteria[0].target | Should -BeGreaterThan ($group.baseline.value * 1.2 - 1e-9)
            }
        }

        It 'passes with allow_failures 1, and is Inconclusive for a service that had values before and has none after' {
            $run = Invoke-GroupRun $Steady $CartsSlow (New-BaselineTolerance ([ordered]@{ group_by = 'service'; allow_failures = 1 }))
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.verdict | Should -Be 'Passed'

            $run = Invoke-GroupRun $Steady (New-ServiceTable -Names carts, orders, payment, shipping) (New-BaselineTolerance ([ordered]@{ group_by = 'service' }))
            $run.Result.Deviated | Should -BeTrue
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.verdict | Should -Be 'Inconclusive'
            $users = $result.groups | Where-Object group -EQ 'users'
            $users.verdict | Should -Be 'Inconclusive'
            $users.sample_count | Should -Be 0
            $users.explanation | Should -BeLike 'after: p99(latency_p99) has 0 samples: inconclusive, at least 2 required; before: * ms over 8 samples'
        }
    }

    Context 'the reports and the evidence replay' {
        It 'explains each group in the JUnit failure, the Azure Pipelines summary and the HTML report, the failing group first' {
            $junit = Join-Path $TestDrive 'groups.junit.xml'
            $run = Invoke-GroupRun $Steady $CartsSlow (New-PercentileTolerance ([ordered]@{ group_by = 'service' })) -Parameters @{ JUnitPath = $junit; AzurePipelines = $true; InformationAction = 'Ignore' }
            $carts = $run.Journal.steady_states.after.probes[0].tolerance_result.groups[0]
            $line = "carts (Failed): $($carts.explanation)"
            [xml] $xml = Get-Content -Raw $junit
            $failure = $xml.SelectSingleNode('//failure')
            $failure.message | Should -BeLike '*1 of 5 groups failed (all must pass): carts (*'
            $lines = $failure.InnerText -split "`n"
            $lines | Should -Contain "group $line"
            ($lines | Where-Object { $_ -like 'group *' }).Count | Should -Be 5
            ($lines | Where-Object { $_ -like 'group *' })[0] | Should -Be "group $line"
            $summary = Get-Content -Raw ([IO.Path]::ChangeExtension($run.Result.JournalPath, '.md'))
            $summary | Should -BeLike "*- carts (Failed): p99(latency\_p99) = * ms &gt; 300 ms over 8 samples (Exclusive)`n- orders (Passed)*"
            $html = Join-Path $TestDrive 'groups.html'
            Export-ChaosReport -LiteralPath $run.Result.JournalPath -OutputPath $html
            $page = Get-Content -Raw $html
            $page | Should -BeLike "*<li>carts (Failed): p99(latency_p99) = * ms &gt; 300 ms over 8 samples (Exclusive)</li><li>orders (Passed)*"
        }

        It 'gives the same per-group results when replayed from the evidence, with no cluster' {
            $scenario = New-TestScenario -Table $Steady
            $scenario.Remove('tables')
            $scenario.phases = @(@{ tables = @($Steady) }, @{ tables = @($CartsSlow) })
            $emulator = Start-VizierEmulator -Scenario $scenario
            $path = Join-Path $TestDrive 'replayed.json'
            $evidence = Join-Path $TestDrive 'group-evidence'
            New-GroupExperiment $emulator.Url $emulator.ApiKey $emulator.ClusterId (New-BaselineTolerance ([ordered]@{ group_by = 'service'; allow_failures = 1 })) |
                ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $path
            try { $null = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'recorded.journal.json') -EvidencePath $evidence -WarningAction SilentlyContinue }
            finally { Stop-VizierEmulator $emulator }
            $replay = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'replayed.journal.json') -ReplayEvidence $evidence -WarningAction SilentlyContinue
            $replay.Deviated | Should -BeFalse
            $live = Get-Content -Raw (Join-Path $TestDrive 'recorded.journal.json') | ConvertFrom-Json
            $again = Get-Content -Raw (Join-Path $TestDrive 'replayed.journal.json') | ConvertFrom-Json
            foreach ($phase in 'before', 'after') {
                $again.steady_states.$phase.probes[0].tolerance_result | ConvertTo-Json -Depth 10 |
                    Should -Be ($live.steady_states.$phase.probes[0].tolerance_result | ConvertTo-Json -Depth 10)
            }
            $again.steady_states.after.probes[0].tolerance_result.failed_groups | Should -Be @('carts')
        }
    }

    Context 'validation names the key at fault' {
        BeforeAll {
            function script:Test-Invalid([System.Collections.IDictionary] $Tolerance) {
                $path = Join-Path $TestDrive "invalid-$([guid]::NewGuid().ToString('n')).json"
                New-GroupExperiment 'http://127.0.0.1:1' 'px-api-x' ([guid]::NewGuid()) $Tolerance | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $path
                $thrown = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'never.json') } | Should -Throw -PassThru
                $thrown.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
                Join-Path $TestDrive 'never.json' | Should -Not -Exist
                $thrown.Exception.Message
            }
        }

        It '<case>' -ForEach @(
            @{ case = 'an empty group_by'; groups = [ordered]@{ group_by = '' }; at = 'group_by'; message = '`group_by` must be the name of a field of the probe''s rows, such as service or pod: each of its values is judged on its own rows' }
            @{ case = 'a group_by that is not text'; groups = [ordered]@{ group_by = 5 }; at = 'group_by'; message = '`group_by` must be the name of a field of the probe''s rows, such as service or pod: each of its values is judged on its own rows' }
            @{ case = 'require neither all nor any'; groups = [ordered]@{ group_by = 'service'; require = 'most' }; at = 'require'; message = '''most'' is not a requirement on the groups: use all (every group must pass) or any (one passing group is enough).' }
            @{ case = 'a negative allow_failures'; groups = [ordered]@{ group_by = 'service'; allow_failures = -1 }; at = 'allow_failures'; message = '`allow_failures` must be a whole number of 0 or more: how many groups may fail, not -1' }
            @{ case = 'a fractional allow_failures'; groups = [ordered]@{ group_by = 'service'; allow_failures = 1.5 }; at = 'allow_failures'; message = '`allow_failures` must be a whole number of 0 or more: how many groups may fail, not 1.5' }
            @{ case = 'require with allow_failures'; groups = [ordered]@{ group_by = 'service'; require = 'any'; allow_failures = 1 }; at = 'allow_failures'; message = 'Give either the groups that must pass (''any'') or the number allowed to fail (1), not both: ''all'' is 0 allowed to fail.' }
            @{ case = 'require without group_by'; groups = [ordered]@{ require = 'all' }; at = 'require'; message = '`require` says how the groups make the verdict, but there are no groups: add `group_by` (the field of the probe''s rows to group by, such as service or pod), or remove it' }
        ) {
            Test-Invalid (New-PercentileTolerance $groups) |
                Should -Be "The experiment is invalid: $message (at `$.steady-state-hypothesis.probes[0].tolerance.provider.arguments.$at)"
            Test-Invalid (New-BaselineTolerance $groups) |
                Should -Be "The experiment is invalid: $message (at `$.steady-state-hypothesis.probes[0].tolerance.$at)"
        }
    }
}
