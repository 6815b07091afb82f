# Invoke-ChaosExperiment -EvidencePath and -ReplayEvidence: each chaospixie probe run recorded as an evidence file,
# then the experiment judged again from those files with no cluster. The live runs talk to the Vizier emulator; the
# replays run after it has stopped, so nothing listens at the experiment's server URL any more.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'evidence in experiments' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        function script:New-LatencyTable([double] $Min, [double] $Max, [int] $Seed) {
            @{
                name     = 'output'
                columns  = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS'; generate = @{ start = 1690000000000000000; step = 10000000000 } }
                    @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS'; generate = @{ min = $Min * 1e6; max = $Max * 1e6 } }
                    @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME'; generate = @{ values = @('carts', 'orders') } }
                )
                generate = @{ count = 40; seed = $Seed }
            }
        }

        # The experiment: one chaospixie probe judged against its own before (relative), one by a threshold, and an
        # action that leaves a marker; the emulator degrades after the first query.
        $scenario = New-TestScenario -Table (New-LatencyTable 50 250 1)
        $scenario.Remove('tables')
        $scenario.phases = @(@{ tables = @(New-LatencyTable 50 250 1) }, @{ tables = @(New-LatencyTable 400 900 2) })
        $emulator = Start-VizierEmulator -Scenario $scenario
        $script:Marker = Join-Path $TestDrive 'action-ran'
        $provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = 'px.display(df)' } }
        $threshold = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'; arguments = [ordered]@{ column = 'latency_p99'; treshold = 1000; convert_from_nanoseconds = 'milliseconds' } } }
        $experiment = New-Experiment -Probes @(
            (New-Probe -Name 'p99 vs before' -Provider $provider -Tolerance ([ordered]@{ type = 'baseline'; column = 'latency_p99'; convert_from_nanoseconds = 'milliseconds'; criteria = '<= before * 1.2' }))
            (New-Probe -Name 'p99 below 1 s' -Provider $provider -Tolerance $threshold)
        ) -Method (New-Activity 'mark' 'chaos-touch' @($Marker)) -Extra ([ordered]@{
                secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
                configuration = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url; pixie_no_encryption = $true }
            })
        $script:ExperimentPath = Join-Path $TestDrive 'evidence.json'
        $experiment | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $ExperimentPath
        $script:Evidence = Join-Path $TestDrive 'evidence'
        try {
            $script:Live = Invoke-ChaosExperiment -LiteralPath $ExperimentPath -JournalPath (Join-Path $TestDrive 'live.json') -EvidencePath $Evidence -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        }
        finally { Stop-VizierEmulator $emulator }
        $script:LiveJournal = Get-Content -Raw (Join-Path $TestDrive 'live.json') | ConvertFrom-Json

        function script:Invoke-Replay([string] $From, [string] $Name) {
            Remove-Item -LiteralPath $Marker -ErrorAction Ignore
            $journal = Join-Path $TestDrive "$Name.json"
            $result = Invoke-ChaosExperiment -LiteralPath $ExperimentPath -JournalPath $journal -ReplayEvidence $From -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            [pscustomobject]@{ Result = $result; Journal = Get-Content -Raw $journal | ConvertFrom-Json }
        }
    }

    It 'records one evidence file per probe run, named by the probe and its run, and lists them in index.jsonl' {
        # After the method the first probe misses its tolerance, so the hypothesis stops there, as chaos run's does.
        $Live.Deviated | Should -BeTrue
        (Get-ChildItem $Evidence -Filter *.pxevidence.jsonl).Name | Sort-Object | Should -Be @(
            'p99_below_1_s.1.pxevidence.jsonl', 'p99_vs_before.1.pxevidence.jsonl', 'p99_vs_before.2.pxevidence.jsonl')
        $index = Get-Content (Join-Path $Evidence 'index.jsonl') | ConvertFrom-Json
        $index.file | Should -Be @('p99_vs_before.1.pxevidence.jsonl', 'p99_below_1_s.1.pxevidence.jsonl', 'p99_vs_before.2.pxevidence.jsonl')
        $index.rows | Should -Be @(40, 40, 40)
        $index[0].probe | Should -Be 'p99 vs before'
        $index[0].run | Should -Be 1
        # The files are ordinary evidence: Import-PixieResult reads them.
        @(Import-PixieResult (Join-Path $Evidence 'p99_vs_before.2.pxevidence.jsonl')).Count | Should -Be 40
    }

    It 'judges every tolerance again from the files, with no cluster, giving the live run''s results, and runs no action' {
        $replay = Invoke-Replay $Evidence 'replay'
        $replay.Result.Status | Should -Be $Live.Status
        $replay.Result.Deviated | Should -Be $Live.Deviated
        $Marker | Should -Not -Exist
        foreach ($phase in 'before', 'after') {
            $replay.Journal.steady_states.$phase.probes.Count | Should -Be $LiveJournal.steady_states.$phase.probes.Count
            for ($i = 0; $i -lt $LiveJournal.steady_states.$phase.probes.Count; $i++) {
                $live = $LiveJournal.steady_states.$phase.probes[$i]
                $again = $replay.Journal.steady_states.$phase.probes[$i]
                $again.tolerance_met | Should -Be $live.tolerance_met
                $again.tolerance_result | ConvertTo-Json -Depth 10 | Should -Be ($live.tolerance_result | ConvertTo-Json -Depth 10)
                $again.output | ConvertTo-Json -Depth 10 -Compress | Should -Be ($live.output | ConvertTo-Json -Depth 10 -Compress)
            }
        }
        $replay.Journal.run[0].status | Should -Be 'succeeded'
    }

    It 'fails the probe with a clear error, never a short result, when a file is missing' {
        $partial = Join-Path $TestDrive 'partial'
        $null = New-Item -ItemType Directory $partial
        Copy-Item (Join-Path $Evidence 'p99_vs_before.1.pxevidence.jsonl'), (Join-Path $Evidence 'p99_below_1_s.1.pxevidence.jsonl') $partial
        $replay = Invoke-Replay $partial 'missing'
        $replay.Result.Status | Should -Be 'failed'
        $probe = $replay.Journal.steady_states.after.probes[0]
        $probe.status | Should -Be 'failed'
        $probe.exception[-1].TrimEnd() | Should -Be "chaoslib.exceptions.ActivityFailed: EvidenceError: no evidence of run 2 of probe 'p99 vs before': the file '$(Join-Path $partial 'p99_vs_before.2.pxevidence.jsonl')' does not exist. Record the experiment with -EvidencePath first (a continuous hypothesis may run a probe a different number of times)"
        $probe.PSObject.Properties.Name | Should -Not -Contain 'tolerance_result'
    }

    It 'fails the probe naming the file and its line when a file was altered' {
        $altered = Join-Path $TestDrive 'altered'
        Copy-Item $Evidence $altered -Recurse
        $file = Join-Path $altered 'p99_vs_before.2.pxevidence.jsonl'
        $lines = Get-Content $file
        $row = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -like '*"latency_p99"*' -and $l -notlike '*"_kind"*' })
        $lines[$row] = $lines[$row] -replace '"latency_p99":\d', '"latency_p99":9'
        Set-Content -LiteralPath $file -Value $lines
        $replay = Invoke-Replay $altered 'altered'
        $replay.Result.Status | Should -Be 'failed'
        $probe = $replay.Journal.steady_states.after.probes[0]
        $probe.exception[-1] | Should -BeLike "chaoslib.exceptions.ActivityFailed: EvidenceError: the evidence file '$file'*"
        $probe.PSObject.Properties.Name | Should -Not -Contain 'tolerance_result'
    }

    It 'refuses -EvidencePath with -ReplayEvidence, and a replay folder that does not exist' {
        { Invoke-ChaosExperiment -LiteralPath $ExperimentPath -JournalPath (Join-Path $TestDrive 'x.json') -EvidencePath $Evidence -ReplayEvidence $Evidence } |
            Should -Throw -ErrorId 'EvidenceModeConflict,ChaosPixie.PowerShell.Commands.InvokeChaosExperimentCommand'
        $missing = Join-Path $TestDrive 'nothing-here'
        $thrown = { Invoke-ChaosExperiment -LiteralPath $ExperimentPath -JournalPath (Join-Path $TestDrive 'y.json') -ReplayEvidence $missing } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'EvidenceFolderUnusable,*'
        $thrown.Exception.Message | Should -Be "Cannot replay evidence from '$missing': The evidence folder '$missing' does not exist."
    }
}

Describe 'evidence of the dynamic configuration''s probes' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        # A configuration key whose value is a chaospixie probe's rows, a second key made from it by a powershell
        # probe, and a steady-state probe that prints the second key: the journal shows what the configuration held.
        $table = @{
            name    = 'output'
            columns = @(@{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }, @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' })
            rows    = @(@('carts', 120000000), @('orders', 90000000))
        }
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario -Table $table)
        $rows = [ordered]@{ type = 'probe'; name = 'services'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = 'px.display(df)' } } }
        $first = [ordered]@{ type = 'probe'; name = 'first service'; provider = [ordered]@{ type = 'powershell'; script = 'param($rows) $rows[0].service'; arguments = [ordered]@{ rows = '${rows}' } } }
        $experiment = New-Experiment -Probes (New-Probe -Name 'say' -Provider (New-Activity -Path 'chaos-echo' -Arguments @('${first}')).provider -Tolerance 0) -Extra ([ordered]@{
                secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
                configuration = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url; pixie_no_encryption = $true; rows = $rows; first = $first }
            })
        $script:ConfigurationExperiment = Join-Path $TestDrive 'configuration.json'
        $experiment | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $ConfigurationExperiment
        $script:ConfigurationEvidence = Join-Path $TestDrive 'configuration-evidence'
        try {
            $null = Invoke-ChaosExperiment -LiteralPath $ConfigurationExperiment -JournalPath (Join-Path $TestDrive 'configuration-live.json') -EvidencePath $ConfigurationEvidence -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'records a chaospixie probe of the configuration under the key''s name, and replays it with no cluster' {
        $live = Get-Content -Raw (Join-Path $TestDrive 'configuration-live.json') | ConvertFrom-Json
        $live.steady_states.before.probes[0].output.stdout | Should -Be "carts`n"
        $index = Get-Content (Join-Path $ConfigurationEvidence 'index.jsonl') | ConvertFrom-Json
        $index.probe | Should -Be @('configuration.rows')
        $index.file | Should -Be @('configuration.rows.1.pxevidence.jsonl')
        $index.rows | Should -Be @(2)
        @(Import-PixieResult (Join-Path $ConfigurationEvidence 'configuration.rows.1.pxevidence.jsonl')).service | Should -Be @('carts', 'orders')

        # The emulator has stopped: only the evidence can give the configuration its rows.
        $null = Invoke-ChaosExperiment -LiteralPath $ConfigurationExperiment -JournalPath (Join-Path $TestDrive 'configuration-replay.json') -ReplayEvidence $ConfigurationEvidence -WarningVariable warnings -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $warnings | Should -BeNullOrEmpty
        $replay = Get-Content -Raw (Join-Path $TestDrive 'configuration-replay.json') | ConvertFrom-Json
        $replay.steady_states.before.probes[0].output.stdout | Should -Be "carts`n"
    }

    It 'fails the configuration key, with a warning naming the missing file, when its evidence is missing' {
        $empty = Join-Path $TestDrive 'configuration-empty'
        $null = New-Item -ItemType Directory $empty
        $null = Invoke-ChaosExperiment -LiteralPath $ConfigurationExperiment -JournalPath (Join-Path $TestDrive 'configuration-missing.json') -ReplayEvidence $empty -WarningVariable warnings -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        "$warnings" | Should -BeLike "*The dynamic configuration 'rows' failed to be loaded and is left out: EvidenceError: no evidence of run 1 of probe 'configuration.rows': the file '$(Join-Path $empty 'configuration.rows.1.pxevidence.jsonl')' does not exist.*"
    }
}
