# Invoke-ChaosExperiment: chaostoolkit-pixie experiments: the python chaospixie provider, run natively against the
# Vizier emulator. Each test runs a real experiment and reads the journal the run wrote; the shared fixtures are in
# TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

Describe 'chaostoolkit-pixie experiments (the python chaospixie provider, run natively)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:Example = Join-Path $PSScriptRoot '../../examples/consumer-latency'
        $script:Scenarios = Join-Path $PSScriptRoot '../../examples/scenarios'
        $script:pixieTable = @{
            name    = 'output'
            columns = @(
                @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                @{ name = 'pod'; type = 'STRING'; semanticType = 'ST_POD_NAME' }
                @{ name = 'latency'; type = 'FLOAT64'; semanticType = 'ST_DURATION_NS' }
                @{ name = 'upid'; type = 'UINT128'; semanticType = 'ST_UPID' }
            )
            rows    = @(
                , @(1690000000123456000, '/consumer-1', 0.5e9, '00112233-4455-6677-8899-aabbccddeeff')
                , @(1690000010000000000, '/consumer-2', 0.8e9, '00112233-4455-6677-8899-aabbccddeeff')
                , @(1690000020000000000, '/producer-1', 0.9e9, '00112233-4455-6677-8899-aabbccddeeff')
            )
        }
        $script:emulator = Start-VizierEmulator -Scenario @{
            apiKey   = 'px-api-experiments'
            clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'chaos'; status = 'CS_HEALTHY' })
            tables   = @($pixieTable, @{ name = 'other'; columns = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @(1) })
        }

        # Settings as the README experiment gives them: the key from a secret scope, the cluster from configuration.
        $script:settings = [ordered]@{
            secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
            configuration = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url }
        }

        function script:New-PixieProbe([string] $Script = 'px.display(df)', [System.Collections.IDictionary] $Tolerance, [hashtable] $Arguments = @{}) {
            $given = [ordered]@{ script = $Script }
            foreach ($key in $Arguments.Keys) { $given[$key] = $Arguments[$key] }
            New-Probe -Name 'latency' -Provider ([ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = $given }) -Tolerance $Tolerance
        }

        function script:New-PixieTolerance([string] $Function, [hashtable] $Arguments) {
            [ordered]@{ type = 'probe'; name = 'judge'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = $Function; arguments = $Arguments } }
        }

        function script:Use-PixieEnvironment([string] $Scenario, [scriptblock] $Action) {
            $emulatorForScenario = Start-VizierEmulator -Scenario (Join-Path $Scenarios "$Scenario.json")
            $env:PIXIE_API_KEY = $emulatorForScenario.ApiKey; $env:PIXIE_CLUSTER_ID = $emulatorForScenario.ClusterId; $env:PIXIE_SERVER_URL = $emulatorForScenario.Url
            $env:CONSUMER_URL = $ClosedUrl
            Push-Location $Example
            try { & $Action }
            finally {
                Pop-Location
                Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID, Env:PIXIE_SERVER_URL, Env:CONSUMER_URL -ErrorAction Ignore
                Stop-VizierEmulator $emulatorForScenario
            }
        }
    }

    AfterAll {
        Stop-VizierEmulator $emulator
    }

    It 'runs the README experiment unchanged and keeps its steady state on a service that stays fast' {
        Use-PixieEnvironment consumer-latency-steady {
            $journalPath = Join-Path $TestDrive 'steady.journal.json'
            $result = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $result.Status | Should -Be 'completed'
            $result.Deviated | Should -BeFalse
            $journal = Get-Content -Raw $journalPath | ConvertFrom-Json
            foreach ($phase in 'before', 'after') {
                $probe = $journal.steady_states.$phase.probes[0]
                $probe.tolerance_met | Should -BeTrue
                $probe.tolerance_result.method | Should -Be 'Exclusive'
                $probe.tolerance_result.unit | Should -Be 'ms'
                # Python 3.11: statistics.quantiles(latency_p99 / 1e6 of the scenario's 60 rows, n=100)[98]
                [Math]::Round($probe.tolerance_result.value, 3) | Should -Be 250.544
            }
            $journal.run[0].activity.provider.path | Should -Be 'curl'
        }
    }

    It 'deviates on a service that slows down under the load, with the measured value in the journal' {
        Use-PixieEnvironment consumer-latency-degrading {
            $journalPath = Join-Path $TestDrive 'degrading.journal.json'
            $result = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $result.Status | Should -Be 'completed'
            $result.Deviated | Should -BeTrue
            $journal = Get-Content -Raw $journalPath | ConvertFrom-Json
            $journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
            $after = $journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeFalse
            $after.tolerance_result.passed | Should -BeFalse
            $after.tolerance_result.explanation | Should -Be 'p99(latency_p99) = 889.303 ms > 300 ms over 60 samples (Exclusive)'
        }
    }

    It 'names the probe, its measured value and the threshold in the deviation warning' {
        Use-PixieEnvironment consumer-latency-degrading {
            $null = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath (Join-Path $TestDrive 'warned.journal.json') -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            $warned.Message | Should -Contain "=> failed: the value of 'p99-latency-of-consumer-service-for-past-2m-remained-under-300ms' is not within the tolerance: p99(latency_p99) = 889.303 ms > 300 ms over 60 samples (Exclusive)"
        }
    }

    It 'returns the rows of one table as chaostoolkit-pixie does: times in ns, UUIDs as text, strings decoded, _dt added' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance percentile_should_be_below @{ column = 'latency'; treshold = 1e10 })))
        $rows = $run.Journal.steady_states.before.probes[0].output
        $rows.Count | Should -Be 3
        $rows[0].time_ | Should -Be 1690000000123456000
        $rows[0].pod | Should -BeExactly '/consumer-1'
        $rows[0].upid | Should -Be '00112233-4455-6677-8899-aabbccddeeff'
        $rows[0]._dt | Should -Be '2023-07-22T04:26:40.123456+00:00'
        $rows[1]._dt | Should -Be '2023-07-22T04:26:50+00:00'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'n'
    }

    It 'judges percentiles as chaostoolkit-pixie does (Exclusive): p99 of [0.5, 0.8, 0.9] s is 0.996 s, so 0.99 fails' {
        $tolerance = New-PixieTolerance percentile_should_be_below @{ column = 'latency'; treshold = 0.99; convert_from_nanoseconds = 'seconds' }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.tolerance_met | Should -BeFalse
        [Math]::Round($probe.tolerance_result.value, 12) | Should -Be 0.996
    }

    It 'keeps the rows whose target matches, and rows without the target key, as upstream''s group_values' {
        $tolerance = New-PixieTolerance median_should_be_below @{ column = 'latency'; treshold = 650; convert_from_nanoseconds = 'milliseconds'; target = @('pod', '/consumer.*') }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $result = $run.Journal.steady_states.before.probes[0].tolerance_result
        $result.sample_count | Should -Be 2
        $result.value | Should -Be 650
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'takes table_name, and fails the probe when the script does not produce that table' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Arguments @{ table_name = 'nope' } -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Result.Status | Should -Be 'failed'
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.status | Should -Be 'failed'
        $probe.exception[-1] | Should -BeLike "chaoslib.exceptions.ActivityFailed: PixieError(NotFound): The script produced no table named 'nope'*"
    }

    It 'lets PIXIE_API_KEY override the secret, as chaostoolkit-pixie''s get_auth does' {
        $env:PIXIE_API_KEY = 'px-api-from-the-environment'
        try {
            $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        }
        finally { Remove-Item Env:PIXIE_API_KEY }
        $run.Journal.steady_states.before.probes[0].exception[-1] | Should -BeLike '*PixieError(Authentication)*refused the API key*'
    }

    It 'masks the key of PIXIE_API_KEY too, wherever an activity lets it out' {
        $env:PIXIE_API_KEY = 'px-api-env-only-5d1c'
        try {
            $leak = [ordered]@{ type = 'action'; name = 'print-environment'; provider = [ordered]@{ type = 'powershell'; script = '"key: $env:PIXIE_API_KEY"' } }
            $run = Invoke-Experiment (New-Experiment -Method $leak)
        }
        finally { Remove-Item Env:PIXIE_API_KEY }
        $run.Journal.run[0].output | Should -Be 'key: ***'
        $run.Text | Should -Not -BeLike '*px-api-env-only-5d1c*'
    }

    It 'fails the probe with a clear message when no API key is given' {
        $noKey = [ordered]@{ configuration = $settings.configuration }
        $run = Invoke-Experiment (New-Experiment -Extra $noKey -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Journal.steady_states.before.probes[0].exception[-1] | Should -BeLike "*InvalidExperiment: no Pixie API key*PIXIE_API_KEY*"
    }

    It 'never writes the secret API key into the journal' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Text | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }

    It 'judges a powershell tolerance that returns Test-PercentileBelow -Detailed by its verdict, and records it' {
        $tolerance = [ordered]@{ type = 'probe'; name = 'judge'; provider = [ordered]@{ type = 'powershell'; script = 'param($value) $value | Test-PercentileBelow -Column latency -Threshold 0.7 -Unit Seconds -Detailed'; arguments = [ordered]@{} } }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.tolerance_met | Should -BeFalse
        $probe.tolerance_result.verdict | Should -Be 'Failed'
        $probe.tolerance_result.explanation | Should -BeLike 'p99(latency) = 0.898 s > 0.7 s over 3 samples (Inclusive)'
    }
}
