# Invoke-SteadyStateCheck and Get-SteadyStateHistory against both history stores: a real SQLite file and a real
# PostgreSQL server (Start-TestPostgres: initdb into a temporary folder, a loopback port), with the Vizier emulator
# serving one phase per check run. The same tests run against both stores.
BeforeDiscovery {
    $stores = @(@{ Store = 'SQLite' }, @{ Store = 'PostgreSQL' })
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Postgres = Start-TestPostgres
    $script:Let = Join-Path $PSScriptRoot '../../examples/consumer-latency/let.pxl'
    $script:Commands = Join-Path $PSScriptRoot 'Fixtures/Experiments/run/commands'

    . (Join-Path $PSScriptRoot 'SteadyStateCheck.TestSetup.ps1')
}

AfterAll {
    if ($script:Postgres) { Stop-TestPostgres $script:Postgres }
    Remove-Item Env:PIXIE_SERVER_URL, Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID -ErrorAction Ignore
}

Describe 'Invoke-SteadyStateCheck with a <Store> history' -ForEach $stores {
    BeforeAll {
        $script:History = New-TestHistory $Store $Postgres
    }

    Context 'a steady service, then a slow creep under the threshold, then a breach' {
        BeforeAll {
            # 20 steady runs (about 200 ms, within half a per cent), 8 runs creeping up 3 % a run (to about 250 ms,
            # still under 300 ms), then 320 ms.
            $steady = 1..20 | ForEach-Object { 200 * (1 + 0.005 * [math]::Sin($_ * 1.7)) }
            $creep = 1..8 | ForEach-Object { 200 * (1 + 0.03 * $_) }
            $emulator = Start-PhasedEmulator (@($steady) + @($creep) + @(320))
            try {
                Use-Emulator $emulator
                $check = New-Check 'consumer steady state'
                $script:Results = @(1..29 | ForEach-Object { Invoke-SteadyStateCheck -Path $check @History -InformationAction SilentlyContinue -WarningAction SilentlyContinue })
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'is Inconclusive while the history is shorter than 10 runs, and says so' {
            $Results[0..9].Verdict | Should -Be (@('Inconclusive') * 10)
            $Results[0].Probes[0].Explanation | Should -BeLike '*drift not judged: 0 of the 10 runs of history it needs*'
        }

        It 'never raises Drifting during the steady runs' {
            $Results[10..19].Verdict | Should -Be (@('Steady') * 10)
        }

        It 'raises Drifting within three runs of the creep''s start, while the tolerance still holds' {
            $firstDrift = ($Results[20..27].Verdict).IndexOf('Drifting')
            $firstDrift | Should -BeIn 0, 1, 2
            $drifting = $Results[20 + $firstDrift].Probes[0]
            $drifting.ToleranceVerdict | Should -Be 'Passed'
            $drifting.DriftRule | Should -Be 'Ewma'
            $drifting.Explanation | Should -Match 'EWMA [\d.]+ ms above the upper limit [\d.]+ ms \(value [\d.]+ ms; lambda 0.2, L 3, baseline \d+ runs\)'
            $drifting.DriftStatistic | Should -BeGreaterThan $drifting.BandHigh
            $Results[27].Verdict | Should -Be 'Drifting'
        }

        It 'gives Broken when the threshold is breached' {
            $Results[28].Verdict | Should -Be 'Broken'
            $Results[28].Probes[0].Value | Should -BeGreaterThan 300
            $Results[28].Probes[0].Explanation | Should -BeLike 'p99(latency_p99) = * ms > 300 ms*'
        }

        It 'records every run with its measured value, unit, threshold and verdict, oldest first' {
            $records = @(Get-SteadyStateHistory -Check 'consumer steady state' @History)
            $records.Count | Should -Be 29
            $records.RunId | Should -Be $Results.RunId
            $records.Verdict | Should -Be $Results.Verdict
            $records[28].Value | Should -Be $Results[28].Probes[0].Value
            $records[28].Unit | Should -Be 'ms'
            $records[28].Threshold | Should -Be 300
        }

        It 'filters by -Probe and -Last, and -Since excludes earlier runs' {
            @(Get-SteadyStateHistory -Check 'consumer steady state' -Probe 'p99-latency' -Last 3 @History).RunId | Should -Be $Results[26..28].RunId
            @(Get-SteadyStateHistory -Probe 'no-such-probe' @History).Count | Should -Be 0
            @(Get-SteadyStateHistory -Since ([datetime]::UtcNow.AddMinutes(5)) @History).Count | Should -Be 0
            @(Get-SteadyStateHistory -Since ([datetime]::UtcNow.AddHours(-1)) @History).Count | Should -Be 29
        }

        It 'exports to CSV with ISO 8601 UTC times' {
            $csv = Join-Path $TestDrive "$Store.csv"
            Get-SteadyStateHistory -Last 2 @History | Export-Csv -LiteralPath $csv
            $rows = @(Import-Csv -LiteralPath $csv)
            $rows.Count | Should -Be 2
            $rows | ForEach-Object { $_.Time | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$' }
            $rows[1].Verdict | Should -Be 'Broken'
        }
        It 'draws the trend: one chart per probe, with its values, threshold, band and alarms, and nothing active' {
            $html = Join-Path $TestDrive "$Store-trend.html"
            $file = Get-SteadyStateHistory -Check 'consumer steady state' @History | Export-SteadyStateTrend $html
            $file.FullName | Should -Be $html
            $charts = [regex]::Matches((Get-Content -LiteralPath $html -Raw), '<svg.*?</svg>', 'Singleline')
            $charts.Count | Should -Be 1
            $settings = [Xml.XmlReaderSettings]@{ DtdProcessing = [Xml.DtdProcessing]::Prohibit }
            $svg = [Xml.XmlDocument]::new()
            $svg.Load([Xml.XmlReader]::Create([IO.StringReader]::new($charts[0].Value), $settings))
            $namespace = [Xml.XmlNamespaceManager]::new($svg.NameTable)
            $namespace.AddNamespace('s', 'http://www.w3.org/2000/svg')
            $svg.SelectNodes('//s:script', $namespace).Count | Should -Be 0
            $svg.SelectNodes('//@*[starts-with(local-name(), "on")]').Count | Should -Be 0
            $svg.SelectNodes('//s:*[@href or @*[local-name() = "href"]]', $namespace).Count | Should -Be 0
            ($svg.SelectSingleNode('//s:polyline[@class="series"]', $namespace).points -split ' ').Count | Should -Be 29
            $svg.SelectNodes('//s:line[@class="threshold"]', $namespace).Count | Should -Be 1
            $svg.SelectNodes('//s:polygon[@class="band"]', $namespace).Count | Should -Be 1
            $svg.SelectNodes('//s:circle[@class="alarm drifting"]', $namespace).Count | Should -Be @($Results | Where-Object Verdict -EQ 'Drifting').Count
            $svg.SelectNodes('//s:circle[@class="alarm broken"]', $namespace).Count | Should -Be 1
        }
    }

    Context '-DriftRule MannWhitney: each run''s samples against those of the last passing runs' {
        BeforeAll {
            # 10 steady runs of five windows each (about 200 ms), 6 runs creeping up 3 % a run, then 320 ms.
            $steady = 1..10 | ForEach-Object { 200 * (1 + 0.005 * [math]::Sin($_ * 1.7)) }
            $creep = 1..6 | ForEach-Object { 200 * (1 + 0.03 * $_) }
            $emulator = Start-PhasedEmulator (@($steady) + @($creep) + @(320))
            try {
                Use-Emulator $emulator
                $script:SampleCheck = New-Check "samples $Store"
                $script:JournalFolder = Join-Path $TestDrive "journals-$Store"
                $script:Ranked = @(1..17 | ForEach-Object {
                        Invoke-SteadyStateCheck -Path $SampleCheck @History -DriftRule MannWhitney -JournalPath (Join-Path $JournalFolder "$_.json") -InformationAction SilentlyContinue -WarningAction SilentlyContinue })
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'is Inconclusive until 5 passing runs have kept their samples, and says so' {
            $Ranked[0..4].Verdict | Should -Be (@('Inconclusive') * 5)
            $Ranked[0].Probes[0].Explanation | Should -BeLike '*drift not judged: 0 of the 5 passing runs with samples it needs*'
            $Ranked[4].Probes[0].Explanation | Should -BeLike '*drift not judged: 4 of the 5 passing runs with samples it needs*'
        }

        It 'keeps each run''s samples in its journal: the five windows'' values in the tolerance''s unit' {
            $journal = Get-Content -LiteralPath (Join-Path $JournalFolder '1.json') -Raw | ConvertFrom-Json
            $samples = @($journal.steady_states.before.probes[0].tolerance_result.samples)
            $samples.Count | Should -Be 5
            $samples | Should -Be ($samples | Sort-Object)
            $samples[0] | Should -BeGreaterThan 190
            $samples[-1] | Should -BeLessThan 210
        }

        It 'never raises Drifting during the steady runs, judging them against the recorded samples' {
            $Ranked[5..9].Verdict | Should -Be (@('Steady') * 5)
            $Ranked[5].Probes[0].DriftRule | Should -Be 'MannWhitney'
            $Ranked[5].Probes[0].Explanation | Should -Match 'Mann-Whitney: median [\d.]+ ms vs [\d.]+ ms, .*p = [\d.eE-]+, 5 vs 25 samples: .*\(value [\d.]+ ms; baseline the last 5 passing runs\)'
        }

        It 'raises Drifting within three runs of the creep''s start, naming the test, the p-value and the value' {
            $firstDrift = ($Ranked[10..15].Verdict).IndexOf('Drifting')
            $firstDrift | Should -BeIn 0, 1, 2
            $drifting = $Ranked[10 + $firstDrift].Probes[0]
            $drifting.ToleranceVerdict | Should -Be 'Passed'
            $drifting.DriftRule | Should -Be 'MannWhitney'
            $drifting.DriftStatistic | Should -BeLessThan 0.05
            $drifting.Explanation | Should -Match 'Mann-Whitney: median [\d.]+ ms vs [\d.]+ ms, shift \+[\d.]+ ms \(98% CI .*\), mean ratio [\d.]+, p = [\d.eE-]+, 5 vs 50 samples: higher \(value [\d.]+ ms; baseline the last 10 passing runs\)'
            $Ranked[15].Verdict | Should -Be 'Drifting'
        }

        It 'gives Broken when the threshold is breached' {
            $Ranked[16].Verdict | Should -Be 'Broken'
        }

        It 'records the drift rule and p-value in the history' {
            $records = @(Get-SteadyStateHistory -Check "samples $Store" @History)
            $records.Count | Should -Be 17
            $records[15].DriftRule | Should -Be 'MannWhitney'
            $records[15].DriftStatistic | Should -Be $Ranked[15].Probes[0].DriftStatistic
        }

        It 'leaves the samples out of an experiment''s journal' {
            $emulator = Start-PhasedEmulator 200
            try {
                Use-Emulator $emulator
                $journal = Join-Path $TestDrive "experiment-$Store.json"
                $null = Invoke-ChaosExperiment -Path $SampleCheck -JournalPath $journal -InformationAction SilentlyContinue -WarningAction SilentlyContinue
                $result = (Get-Content -LiteralPath $journal -Raw | ConvertFrom-Json).steady_states.before.probes[0].tolerance_result
                $result.value | Should -BeGreaterThan 0
                $result.PSObject.Properties.Name | Should -Not -Contain 'samples'
            }
            finally { Stop-VizierEmulator $emulator }
        }
    }

    Context 'one run' {
        It 'runs the hypothesis only: neither the method nor the rollbacks' {
            $emulator = Start-PhasedEmulator 200
            try {
                Use-Emulator $emulator
                $journal = Join-Path $TestDrive "$Store-journal.json"
                $result = Invoke-SteadyStateCheck -Path (New-Check "hypothesis only $Store") -JournalPath $journal @History -InformationAction SilentlyContinue
                $result.Status | Should -Be 'completed'
                $recorded = Get-Content -LiteralPath $journal -Raw | ConvertFrom-Json
                @($recorded.run).Count | Should -Be 0
                @($recorded.rollbacks).Count | Should -Be 0
                @($recorded.steady_states.before.probes).Count | Should -Be 1
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'judges every probe even after one is Broken, and the worst probe gives the verdict' {
            $emulator = Start-PhasedEmulator 400
            try {
                Use-Emulator $emulator
                $result = Invoke-SteadyStateCheck -Path (New-Check "every probe $Store" -ExitProbe) @History -InformationAction SilentlyContinue -WarningAction SilentlyContinue
                $result.Verdict | Should -Be 'Broken'
                $result.Probes.Probe | Should -Be 'p99-latency', 'exit-zero'
                $result.Probes.Verdict | Should -Be 'Broken', 'Steady'
                $result.History | Should -Not -BeNullOrEmpty
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'writes JUnit with one case per probe and Broken as a failure' {
            $emulator = Start-PhasedEmulator 400
            try {
                Use-Emulator $emulator
                $junit = Join-Path $TestDrive "$Store-junit.xml"
                $null = Invoke-SteadyStateCheck -Path (New-Check "junit $Store") -JUnitPath $junit @History -InformationAction SilentlyContinue -WarningAction SilentlyContinue
                $xml = [xml](Get-Content -LiteralPath $junit -Raw)
                $xml.testsuites.testsuite.name | Should -Be "junit $Store"
                $xml.testsuites.testsuite.testcase.name | Should -Be 'p99-latency'
                $xml.testsuites.testsuite.testcase.failure.type | Should -Be 'Broken'
                $xml.testsuites.testsuite.testcase.failure.message | Should -BeLike 'p99(latency_p99) = * ms > 300 ms*'
                $xml.testsuites.testsuite.testcase.'system-out' | Should -BeLike 'Broken: p99(latency_p99) = *'
                $xml.testsuites.failures | Should -Be '1'
                $xml.testsuites.name | Should -Be 'Steady-state checks'
                [double]$xml.testsuites.testsuite.time | Should -BeGreaterThan 0
                $xml.testsuites.testsuite.hostname | Should -Be ([Environment]::MachineName)
                ($xml.testsuites.testsuite.properties.property | Where-Object name -EQ 'verdict').value | Should -Be 'Broken'
                ($xml.testsuites.testsuite.properties.property | Where-Object name -EQ 'history').value | Should -Not -Be 'not recorded'
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'writes Azure Pipelines issues and the task result' {
            $emulator = Start-PhasedEmulator 400
            try {
                Use-Emulator $emulator
                $null = Invoke-SteadyStateCheck -Path (New-Check "azure $Store") -AzurePipelines @History -InformationVariable info -InformationAction Ignore -WarningAction SilentlyContinue
                $lines = @($info | ForEach-Object { "$($_.MessageData)" } | Where-Object { $_ -like '##vso*' })
                @($lines | Where-Object { $_ -like '##vso`[task.logissue type=error*code=SteadyStateBroken`]p99-latency:*' }).Count | Should -Be 1
                $lines[-1] | Should -BeLike '##vso`[task.complete result=Failed;*Broken*'
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'masks the secrets of the experiment in what it records' {
            $emulator = Start-PhasedEmulator 200
            try {
                Use-Emulator $emulator
                $null = Invoke-SteadyStateCheck -Path (New-Check "secrets $Store") @History -InformationAction SilentlyContinue
                $records = Get-SteadyStateHistory -Check "secrets $Store" @History | Out-String -Width 400
                $records | Should -Not -BeLike "*$($emulator.ApiKey)*"
                $records | Should -BeLike '*p99-latency*'
            }
            finally { Stop-VizierEmulator $emulator }
        }
    }
}

Describe 'Invoke-SteadyStateCheck -DriftRule Cusum' {
    It 'stays quiet while steady and raises Drifting within three runs of a creep, naming the CUSUM and its limit' {
        $steady = 1..12 | ForEach-Object { 200 * (1 + 0.005 * [math]::Sin($_ * 1.7)) }
        $creep = 1..5 | ForEach-Object { 200 * (1 + 0.03 * $_) }
        $emulator = Start-PhasedEmulator (@($steady) + @($creep))
        try {
            Use-Emulator $emulator
            $check = New-Check 'cusum check'
            $history = Join-Path $TestDrive 'cusum.db'
            $results = @(1..17 | ForEach-Object { Invoke-SteadyStateCheck -Path $check -HistoryPath $history -DriftRule Cusum -InformationAction SilentlyContinue -WarningAction SilentlyContinue })
        }
        finally { Stop-VizierEmulator $emulator }
        $results[10..11].Verdict | Should -Be 'Steady', 'Steady'
        ($results[12..16].Verdict).IndexOf('Drifting') | Should -BeIn 0, 1, 2
        $results[16].Verdict | Should -Be 'Drifting'
        $results[16].Probes[0].DriftRule | Should -Be 'Cusum'
        $results[16].Probes[0].Explanation | Should -Match 'CUSUM [\d.]+ above the limit h 5 on the upper side \(value [\d.]+ ms; k 0.5, baseline \d+ runs\)'
    }
}

Describe 'Invoke-SteadyStateCheck -DetailedExitCode in a child pwsh' {
    BeforeAll { Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') }

    It 'exits <Code> for <Verdict>' -ForEach @(
        @{ Verdict = 'Broken'; Milliseconds = 400; Code = 2 }
        @{ Verdict = 'Inconclusive'; Milliseconds = 200; Code = 5 }
    ) {
        $emulator = Start-PhasedEmulator $Milliseconds
        try {
            Use-Emulator $emulator
            $check = New-Check "exit $Verdict"
            $history = Join-Path $TestDrive "exit-$Verdict.db"
            $commandLine = Get-PwshCommandLine
            & $commandLine[0] @($commandLine | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module ChaosPixie; Invoke-SteadyStateCheck -LiteralPath '$check' -HistoryPath '$history' -DetailedExitCode -InformationAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null" | Out-Null
            $LASTEXITCODE | Should -Be $Code
        }
        finally { Stop-VizierEmulator $emulator }
    }
}

Describe 'Invoke-SteadyStateCheck -PythonPath' -Skip:$IsWindows {
    BeforeAll {
        # A python probe outside chaostoolkit-pixie (so it runs through the bridge), and an interpreter that leaves a
        # mark when it is the one started.
        $site = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'python-site/chaoslib') -Force
        Set-Content -LiteralPath (Join-Path $site '__init__.py') -Value ''
        Set-Content -LiteralPath (Join-Path $site 'exceptions.py') -Value "class ChaosException(Exception):`n    pass`n`n`nclass ActivityFailed(ChaosException):`n    pass"
        Set-Content -LiteralPath (Join-Path $TestDrive 'python-site/checkprobe.py') -Value "def answer():`n    return 42"
        $script:SavedPythonPath = $env:PYTHONPATH
        $env:PYTHONPATH = Join-Path $TestDrive 'python-site'
        $script:Marker = Join-Path $TestDrive 'python-used'
        $script:Interpreter = Join-Path $TestDrive 'marked-python'
        Set-Content -LiteralPath $Interpreter -Value "#!/bin/sh`necho used > '$Marker'`nexec '$((Get-Command python3).Source)' `"`$@`""
        chmod +x $Interpreter
        $script:PythonCheck = Join-Path $TestDrive 'python-check.json'
        [ordered]@{
            title                     = 'python check'
            description               = 'a python probe through the bridge'
            'steady-state-hypothesis' = [ordered]@{ title = 'the answer'; probes = @([ordered]@{
                        type = 'probe'; name = 'answer'; tolerance = 42; provider = [ordered]@{ type = 'python'; module = 'checkprobe'; func = 'answer' } }) }
            method                    = @()
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $PythonCheck -Encoding utf8NoBOM
    }

    AfterAll { $env:PYTHONPATH = $SavedPythonPath }

    It 'runs the python probes with the interpreter it names' {
        $result = Invoke-SteadyStateCheck -LiteralPath $PythonCheck -PythonPath $Interpreter -HistoryPath (Join-Path $TestDrive 'python.db') -InformationAction SilentlyContinue
        $result.Verdict | Should -Be 'Steady'
        $result.Probes[0].ToleranceVerdict | Should -Be 'Passed'
        Test-Path -LiteralPath $Marker | Should -BeTrue -Because 'the probe must run in the interpreter -PythonPath names'
    }

    It 'refuses a -PythonPath that names no interpreter, saying what to give' {
        $failure = { Invoke-SteadyStateCheck -LiteralPath $PythonCheck -PythonPath (Join-Path $TestDrive 'no-such-python') -HistoryPath (Join-Path $TestDrive 'python.db') } |
            Should -Throw -ErrorId 'PythonNotFound,ChaosPixie.PowerShell.Commands.InvokeSteadyStateCheckCommand' -PassThru
        $failure.Exception.Message | Should -BeLike '*no-such-python*'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'History errors' {
    It 'refuses both -HistoryPath and -HistoryConnectionString' {
        { Get-SteadyStateHistory -HistoryPath (Join-Path $TestDrive 'a.db') -HistoryConnectionString 'Host=127.0.0.1' } |
            Should -Throw -ErrorId 'HistoryLocationAmbiguous,ChaosPixie.PowerShell.Commands.GetSteadyStateHistoryCommand'
    }

    It 'names an unreachable PostgreSQL by server and database, never echoing the password' {
        $closed = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $failure = { Get-SteadyStateHistory -HistoryConnectionString "Host=127.0.0.1;Port=$port;Username=checker;Password=Sup3r-Secret-Pw;Database=team;Timeout=3" } |
            Should -Throw -ErrorId 'HistoryUnavailable,ChaosPixie.PowerShell.Commands.GetSteadyStateHistoryCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "*postgresql://checker@127.0.0.1:$port/team*"
        ($failure | Out-String) + $failure.Exception.InnerException + $failure.TargetObject | Should -Not -BeLike '*Sup3r-Secret-Pw*'
    }

    It 'does not echo an unreadable connection string' {
        $failure = { Get-SteadyStateHistory -HistoryConnectionString 'Host=127.0.0.1;Password=Sup3r-Secret-Pw;NoSuchKeyword=1' } |
            Should -Throw -ErrorId 'HistoryLocationInvalid,ChaosPixie.PowerShell.Commands.GetSteadyStateHistoryCommand' -PassThru
        ($failure | Out-String) + $failure.Exception.InnerException | Should -Not -BeLike '*Sup3r-Secret-Pw*'
    }

    It 'reads the connection string from CHAOSPIXIE_HISTORY_CONNECTION_STRING' {
        try {
            $env:CHAOSPIXIE_HISTORY_CONNECTION_STRING = $Postgres.ConnectionString
            { Get-SteadyStateHistory -Last 1 } | Should -Not -Throw
        }
        finally { Remove-Item Env:CHAOSPIXIE_HISTORY_CONNECTION_STRING }
    }

    It 'refuses -Last 0' {
        { Get-SteadyStateHistory -HistoryPath (Join-Path $TestDrive 'b.db') -Last 0 } |
            Should -Throw -ErrorId 'HistoryLastInvalid,ChaosPixie.PowerShell.Commands.GetSteadyStateHistoryCommand'
    }

    It 'opens a fresh file, creating its folder, with the schema in place' {
        $path = Join-Path $TestDrive 'new/folder/history.db'
        @(Get-SteadyStateHistory -HistoryPath $path).Count | Should -Be 0
        Test-Path -LiteralPath $path | Should -BeTrue
    }
}
