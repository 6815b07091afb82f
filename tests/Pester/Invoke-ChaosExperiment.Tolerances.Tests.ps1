# Invoke-ChaosExperiment: every tolerance kind, judged on real probe outputs. Each test runs a real experiment and reads
# the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:Http = Start-TestHttpServer
    $script:BaseUrl = $Http.BaseUrl
}

AfterAll {
    Stop-TestHttpServer $Http
}

Describe 'Tolerances' {
    BeforeAll {
        # A probe whose output is the JSON value given (a PowerShell script that returns it).
        function New-ValueProbe([string] $Name, [string] $Json, $Tolerance) {
            New-Probe $Name ([ordered]@{ type = 'powershell'; script = "'$Json' | ConvertFrom-Json -NoEnumerate" }) $Tolerance
        }

        function Test-Tolerance([object[]] $Probes) {
            $run = Invoke-Experiment (New-Experiment -Probes $Probes -Method @())
            $run.Journal.steady_states.before.probes | ForEach-Object { $_.tolerance_met }
        }
    }

    It 'compares bool, int and string tolerances with Python''s ==' {
        Test-Tolerance (New-ValueProbe 'one-is-true' '1' $true) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'float-int' '5.0' 5) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'string-zero' '"0"' 0) | Should -BeFalse
        Test-Tolerance (New-ValueProbe 'string' '"up"' 'up') | Should -BeTrue
    }

    It 'judges an int tolerance on a process''s exit status, and a bool never matches a process output' {
        Test-Tolerance (New-Probe 'exit' (New-Activity -Path 'chaos-exit' -Arguments @(2)).provider 2) | Should -BeTrue
        Test-Tolerance (New-Probe 'bool' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider $true) | Should -BeFalse
    }

    It 'treats a 2-item list as membership on a status, and as an inclusive range otherwise' {
        Test-Tolerance (New-Probe 'http' ([ordered]@{ type = 'http'; url = "$BaseUrl/status/250" }) @(200, 299)) | Should -BeFalse
        Test-Tolerance (New-Probe 'http' ([ordered]@{ type = 'http'; url = "$BaseUrl/status/200" }) @(200, 299)) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'range' '250' @(200, 299)) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'members' '4' @(1, 2, 3)) | Should -BeFalse
    }

    It 'substitutes a string tolerance, which the lone ${k} form turns into an int' {
        $run = Invoke-Experiment (New-Experiment -Probes (New-Probe 'exit' (New-Activity -Path 'chaos-exit' -Arguments @(3)).provider '${expected}') -Extra ([ordered]@{ configuration = @{ expected = 3 } }))
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'searches a regex in the target' {
        $provider = (New-Activity -Path 'chaos-echo' -Arguments @('latency=250ms')).provider
        Test-Tolerance (New-Probe 'regex' $provider ([ordered]@{ type = 'regex'; target = 'stdout'; pattern = 'latency=(?P<ms>\d+)ms' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'regex' $provider ([ordered]@{ type = 'regex'; target = 'stdout'; pattern = '^error' })) | Should -BeFalse
    }

    It 'evaluates jsonpath (jsonpath2 dialect) on a JSON body and on stdout, with expect and count' {
        $http = [ordered]@{ type = 'http'; url = "$BaseUrl/json" }
        Test-Tolerance (New-Probe 'name' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.service.name'; expect = 'consumer' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'filter' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.pods[*][?(@.ready = true)].name'; expect = 'a' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'count' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$..latency[*]'; count = 2 })) | Should -BeTrue
        Test-Tolerance (New-Probe 'no-iteration' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.pods[?(@.ready = true)]' })) | Should -BeFalse
        $json = Join-Path $TestDrive 'doc.json'
        '{"items": [1, 2, 3]}' | Set-Content $json
        Test-Tolerance (New-Probe 'stdout' (New-Activity -Path 'chaos-cat' -Arguments @($json)).provider ([ordered]@{ type = 'jsonpath'; target = 'stdout'; path = '$.items[-1]'; expect = 3 })) | Should -BeTrue
    }

    It 'matches <path> as jsonpath2 does' -ForEach @(
        @{ path = '$..name'; expect = @('consumer', 'a', 'b') }
        @{ path = '$.service.latency[0:1]'; expect = @(120) }
        @{ path = '$.service.latency[-1]'; expect = 340 }
        @{ path = '$["ok"]'; expect = $true }
        @{ path = '$.pods[*].ready'; expect = @($true, $false) }
        @{ path = '$.service[?(@.name = "consumer")].latency[1]'; expect = 340 }
        @{ path = '$.pods[*][?(@.ready = false and @.name != "a")].name'; expect = 'b' }
        @{ path = '$.pods.length()'; expect = 2 }
        @{ path = '$.service.name.substring(0, 3)'; expect = 'con' }
    ) {
        $tolerance = [ordered]@{ type = 'jsonpath'; target = 'body'; path = $path; expect = $expect }
        Test-Tolerance (New-Probe 'jsonpath' ([ordered]@{ type = 'http'; url = "$BaseUrl/json" }) $tolerance) | Should -BeTrue
    }

    It 'checks a range on a target, reading text as a number' {
        $provider = (New-Activity -Path 'chaos-echo' -Arguments @(' 42 ')).provider
        Test-Tolerance (New-Probe 'in' $provider ([ordered]@{ type = 'range'; target = 'stdout'; range = @(40, 50) })) | Should -BeTrue
        Test-Tolerance (New-Probe 'out' $provider ([ordered]@{ type = 'range'; target = 'stdout'; range = @(0, 41.5) })) | Should -BeFalse
    }

    It 'runs a probe tolerance with the output as its value argument, without copying it into the journal''s experiment' {
        $tolerance = [ordered]@{ type = 'probe'; name = 'check'; provider = [ordered]@{ type = 'powershell'; script = 'param($value, $limit) $value.status -eq 0 -and $value.stdout.Trim() -eq $limit'; arguments = [ordered]@{ limit = 'ok' } } }
        $probe = New-Probe 'say-ok' (New-Activity -Path 'chaos-echo' -Arguments @('ok')).provider $tolerance
        $run = Invoke-Experiment (New-Experiment -Probes $probe)
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
        $run.Journal.experiment.'steady-state-hypothesis'.probes[0].tolerance.provider.arguments.PSObject.Properties.Name | Should -Be @('limit')
    }
}
