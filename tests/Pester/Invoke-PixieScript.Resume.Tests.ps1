# Resuming a cut stream against the emulator, whose cut-once fault resets the stream once, keeps the query queued and
# serves the rest to a request by query_id, with or without losing a message: the rows of a resume, the request it
# sends, and the verdicts that a result which may have lost rows never gets unless the user accepts that risk.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:clusterId = '5e5e5e5e-1234-4abc-8def-0123456789ab'
    $script:emulator = Start-VizierEmulator -Record -Scenario @{
        apiKey    = 'px-api-resume'
        clusters  = @(@{ id = $clusterId; name = 'resumable'; status = 'CS_HEALTHY' })
        batchSize = 500
        tables    = @(@{
                name     = 'output'
                columns  = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                    @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS'; generate = @{ min = 1000000; max = 2000000 } }
                )
                generate = @{ count = 3000; seed = 5 }
            })
    }
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $clusterId }
    # Two batches, then the cut; a pause long enough for the client to read them before the reset drops what is unread.
    $script:cut = '#emulator: fault=cut-once after=2 pause=1500'

    function script:Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null } catch { return $_ }
        throw 'Expected a terminating error, got none.'
    }

    function script:ConvertTo-RowText([object[]] $Rows) {
        foreach ($row in $Rows) { '{0}|{1}' -f $row.time_.UtcTicks, $row.latency }
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Invoke-PixieScript resuming a cut stream' {
    BeforeAll {
        $script:whole = @(Invoke-PixieScript 'px.display(df)' @connection)
        $script:resumed = @(Invoke-PixieScript "$cut`npx.display(df)" @connection -Verbose -WarningVariable warnings -WarningAction SilentlyContinue 4>&1)
        $script:verbose = @($resumed | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $script:rows = @($resumed | Where-Object { $_.PSObject.TypeNames -contains 'ChaosPixie.PixieRow' })
        $script:resumeWarnings = $warnings
    }

    It 'gives the rows of an uncut result, none twice, when nothing was lost' {
        $rows.Count | Should -Be 3000
        ConvertTo-RowText $rows | Should -Be (ConvertTo-RowText $whole)
    }

    It 'says in the verbose stream that it resumed, and in a warning that the rows may be incomplete' {
        ($verbose -join "`n") | Should -BeLike '*The stream of query * was cut (*); resuming it (resume 1).*'
        "$resumeWarnings" | Should -BeLike 'Query * was resumed 1 time(s) after its stream was cut.*may be incomplete*-AcceptResumeLoss*'
    }

    It 'marks the result as resumed on every row''s table' {
        $rows[0].GetTable().Resumes | Should -Be 1
        $rows[-1].GetTable().Resumes | Should -Be 1
        $whole[0].GetTable().Resumes | Should -Be 0
    }

    It 'asks for the query by its id, with the cluster and the very same encryption options, and nothing else' {
        $requests = @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript | Where-Object { $_.body.queryStr -like "$cut*" -or $_.body.queryId })
        $original, $resume = $requests[-2], $requests[-1]
        $original.body.queryStr | Should -BeLike "$cut*"
        $resume.body.PSObject.Properties.Name | Sort-Object | Should -Be @('clusterId', 'encryptionOptions', 'queryId')
        $resume.body.clusterId | Should -Be $clusterId
        $resume.body.queryId | Should -Match '^[0-9a-f-]{36}$'
        $resume.body.encryptionOptions.jwkKey | Should -Be $original.body.encryptionOptions.jwkKey
        $resume.metadata.'pixie-api-key' | Should -Be $emulator.ApiKey
    }
}

Describe 'Invoke-PixieScript after a resume that lost messages' {
    It 'reports a table whose end was lost across the resume as incomplete, never a short result' {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript "$cut lose=eos`npx.display(df)" @connection -WarningAction SilentlyContinue | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.Exception.Message | Should -BeLike 'The results are incomplete after resume: query * was resumed after a cut, and Pixie lost the end of table ''output''*'
        $measured | Should -BeNullOrEmpty
    }

    It 'reports a cut whose query the server no longer holds as a reset, with the server''s answer' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=cut' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieConnectionReset,*'
        $err.Exception.Message | Should -BeLike '*ended the call before the result was complete*Resuming query * failed:*not registered in query forwarder*'
    }

    Context 'a middle batch lost: every table ended, some rows missing unseen' {
        BeforeAll {
            $script:lossy = @(Invoke-PixieScript "$cut lose=next`npx.display(df)" @connection -WarningAction SilentlyContinue)
        }

        It 'yields what arrived, marked as resumed' {
            $lossy.Count | Should -Be 2500
            $lossy[0].GetTable().Resumes | Should -Be 1
        }

        It 'gives no tolerance verdict on it: Inconclusive, not a pass' {
            $result = $lossy | Test-PercentileBelow latency 10 -Unit Milliseconds -Detailed
            $result.Verdict | Should -Be 'Inconclusive'
            $result.Resumes | Should -Be 1
            $result.Explanation | Should -BeLike 'p99(latency) = * ms over 2500 samples (Inclusive): inconclusive, the rows come from a result resumed 1 time after its stream was cut*-AcceptResumeLoss*'
            $lossy | Test-PercentileBelow latency 10 -Unit Milliseconds -WarningAction SilentlyContinue | Should -BeFalse
        }

        It 'judges it with -AcceptResumeLoss, saying so' {
            $result = $lossy | Test-PercentileBelow latency 10 -Unit Milliseconds -AcceptResumeLoss -Detailed
            $result.Verdict | Should -Be 'Passed'
            $result.Explanation | Should -BeLike '*, on a result resumed 1 time (-AcceptResumeLoss)'
        }

        It 'gives no comparison verdict on it either, unless -AcceptResumeLoss' {
            $whole = @(Invoke-PixieScript 'px.display(df)' @connection)
            $comparison = $lossy | Compare-SteadyState -Baseline $whole -Column latency -Unit Milliseconds
            $comparison.Verdict | Should -Be 'Inconclusive'
            $comparison.Explanation | Should -BeLike '*inconclusive, the rows come from a result resumed 1 time*'
            ($lossy | Compare-SteadyState -Baseline $whole -Column latency -Unit Milliseconds -AcceptResumeLoss).Verdict | Should -Be 'Pass'
        }
    }
}

Describe 'chaospixie probes and resumed results' {
    BeforeAll {
        # An experiment whose one steady-state probe runs this script; returns the run and the probe's run record.
        function script:Invoke-ProbeRun([string] $Script) {
            $experiment = [ordered]@{
                title                     = 'rerun'
                description               = 'a chaospixie probe whose first stream is cut'
                configuration             = [ordered]@{ pixie_cluster_id = $clusterId; px_server_url = $emulator.Url }
                secrets                   = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
                'steady-state-hypothesis' = [ordered]@{
                    title  = 'rows arrive'
                    probes = @([ordered]@{
                            type = 'probe'; name = 'rows'; tolerance = @{ type = 'jsonpath'; path = '$[*].latency'; count = 3000 }
                            provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = $Script } }
                        })
                }
                method                    = @()
            }
            $path = Join-Path $TestDrive "rerun-$(New-Guid).json"
            $journalPath = "$path.journal.json"
            $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
            $result = Invoke-ChaosExperiment -Path $path -JournalPath $journalPath -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            $journal = Get-Content -Raw $journalPath | ConvertFrom-Json
            [pscustomobject]@{ Result = $result; Probe = $journal.steady_states.before.probes[0]; After = $journal.steady_states.after.probes[0]; JournalPath = $journalPath }
        }
    }

    It 'runs the script once more as a fresh query when its stream was cut (<lose>), judges the whole second result and records the re-run' -TestCases @(
        @{ lose = 'next' }
        @{ lose = 'eos' }
    ) {
        $script = "$cut lose=$lose first=1`n# $(New-Guid)`npx.display(df)"
        $run = Invoke-ProbeRun $script
        $run.Result.Status | Should -Be 'completed'
        $run.Probe.status | Should -Be 'succeeded'
        $run.Probe.tolerance_met | Should -BeTrue
        $requests = @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript | Where-Object { $_.body.queryStr -eq $script })
        # The hypothesis before the method: the query that was cut, then the run again; after it: one whole query.
        $requests.Count | Should -Be 3
        # The same key pair for the probe's query, its resume and the run again; the probe after has its own.
        $requests[1].body.encryptionOptions.jwkKey | Should -Be $requests[0].body.encryptionOptions.jwkKey
        $requests[2].body.encryptionOptions.jwkKey | Should -Not -Be $requests[0].body.encryptionOptions.jwkKey
        $run.After.status | Should -Be 'succeeded'
        $run.After.PSObject.Properties.Name | Should -Not -Contain 'rerun'
        $run.Probe.rerun.first_resumes | Should -Be 1
        $run.Probe.rerun.first_query_id | Should -Match '^[0-9a-f-]{36}$'
        $run.Probe.rerun.query_id | Should -Match '^[0-9a-f-]{36}$'
        $run.Probe.rerun.query_id | Should -Not -Be $run.Probe.rerun.first_query_id
        $run.Probe.rerun.reason | Should -BeLike "the stream of query $($run.Probe.rerun.first_query_id) was cut and resumed 1 time(s)*ran again as a fresh query"
        # The journal keeps upstream's record shape: the rerun key comes after start, and no file of the dropped rows is left.
        @($run.Probe.PSObject.Properties.Name)[0..5] | Should -Be @('activity', 'output', 'start', 'rerun', 'output_rows', 'status')
        $run.Probe.output_rows.count | Should -Be 3000
        # The rows files of the probe before and after the method; none of the dropped result.
        @(Get-ChildItem (Split-Path $run.JournalPath) -Filter "$(Split-Path -Leaf ($run.JournalPath -replace '\.json$')).rows-*.jsonl").Count | Should -Be 2
    }

    It 'writes no rerun key for a probe whose stream was not cut' {
        $run = Invoke-ProbeRun "# $(New-Guid)`npx.display(df)"
        $run.Probe.status | Should -Be 'succeeded'
        $run.Probe.PSObject.Properties.Name | Should -Not -Contain 'rerun'
    }

    It 'runs a resumed script once more and, resumed again, fails the probe rather than judge it' {
        $experiment = [ordered]@{
            title                     = 'resume'
            description               = 'a chaospixie probe whose stream is cut every time'
            configuration             = [ordered]@{ pixie_cluster_id = $clusterId; px_server_url = $emulator.Url }
            secrets                   = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
            'steady-state-hypothesis' = [ordered]@{
                title  = 'rows arrive'
                probes = @([ordered]@{
                        type = 'probe'; name = 'rows'; tolerance = $true
                        provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = "$cut lose=next`npx.display(df)" } }
                    })
            }
            method                    = @()
        }
        $path = Join-Path $TestDrive 'resume.json'
        $journalPath = Join-Path $TestDrive 'resume.journal.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $before = @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript | Where-Object { $_.body.queryStr -like "$cut lose=next*" }).Count
        $result = Invoke-ChaosExperiment -Path $path -JournalPath $journalPath -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $result.Status | Should -Be 'failed'
        @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript | Where-Object { $_.body.queryStr -like "$cut lose=next*" }).Count | Should -Be ($before + 2)
        $probe = (Get-Content -Raw $journalPath | ConvertFrom-Json).steady_states.before.probes[0]
        $probe.status | Should -Be 'failed'
        "$($probe.exception)" | Should -BeLike '*cut and resumed twice*'
        $probe.rerun.first_resumes | Should -Be 1
    }
}
