# The chaospixie probes' 'arguments' (ChaosPixie's addition): a script folder's vis.json variables filled from the
# experiment and sent as exec_funcs, checked before anything is sent; without it the probes send the PxL as upstream.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:folder = Join-Path $PSScriptRoot 'Fixtures/ScriptBundle'
    $scenario = New-TestScenario -Table @{
        name    = 'LET'
        columns = @(@{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }, @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' })
        rows    = @(@(1690000000000000000, 120000000), @(1690000010000000000, 180000000))
    }
    $script:emulator = Start-VizierEmulator -Scenario $scenario -Record

    function script:Invoke-ProbeExperiment([string] $Function, [System.Collections.IDictionary] $Arguments) {
        $experiment = [ordered]@{
            title                     = 'script arguments'
            description               = 'a probe with arguments'
            configuration             = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url }
            secrets                   = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
            'steady-state-hypothesis' = [ordered]@{ title = 'p99'; probes = @([ordered]@{
                        type = 'probe'; name = 'latency'; tolerance = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{
                                type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'
                                arguments = [ordered]@{ column = 'latency_p99'; treshold = 300; convert_from_nanoseconds = 'milliseconds' }
                            }
                        }
                        provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = $Function; secrets = @('pixie'); arguments = $Arguments }
                    })
            }
            method                    = @([ordered]@{ type = 'action'; name = 'nothing'; provider = [ordered]@{ type = 'process'; path = 'true' } })
        }
        $name = [guid]::NewGuid().ToString('n')
        $path = Join-Path $TestDrive "$name.json"
        $experiment | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $journal = Join-Path $TestDrive "$name.journal.json"
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -WarningAction SilentlyContinue
        [pscustomobject]@{ Result = $result; Journal = Get-Content -Raw -LiteralPath $journal | ConvertFrom-Json }
    }

    function script:Get-Requests { @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript) }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'chaospixie probes with arguments' {
    It 'run_script_from_local_file on a script folder sends its vis.json functions with the arguments and defaults' {
        $before = (Get-Requests).Count
        $run = Invoke-ProbeExperiment run_script_from_local_file ([ordered]@{
                script_path = Join-Path $folder 'px/service_stats'; table_name = 'LET'; arguments = [ordered]@{ svc = 'shop/carts'; max_codes = 3 }
            })
        $run.Result.Status | Should -Be 'completed'
        $sent = @(Get-Requests)[$before..($before + 1)].body
        foreach ($request in $sent) {
            $request.execFuncs.outputTablePrefix | Should -Be @('LET', 'Status Code Distribution')
            ($request.execFuncs[0].argValues | Where-Object name -EQ svc).value | Should -Be 'shop/carts'
            ($request.execFuncs[0].argValues | Where-Object name -EQ start_time).value | Should -Be '-5m'
            ($request.execFuncs[1].argValues | Where-Object name -EQ limit).value | Should -Be '3'
        }
        $run.Journal.steady_states.before.probes[0].output.Count | Should -Be 2
    }

    It 'run_script takes the vis.json as ''vis'' with its arguments' {
        $vis = Get-Content -Raw (Join-Path $folder 'px/service_stats/vis.json') | ConvertFrom-Json -AsHashtable
        $pxl = Get-Content -Raw (Join-Path $folder 'px/service_stats/service_stats.pxl')
        $run = Invoke-ProbeExperiment run_script ([ordered]@{ script = $pxl; table_name = 'LET'; vis = $vis; arguments = [ordered]@{ start_time = '-15m' } })
        $run.Result.Status | Should -Be 'completed'
        $request = (Get-Requests)[-1].body
        ($request.execFuncs[0].argValues | Where-Object name -EQ start_time).value | Should -Be '-15m'
    }

    It 'fails the probe on a bad argument, naming it, before anything is sent' {
        $before = (Get-Requests).Count
        $run = Invoke-ProbeExperiment run_script_from_local_file ([ordered]@{
                script_path = Join-Path $folder 'px/service_stats'; table_name = 'LET'; arguments = [ordered]@{ max_codes = 'many' }
            })
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.status | Should -Be 'failed'
        $probe.exception -join '' | Should -BeLike "*ValueError: The value of 'max_codes'*whole number*"
        (Get-Requests).Count | Should -Be $before
    }

    It 'without arguments, sends a .pxl file as upstream does: its text, no exec_funcs, even with a vis.json beside it' {
        $path = Join-Path $folder 'px/service_stats/service_stats.pxl'
        $run = Invoke-ProbeExperiment run_script_from_local_file ([ordered]@{ script_path = $path; table_name = 'LET' })
        $run.Result.Status | Should -Be 'completed'
        $request = (Get-Requests)[-1].body
        $request.queryStr | Should -Be (Get-Content -Raw $path)
        $request.PSObject.Properties.Name | Should -Not -Contain 'execFuncs'
    }

    It 'is accepted by validation, and an unknown probe argument is still refused' {
        $path = Join-Path $TestDrive 'validate.json'
        [ordered]@{
            title = 't'; description = 'd'
            method = @([ordered]@{ type = 'probe'; name = 'p'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script_from_local_file'; arguments = [ordered]@{ script_path = 'x'; arguments = @{ a = 1 } } } })
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
        Test-ChaosExperiment -LiteralPath $path -WarningAction SilentlyContinue | Should -BeTrue
        $bad = (Get-Content -Raw $path) -replace '"arguments": \{\s*"a"', '"argument": { "a"'
        Set-Content -LiteralPath $path $bad
        Test-ChaosExperiment -LiteralPath $path -WarningAction SilentlyContinue | Should -BeFalse
    }
}
