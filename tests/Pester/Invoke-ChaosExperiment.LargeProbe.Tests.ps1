# A chaospixie probe with tens of thousands of rows in a real experiment against the Vizier emulator: judged as
# Invoke-PixieScript | Test-PercentileBelow judges the same rows, journaled in full (the first rows inline, all of
# them in the file beside the journal, as output_rows says), secrets masked, and no temporary file left behind.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:RowCount = 30000
    $script:Secret = 's3cret-row-token-7f1e'
    $script:InlineLimit = 1000
    $scenario = New-TestScenario -Table @{
        name     = 'output'
        columns  = @(
            @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS'; generate = @{ start = 1690000000000000000; step = 1000000 } }
            @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS'; generate = @{ min = 5000000; max = 250000000 } }
            # One service in five carries the secret: each of those rows must reach the journal masked.
            @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME'; generate = @{ values = @('shop/carts', 'shop/orders', "shop/$Secret", 'shop/payment', 'shop/catalogue') } }
        )
        generate = @{ count = $RowCount; seed = 7 }
    }
    $script:Emulator = Start-VizierEmulator -Scenario $scenario
    $script:Connection = @{ ServerUrl = $Emulator.Url; ApiKey = (ConvertTo-SecureString $Emulator.ApiKey -AsPlainText -Force); ClusterId = $Emulator.ClusterId }

    # Writes the experiment: the probe before and after a 'true' action, judged by chaospixie's tolerance or the one given.
    function script:New-LargeProbeExperiment {
        param([System.Collections.IDictionary] $Tolerance, [string] $Script, [string] $Name)
        if (-not $Tolerance) {
            $Tolerance = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{
                    type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'
                    arguments = [ordered]@{ column = 'latency'; treshold = 260; percentile = 99; convert_from_nanoseconds = 'milliseconds' }
                }
            }
        }
        $probe = [ordered]@{ type = 'probe'; name = 'latency'; tolerance = $Tolerance; provider = [ordered]@{
                type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie', 'rows'); arguments = [ordered]@{ script = $Script }
            }
        }
        $experiment = [ordered]@{
            title                     = 'large probe'
            description               = "$RowCount rows before and after"
            configuration             = [ordered]@{ pixie_cluster_id = $Emulator.ClusterId; px_server_url = $Emulator.Url }
            secrets                   = [ordered]@{ pixie = [ordered]@{ api_key = $Emulator.ApiKey }; rows = [ordered]@{ token = $Secret } }
            'steady-state-hypothesis' = [ordered]@{ title = 'p99 holds'; probes = @($probe) }
            method                    = @([ordered]@{ type = 'action'; name = 'nothing'; provider = [ordered]@{ type = 'process'; path = 'true' } })
        }
        $path = Join-Path $TestDrive "$Name.json"
        $experiment | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $path
    }

    function script:Invoke-LargeProbeExperiment {
        param([System.Collections.IDictionary] $Tolerance, [string] $Script = 'px.display(df)', [string] $Name = [guid]::NewGuid().ToString('n'))
        $path = New-LargeProbeExperiment -Tolerance $Tolerance -Script $Script -Name $Name
        $journalPath = Join-Path $TestDrive "$Name.journal.json"
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journalPath -WarningAction SilentlyContinue
        [pscustomobject]@{ Result = $result; JournalPath = $journalPath; Text = Get-Content -Raw -LiteralPath $journalPath }
    }

    function script:Get-SpillFile { @(Get-ChildItem -LiteralPath ([IO.Path]::GetTempPath()) -Filter "chaospixie-rows-$PID-*" -ErrorAction Ignore) }

    $script:Run = Invoke-LargeProbeExperiment -Name 'p99'
    $script:Journal = $Run.Text | ConvertFrom-Json -DateKind String
}

AfterAll {
    Stop-VizierEmulator $Emulator
}

Describe 'A chaospixie probe of 30,000 rows in an experiment' {
    It 'is judged as Invoke-PixieScript | Test-PercentileBelow -Method Exclusive judges the same rows' {
        $expected = Invoke-PixieScript 'px.display(df)' @Connection |
            Test-PercentileBelow -Column latency -Percentile 99 -Threshold 260 -Unit Milliseconds -Method Exclusive -Detailed
        $expected.SampleCount | Should -Be $RowCount
        $Run.Result.Status | Should -Be 'completed'
        foreach ($phase in 'before', 'after') {
            $probe = $Journal.steady_states.$phase.probes[0]
            $probe.tolerance_result.sample_count | Should -Be $RowCount
            $probe.tolerance_result.value | Should -Be $expected.Value
            $probe.tolerance_result.passed | Should -Be $expected.Passed
            $probe.tolerance_met | Should -Be $expected.Passed
        }
    }

    It 'fails the steady state where Invoke-PixieScript | Test-PercentileBelow fails the same rows, with the same p99' {
        $expected = Invoke-PixieScript 'px.display(df)' @Connection |
            Test-PercentileBelow -Column latency -Percentile 99 -Threshold 200 -Unit Milliseconds -Method Exclusive -Detailed
        $expected.Passed | Should -BeFalse
        $strict = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{
                type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'
                arguments = [ordered]@{ column = 'latency'; treshold = 200; percentile = 99; convert_from_nanoseconds = 'milliseconds' }
            }
        }
        $failed = Invoke-LargeProbeExperiment -Tolerance $strict
        $failed.Result.SteadyStateBefore | Should -BeFalse
        $probe = ($failed.Text | ConvertFrom-Json -DateKind String).steady_states.before.probes[0]
        $probe.tolerance_met | Should -BeFalse
        $probe.tolerance_result.sample_count | Should -Be $expected.SampleCount
        $probe.tolerance_result.value | Should -Be $expected.Value
        $probe.tolerance_result.passed | Should -BeFalse
    }

    It 'journals the first rows inline in upstream''s shape, and says how many there are and which file holds them all' {
        foreach ($phase in 'before', 'after') {
            $probe = $Journal.steady_states.$phase.probes[0]
            $probe.status | Should -Be 'succeeded'
            $probe.output.Count | Should -Be $InlineLimit
            $probe.output[0].PSObject.Properties.Name | Should -Be 'time_', 'latency', 'service', '_dt'
            $probe.output[0].time_ | Should -BeOfType [long]
            $probe.output[0].time_ | Should -Be 1690000000000000000
            $probe.output[1]._dt | Should -Be '2023-07-22T04:26:40.001000+00:00'
            $probe.output_rows.count | Should -Be $RowCount
            $probe.output_rows.inline | Should -Be $InlineLimit
            $probe.output_rows.file | Should -Match '^p99\.journal\.rows-\d+\.jsonl$'
        }
        $Journal.steady_states.before.probes[0].output_rows.file | Should -Not -Be $Journal.steady_states.after.probes[0].output_rows.file
    }

    It 'keeps every row, one JSON object a line, in the file beside the journal, starting with the inline rows' {
        $probe = $Journal.steady_states.after.probes[0]
        $lines = [IO.File]::ReadAllLines((Join-Path $TestDrive $probe.output_rows.file))
        $lines.Count | Should -Be $RowCount
        $first = $lines[0] | ConvertFrom-Json -DateKind String
        $last = $lines[-1] | ConvertFrom-Json -DateKind String
        ($first | ConvertTo-Json -Compress) | Should -Be ($probe.output[0] | ConvertTo-Json -Compress)
        ($lines[$InlineLimit - 1] | ConvertFrom-Json -DateKind String | ConvertTo-Json -Compress) | Should -Be ($probe.output[-1] | ConvertTo-Json -Compress)
        $last.time_ | Should -Be (1690000000000000000 + ($RowCount - 1) * 1000000)
        $last.PSObject.Properties.Name | Should -Be 'time_', 'latency', 'service', '_dt'
    }

    It 'masks a secret in every row, inline and in the file' {
        $rowsFile = Get-Content -Raw (Join-Path $TestDrive $Journal.steady_states.before.probes[0].output_rows.file)
        $Run.Text | Should -Not -BeLike "*$Secret*"
        $rowsFile | Should -Not -BeLike "*$Secret*"
        ([regex]::Matches($rowsFile, [regex]::Escape('"service":"shop/***"'))).Count | Should -Be ($RowCount / 5)
        @($Journal.steady_states.before.probes[0].output.service) | Should -Contain 'shop/***'
        @($Run.Result.SteadyStates.before.probes[0].output.service) | Should -Contain 'shop/***'
    }

    It 'leaves no temporary file behind, after a run that completed and after a probe cut short' {
        Get-SpillFile | Should -BeNullOrEmpty
        $failed = Invoke-LargeProbeExperiment -Script "#emulator: fault=runtime-error`npx.display(df)"
        ($failed.Text | ConvertFrom-Json).steady_states.before.probes[0].status | Should -Be 'failed'
        Get-SpillFile | Should -BeNullOrEmpty
    }

    It 'leaves no temporary file behind after Ctrl+C while the probe reads its rows' {
        $path = New-LargeProbeExperiment -Script "#emulator: fault=hang`npx.display(df)" -Name 'stopped'
        $journal = Join-Path $TestDrive 'stopped.journal.json'
        $shell = [powershell]::Create()
        $null = $shell.AddScript('param($p, $j) Import-Module ChaosPixie; Invoke-ChaosExperiment -LiteralPath $p -JournalPath $j').AddArgument($path).AddArgument($journal)
        $handle = $shell.BeginInvoke()
        # Wait until the probe has opened its temporary file (a synchronisation, not a timing assertion).
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while (-not (Get-SpillFile) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Get-SpillFile | Should -Not -BeNullOrEmpty
        $shell.Stop()
        $null = try { $shell.EndInvoke($handle) } catch { @() }
        $shell.Dispose()

        (Get-Content -Raw $journal | ConvertFrom-Json).status | Should -Be 'interrupted'
        Get-SpillFile | Should -BeNullOrEmpty
    }

    It 'judges the rows by a jsonpath tolerance too, which reads them all, not only those inline' {
        $counted = Invoke-LargeProbeExperiment -Tolerance ([ordered]@{ type = 'jsonpath'; path = '$[*].latency'; count = $RowCount })
        $counted.Result.SteadyStateBefore | Should -BeTrue
        $counted.Result.SteadyStateAfter | Should -BeTrue
    }
}
