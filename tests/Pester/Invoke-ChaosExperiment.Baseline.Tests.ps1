# Invoke-ChaosExperiment: the before/after ("baseline") tolerance. Each test starts a Vizier emulator whose first
# query (the steady state before the method) and second query (after it) return different generated rows, runs a
# real experiment against it and reads the journal, the JUnit file, the Azure Pipelines summary and the HTML report.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'the baseline tolerance (after compared with before)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

        # One 'output' table of latency_p99 values (ns), uniform in [Min, Max) ms, or no rows at all.
        function script:New-LatencyTable([double] $Min, [double] $Max, [int] $Seed, [int] $Count = 40, [switch] $Empty) {
            $time = @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
            $latency = @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
            if ($Empty) { return @{ name = 'output'; columns = @($time, $latency); rows = @() } }
            $time.generate = @{ start = 1690000000000000000; step = 10000000000 }
            $latency.generate = @{ min = $Min * 1e6; max = $Max * 1e6 }
            @{ name = 'output'; columns = @($time, $latency); generate = @{ count = $Count; seed = $Seed } }
        }

        # Starts an emulator serving $Before to the first query and $After to every later one, runs the experiment
        # with one chaospixie probe judged by $Tolerance, and stops the emulator.
        function script:Invoke-BaselineRun([hashtable] $Before, [hashtable] $After, [System.Collections.IDictionary] $Tolerance, [hashtable] $Parameters = @{}, [System.Collections.IDictionary] $Extra = [ordered]@{}, [object[]] $Method = @()) {
            $scenario = New-TestScenario -Table $Before
            $scenario.Remove('tables')
            $scenario.phases = @(@{ tables = @($Before) }, @{ tables = @($After) })
            $emulator = Start-VizierEmulator -Scenario $scenario
            try {
                $settings = [ordered]@{
                    secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
                    configuration = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url; pixie_no_encryption = $true }
                }
                foreach ($key in $Extra.Keys) { $settings[$key] = $Extra[$key] }
                $probe = New-Probe -Name 'p99-latency' -Provider ([ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = 'px.display(df)' } }) -Tolerance $Tolerance
                Invoke-Experiment (New-Experiment -Extra $settings -Probes $probe -Method $Method) -Parameters $Parameters
            }
            finally { Stop-VizierEmulator $emulator }
        }

        function script:New-Baseline([System.Collections.IDictionary] $Settings) {
            $tolerance = [ordered]@{ type = 'baseline'; column = 'latency_p99'; convert_from_nanoseconds = 'milliseconds' }
            foreach ($key in $Settings.Keys) { $tolerance[$key] = $Settings[$key] }
            $tolerance
        }

        $script:Steady = New-LatencyTable 50 250 1
        $script:SteadyAgain = New-LatencyTable 50 250 2
        $script:Slow = New-LatencyTable 400 900 3
    }

    Context 'relative criteria, as Keptn writes them' {
        It 'deviates when p99 after is above before * 1.2, naming the target it computed from the baseline' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ criteria = '<= before * 1.2' })
            $run.Result.Status | Should -Be 'completed'
            $run.Result.Deviated | Should -BeTrue
            $before = $run.Journal.steady_states.before.probes[0]
            $before.tolerance_met | Should -BeTrue
            $before.tolerance_result.verdict | Should -Be 'Passed'
            $before.tolerance_result.explanation | Should -Match '^before: p99\(latency_p99\) = [\d.]+ ms over 40 samples \(Exclusive\), kept as the baseline$'
            $after = $run.Journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeFalse
            $result = $after.tolerance_result
            $result.verdict | Should -Be 'Failed'
            $result.phase | Should -Be 'after'
            $result.baseline.value | Should -Be $before.tolerance_result.value
            $result.criteria[0].target | Should -BeGreaterThan ($result.baseline.value * 1.2 - 1e-9)
            $result.criteria[0].target | Should -BeLessThan ($result.baseline.value * 1.2 + 1e-9)
            $result.criteria[0].met | Should -BeFalse
            $result.value | Should -BeGreaterThan 800
            $result.explanation | Should -Match '^after: p99\(latency_p99\) = [\d.]+ ms > [\d.]+ ms \(<= before \* 1\.2\) over 40 samples \(Exclusive\); before: [\d.]+ ms over 40 samples$'
        }

        It 'keeps the steady state when the rows after come from the same distribution, with Keptn''s own spelling ANDed' {
            $run = Invoke-BaselineRun $Steady $SteadyAgain (New-Baseline @{ criteria = @('<=+20%', '<= before + 50') })
            $run.Result.Deviated | Should -BeFalse
            $after = $run.Journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeTrue
            $after.tolerance_result.criteria.criterion | Should -Be @('<=+20%', '<= before + 50')
            $after.tolerance_result.criteria.met | Should -Be @($true, $true)
            $after.tolerance_result.criteria[1].target | Should -Be ($after.tolerance_result.baseline.value + 50)
        }

        It 'compares the median with percentile 50, and a decrease criterion fails when the value rises' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ criteria = '>= before - 10'; percentile = 50 })
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.expectation | Should -Be 'p50(latency_p99) >= before - 10'
            $run = Invoke-BaselineRun $Slow $Steady (New-Baseline @{ criteria = '>= before - 10'; percentile = 50 })
            $run.Result.Deviated | Should -BeTrue
        }
    }

    Context 'the Mann-Whitney test, as Kayenta judges a canary' {
        It 'finds the latency higher after the method, with the shift, its interval and the p-value in the journal' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ direction = 'increase'; confidence_level = 0.98 })
            $run.Result.Deviated | Should -BeTrue
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            $result.verdict | Should -Be 'Failed'
            $result.method | Should -Be 'MannWhitney'
            $result.comparison.verdict | Should -Be 'High'
            $result.comparison.p_value | Should -BeLessThan 1e-6
            $result.comparison.shift_lower | Should -BeGreaterThan 0
            $result.expectation | Should -Be 'latency_p99 not higher than before (Mann-Whitney, 98%)'
            $result.explanation | Should -Match '^after vs before: latency_p99: median [\d.]+ ms vs [\d.]+ ms, shift \+[\d.]+ ms .*40 vs 40 samples: higher$'
            $result.baseline.band_low | Should -BeLessThan $result.baseline.band_high
        }

        It 'passes when the values after come from the same distribution, and when they only fall with direction increase' {
            $run = Invoke-BaselineRun $Steady $SteadyAgain (New-Baseline @{})
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.comparison.verdict | Should -Be 'Pass'
            $run = Invoke-BaselineRun $Slow $Steady (New-Baseline @{ direction = 'increase' })
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.explanation | Should -Match 'lower, which direction Increase allows: pass$'
        }

        It 'tolerates a higher mean within allowed_increase' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ allowed_increase = 10 })
            $run.Result.Deviated | Should -BeFalse
            $run.Journal.steady_states.after.probes[0].tolerance_result.explanation | Should -Match 'below the allowed increase 10: pass$'
        }
    }

    Context 'no data is Inconclusive, never a pass' {
        It 'stops before the method when the probe returns no rows before it: nothing to compare with' {
            $marker = Join-Path $TestDrive 'method-ran'
            $run = Invoke-BaselineRun (New-LatencyTable -Empty) $Slow (New-Baseline @{ criteria = '<= before * 1.2' }) -Method (New-Activity 'touch' 'chaos-touch' @($marker))
            $marker | Should -Not -Exist
            $run.Result.Status | Should -Be 'completed'
            $run.Journal.steady_states.before.steady_state_met | Should -BeFalse
            $before = $run.Journal.steady_states.before.probes[0]
            $before.tolerance_met | Should -BeFalse
            $before.tolerance_result.verdict | Should -Be 'Inconclusive'
            $before.tolerance_result.explanation | Should -Be 'before: p99(latency_p99) has 0 samples: inconclusive, at least 5 required to serve as the baseline, so nothing after the method could be judged against it'
        }

        It 'deviates as Inconclusive when the probe returns no rows after the method' {
            $run = Invoke-BaselineRun $Steady (New-LatencyTable -Empty) (New-Baseline @{})
            $run.Result.Deviated | Should -BeTrue
            $after = $run.Journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeFalse
            $after.tolerance_result.verdict | Should -Be 'Inconclusive'
            $after.tolerance_result.comparison.verdict | Should -Be 'Inconclusive'
            $after.tolerance_result.explanation | Should -BeLike 'after vs before: latency_p99: no candidate values (0 vs 40 samples): inconclusive'
        }

        It 'is Inconclusive with fewer than minimum_samples values on a side' {
            $run = Invoke-BaselineRun $Steady (New-LatencyTable 50 250 4 -Count 3) (New-Baseline @{ criteria = '<= before * 2'; minimum_samples = 4 })
            $run.Result.Deviated | Should -BeTrue
            $run.Journal.steady_states.after.probes[0].tolerance_result.explanation | Should -BeLike 'after: p99(latency_p99) has 3 samples: inconclusive, at least 4 required; before: * ms over 40 samples'
        }
    }

    Context 'the reports explain it' {
        It 'puts the explanation in the JUnit failure, the Azure Pipelines summary and the HTML report' {
            $junit = Join-Path $TestDrive 'baseline.junit.xml'
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ criteria = '<= before * 1.2' }) -Parameters @{ JUnitPath = $junit; AzurePipelines = $true; InformationAction = 'Ignore' }
            $explanation = $run.Journal.steady_states.after.probes[0].tolerance_result.explanation
            [xml] $xml = Get-Content -Raw $junit
            $failure = $xml.SelectSingleNode('//failure')
            "$($failure.message) $($failure.InnerText)" | Should -BeLike "*$explanation*"
            $summaryPath = [IO.Path]::ChangeExtension(($run.Result.JournalPath), '.md')
            # Markdown escapes _ and *, and HTML-encodes < and >.
            Get-Content -Raw $summaryPath | Should -BeLike '*| baseline: p99(latency\_p99) &lt;= before \`* 1.2 |*'
            Get-Content -Raw $summaryPath | Should -BeLike '*| after: p99(latency\_p99) = * ms &gt; * ms (&lt;= before \`* 1.2) over 40 samples (Exclusive); before: * ms over 40 samples |*'
            $html = Join-Path $TestDrive 'baseline.html'
            Export-ChaosReport -LiteralPath $run.Result.JournalPath -OutputPath $html
            $page = Get-Content -Raw $html
            $page | Should -BeLike '*baseline: p99(latency_p99) &lt;= before `* 1.2*'
            $page | Should -BeLike '*after: p99(latency_p99) = * ms &gt; * ms (&lt;= before `* 1.2)*'
            # The chart: before and after rows, and the target computed from the baseline as the threshold line.
            [xml] $svg = [regex]::Match($page, '<svg[^>]*class="series-chart".*?</svg>', 'Singleline').Value
            $svg.svg.path.class | Should -Be @('phase-before', 'phase-after')
            $threshold = $run.Journal.steady_states.after.probes[0].tolerance_result.threshold
            $svg.svg.title | Should -BeLike "*threshold $([Math]::Round($threshold, 3)) ms"
            @($svg.svg.line | Where-Object class -EQ 'threshold').Count | Should -Be 1
        }

        It 'draws the band of the values before the method beside the values after it, for the Mann-Whitney test' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{})
            $html = Join-Path $TestDrive 'band.html'
            Export-ChaosReport -LiteralPath $run.Result.JournalPath -OutputPath $html
            [xml] $svg = [regex]::Match((Get-Content -Raw $html), '<svg[^>]*class="series-chart".*?</svg>', 'Singleline').Value
            $band = $svg.svg.rect | Where-Object class -EQ 'baseline-band'
            $band | Should -HaveCount 1
            $baseline = $run.Journal.steady_states.after.probes[0].tolerance_result.baseline
            $band.title | Should -Be "before, middle 80%: $([Math]::Round($baseline.band_low, 3)) to $([Math]::Round($baseline.band_high, 3)) ms"
            $svg.svg.path.class | Should -Be @('phase-before', 'phase-after')
        }

        It 'keeps a sketch of both sides in the journal and draws them side by side, for the Mann-Whitney test' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{})
            $result = $run.Journal.steady_states.after.probes[0].tolerance_result
            # 40 values a side: the sketch is every value, ascending, in the tolerance's unit.
            $result.comparison.baseline_distribution.Count | Should -Be 40
            $result.comparison.candidate_distribution.Count | Should -Be 40
            $result.comparison.candidate_distribution | Should -Be ($result.comparison.candidate_distribution | Sort-Object)
            $result.comparison.candidate_distribution[0] | Should -BeGreaterOrEqual 400
            $result.comparison.baseline_distribution[-1] | Should -BeLessThan 250
            $html = Join-Path $TestDrive 'distributions.html'
            Export-ChaosReport -LiteralPath $run.Result.JournalPath -OutputPath $html
            $page = Get-Content -Raw $html
            $page | Should -Match '<h2>Before and after compared</h2>'
            $settings = [Xml.XmlReaderSettings]@{ DtdProcessing = [Xml.DtdProcessing]::Prohibit }
            $charts = [regex]::Matches($page, '<svg[^>]*class="distribution-chart".*?</svg>', 'Singleline')
            $charts.Count | Should -Be 1
            $svg = [Xml.XmlDocument]::new()
            $svg.Load([Xml.XmlReader]::Create([IO.StringReader]::new($charts[0].Value), $settings))
            $svg.SelectNodes('//*[local-name()="script"] | //@*[starts-with(local-name(), "on") or local-name()="href"]').Count | Should -Be 0
            $svg.svg.title | Should -BeLike 'p99-latency: latency_p99: before (40 values, median * ms) against after (40 values, median * ms): High'
            $sides = @($svg.svg.g | Where-Object class -Like 'side *')
            $sides.class | Should -Be 'side side-before', 'side side-after'
            $sides.stroke | Should -Be '#0072B2', '#009E73'
            foreach ($side in $sides) { ([regex]::Matches(($side.path | Where-Object class -EQ 'values').d, 'h0')).Count | Should -Be 40 }
            @($svg.svg.rect | Where-Object class -EQ 'shift-ci') | Should -HaveCount 1
            @($svg.svg.text | Where-Object class -EQ 'median-label').'#text' | Should -Be "median $([Math]::Round($result.comparison.baseline_median, 3)) ms", "median $([Math]::Round($result.comparison.candidate_median, 3)) ms"
        }

        It 'draws no distributions for relative criteria, which compare one percentile' {
            $run = Invoke-BaselineRun $Steady $Slow (New-Baseline @{ criteria = '<= before * 1.2' })
            $run.Journal.steady_states.after.probes[0].tolerance_result.comparison | Should -BeNullOrEmpty
            Export-ChaosReport -LiteralPath $run.Result.JournalPath | Should -Not -Match 'distribution-chart'
        }
    }

    Context 'validation: a baseline must be able to exist' {
        BeforeAll {
            function script:Test-Invalid([System.Collections.IDictionary] $Tolerance, [System.Collections.IDictionary] $Extra = [ordered]@{}, [hashtable] $Parameters = @{}) {
                $probe = New-Probe -Name 'p99-latency' -Provider ([ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; arguments = [ordered]@{ script = 'px.display(df)' } }) -Tolerance $Tolerance
                $path = Join-Path $TestDrive "invalid-$([guid]::NewGuid().ToString('n')).json"
                New-Experiment -Probes $probe -Extra $Extra | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path
                $thrown = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'never.json') @Parameters } | Should -Throw -PassThru
                $thrown.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
                $thrown.Exception.Message
            }
        }

        It 'refuses the after-method-only strategy of the experiment''s runtime' {
            Test-Invalid (New-Baseline @{}) -Extra ([ordered]@{ runtime = @{ hypothesis = @{ strategy = 'after-method-only' } } }) |
                Should -Be "The experiment is invalid: the baseline tolerance of 'p99-latency' compares with the probe's output before the method, but the hypothesis strategy 'after-method-only' does not run the steady state before the method, so there would be no baseline: use the default or continuously strategy (at $.steady-state-hypothesis.probes[0].tolerance)"
        }

        It 'refuses -HypothesisStrategy DuringMethodOnly, which wins over the experiment''s' {
            Test-Invalid (New-Baseline @{}) -Parameters @{ HypothesisStrategy = 'DuringMethodOnly' } |
                Should -BeLike "*the hypothesis strategy -HypothesisStrategy DuringMethodOnly does not run the steady state before the method*"
        }

        It 'refuses a baseline tolerance on a method probe, which has no before run' {
            $path = Join-Path $TestDrive 'method-probe.json'
            $probe = New-Probe -Name 'in-method' -Provider (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider -Tolerance (New-Baseline @{})
            New-Experiment -Method $probe | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path
            $problems = Test-ChaosExperiment -LiteralPath $path -Detailed
            $problems.Message | Should -Contain "the baseline tolerance of 'in-method' compares a steady-state probe with its output before the method; a method or rollback probe's tolerance is never judged: move the probe into the steady-state hypothesis"
        }

        It 'refuses a baseline tolerance in a steady-state check, which runs no method to compare with' {
            $path = Join-Path $TestDrive 'check.json'
            $probe = New-Probe -Name 'p99-latency' -Provider ([ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; arguments = [ordered]@{ script = 'px.display(df)' } }) -Tolerance (New-Baseline @{})
            New-Experiment -Probes $probe | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path
            $history = Join-Path $TestDrive 'check-history.db'
            $thrown = { Invoke-SteadyStateCheck -LiteralPath $path -HistoryPath $history -JournalPath (Join-Path $TestDrive 'never.json') } | Should -Throw -PassThru
            $thrown.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
            $thrown.Exception.Message | Should -Be "The experiment is invalid: the baseline tolerance of 'p99-latency' compares with the probe's output before a method, but a steady-state check runs no method, so it would never be judged: run the experiment with Invoke-ChaosExperiment, or give the probe a tolerance the check can judge on its own (at `$.steady-state-hypothesis.probes[0].tolerance)"
            Join-Path $TestDrive 'never.json' | Should -Not -Exist
        }

        It 'names the key at fault: <case>' -ForEach @(
            @{ case = 'a criterion that does not parse'; settings = @{ criteria = 'below before' }; at = 'criteria'; message = "'below before' is not a criterion: write an operator (<=, <, =, >=, >) and a target, such as '<= before * 1.2', '<= before + 0.005', '<=+20%', '<=+0.005' or '<600'." }
            @{ case = 'criteria mixed with the test'; settings = @{ criteria = '<= before'; direction = 'increase' }; at = 'direction'; message = 'a baseline tolerance judges by `criteria` or by the Mann-Whitney test, not both: `direction` is a setting of the test; remove it, or remove `criteria`' }
            @{ case = 'an unknown direction'; settings = @{ direction = 'up' }; at = 'direction'; message = "'up' is not a direction: use increase (higher is worse: latency, errors), decrease (lower is worse: throughput) or either" }
            @{ case = 'a confidence level of 1'; settings = @{ confidence_level = 1 }; at = 'confidence_level'; message = 'The confidence level must be greater than 0 and less than 1, but it is 1. Use 0.98 (Kayenta''s) or 0.95.' }
            @{ case = 'a misspelt key'; settings = @{ treshold = 3 }; at = 'treshold'; message = "a baseline tolerance has no key 'treshold': it takes name, column, convert_from_nanoseconds, criteria, percentile, direction, allowed_increase, allowed_decrease, confidence_level, minimum_samples, group_by, require, allow_failures" }
            @{ case = 'an unknown unit'; settings = @{ convert_from_nanoseconds = 'ms' }; at = 'convert_from_nanoseconds'; message = "'ms' is not a unit: use seconds, milliseconds or microseconds" }
        ) {
            Test-Invalid (New-Baseline $settings) | Should -Be "The experiment is invalid: $message (at `$.steady-state-hypothesis.probes[0].tolerance.$at)"
        }
    }
}
