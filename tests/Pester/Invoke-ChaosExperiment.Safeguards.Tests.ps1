# chaostoolkit-addons' safeguards control (chaosaddons.controls.safeguards), run natively: no Python needed. The
# safeguard probes are process probes on the fixture commands; a method action sleeps while a repeating safeguard
# notices a file that an earlier action created. Each case states what `chaos run` does (chaosaddons 0.11's
# safeguards.py with chaostoolkit-lib 1.44; a firing safeguard acts as SIGUSR1: status interrupted).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture

    function New-Safeguards([string] $Name, [object[]] $Probes) {
        [ordered]@{ name = $Name; provider = [ordered]@{ type = 'python'; module = 'chaosaddons.controls.safeguards'; arguments = [ordered]@{ probes = @($Probes) } } }
    }

    # A safeguard that holds while the file is absent (chaos-exists exits 1) and fires once it appears.
    function New-FileGuard([string] $Name, [string] $File, [System.Collections.IDictionary] $Form = @{}) {
        $probe = New-Activity $Name 'chaos-exists' @($File) -Type 'probe' -Extra @{ tolerance = 1 }
        foreach ($key in $Form.Keys) { $probe[$key] = $Form[$key] }
        $probe
    }

    function New-Paths {
        $id = [guid]::NewGuid().ToString('n')
        [pscustomobject]@{ Flag = Join-Path $TestDrive "$id.flag"; Pids = Join-Path $TestDrive "$id.pids"; Undo = Join-Path $TestDrive "$id.undo" }
    }

    # The method: create the flag, then sleep long enough that only an interruption ends it in time.
    function New-GuardedExperiment($Paths, [object[]] $Controls) {
        $method = @(
            (New-Activity 'break things' 'chaos-touch' @($Paths.Flag))
            (New-Activity 'wait' 'chaos-sleep' @('30', $Paths.Pids))
        )
        $probe = New-Activity 'healthy' 'chaos-exit' @('0') -Type 'probe' -Extra @{ tolerance = 0 }
        New-Experiment -Probes $probe -Method $method -Rollbacks (New-Activity 'undo' 'chaos-touch' @($Paths.Undo)) -Extra ([ordered]@{ controls = @($Controls) })
    }
}

Describe 'Safeguards' -Skip:$IsWindows {
    It 'interrupts the run when a repeating safeguard fires during a method action: interrupted, not deviated, the action cut short, no rollbacks by default, exit 1' {
        # chaos run (observed): status interrupted, deviated false, the running action's record without status and
        # with output null, later actions absent, steady_states.after null, no rollbacks under default, exit 1.
        $paths = New-Paths
        $guard = New-FileGuard 'no flag' $paths.Flag @{ frequency = 0.2 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-Experiment (New-GuardedExperiment $paths (New-Safeguards 'guards' $guard))
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        @($run.Journal.run).Count | Should -Be 2
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[1].PSObject.Properties.Name | Should -Not -Contain 'status'
        $run.Journal.run[1].output | Should -BeNullOrEmpty
        @($run.Journal.rollbacks).Count | Should -Be 0
        Test-Path $paths.Undo | Should -BeFalse
        # ChaosPixie names the safeguard that fired (upstream only logs it).
        $run.Journal.safeguard.control | Should -Be 'guards'
        $run.Journal.safeguard.probe | Should -Be 'no flag'
        $run.Result.ExitCode | Should -Be 1
        $run.Result.DetailedExitCode | Should -Be 3
        # The sleeping action's processes were ended with it.
        $sleeper = [int]((Get-Content -Raw $paths.Pids) -split ' ')[0]
        Test-ProcessAlive $sleeper | Should -BeFalse
    }

    It 'plays the rollbacks after a safeguard fired under the always strategy (chaos: rollbacks played)' {
        $paths = New-Paths
        $guard = New-FileGuard 'no flag' $paths.Flag @{ frequency = 0.2 }
        $run = Invoke-Experiment (New-GuardedExperiment $paths (New-Safeguards 'guards' $guard)) -Parameters @{ RollbackStrategy = 'Always' }
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.rollbacks.status | Should -Be 'succeeded'
        Test-Path $paths.Undo | Should -BeTrue
    }

    It 'leaves the run alone while every safeguard holds (chaos: completed, exit 0)' {
        $paths = New-Paths
        $elsewhere = Join-Path $TestDrive 'never-created.flag'
        $method = New-Activity 'break things' 'chaos-touch' @($paths.Flag)
        $guards = New-Safeguards 'guards' @(
            (New-FileGuard 'pre-check' $elsewhere)
            (New-FileGuard 'once' $elsewhere @{ background = $true })
            (New-FileGuard 'repeating' $elsewhere @{ frequency = 0.1 })
        )
        $run = Invoke-Experiment (New-Experiment -Method $method -Extra ([ordered]@{ controls = @($guards) }))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.run.status | Should -Be 'succeeded'
        $run.Journal.PSObject.Properties.Name | Should -Not -Contain 'safeguard'
        $run.Result.ExitCode | Should -Be 0
    }

    It 'stops the run before the hypothesis when a pre-check safeguard fails (chaos: interrupted, before null, run empty)' {
        # A pre-check runs once at before_experiment_control, and the experiment waits for it.
        $paths = New-Paths
        Set-Content -LiteralPath $paths.Flag -Value ''
        $run = Invoke-Experiment (New-GuardedExperiment $paths (New-Safeguards 'guards' (New-FileGuard 'no flag yet' $paths.Flag)))
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        @($run.Journal.run).Count | Should -Be 0
        $run.Journal.safeguard.probe | Should -Be 'no flag yet'
    }

    It 'runs a second safeguards control too (upstream never starts the second one''s probes)' {
        $paths = New-Paths
        $quiet = New-Safeguards 'first' (New-FileGuard 'never' (Join-Path $TestDrive 'absent.flag') @{ frequency = 0.2 })
        $firing = New-Safeguards 'second' (New-FileGuard 'no flag' $paths.Flag @{ frequency = 0.2 })
        $run = Invoke-Experiment (New-GuardedExperiment $paths @($quiet, $firing))
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.safeguard.control | Should -Be 'second'
    }

    It 'rejects a safeguard probe without a tolerance, as its validate_control does (chaos: invalid, no journal)' {
        $probe = New-Activity 'loose' 'chaos-exit' @('0') -Type 'probe'
        $path = Join-Path $TestDrive 'loose.json'
        New-Experiment -Method @() -Extra ([ordered]@{ controls = @(New-Safeguards 'guards' $probe) }) | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path
        $problem = Test-ChaosExperiment -LiteralPath $path -Detailed
        $problem.Message | Should -Be "safeguard control is invalid as the probe 'loose' is missing a tolerance property"
        $problem.JsonPath | Should -Be '$.controls[0].provider.arguments.probes[0]'
        $problem.Source | Should -Be 'Upstream'
    }
}

Describe 'A safeguard whose probe is a python function, through the Python bridge' -Skip:($IsWindows -or -not $Python) {
    BeforeAll {
        $script:Python = Find-TestPython
        $script:SavedPythonPath = $env:PYTHONPATH
        $script:SavedNoBytecode = $env:PYTHONDONTWRITEBYTECODE
        $env:PYTHONDONTWRITEBYTECODE = '1'
        $env:PYTHONPATH = Join-Path $PSScriptRoot 'Fixtures/Python'
    }

    AfterAll {
        $env:PYTHONPATH = $SavedPythonPath
        $env:PYTHONDONTWRITEBYTECODE = $SavedNoBytecode
    }

    It 'interrupts the run when the test extension''s probe misses its tolerance during the method (chaos: interrupted, the action cut short, exit 1)' {
        # chaosaddons runs the probe with chaoslib's python provider: pixietest.activities.exists returns True once the
        # flag exists, which misses the tolerance false; the firing acts as SIGUSR1 (chaos: status interrupted, deviated
        # false, the sleeping action without status, no rollbacks under default, exit 1).
        $paths = New-Paths
        $guard = [ordered]@{
            type      = 'probe'; name = 'no flag (python)'; tolerance = $false; frequency = 0.2
            provider  = [ordered]@{ type = 'python'; module = 'pixietest.activities'; func = 'exists'; arguments = [ordered]@{ path = $paths.Flag } }
        }
        $run = Invoke-Experiment (New-GuardedExperiment $paths (New-Safeguards 'guards' $guard)) -Parameters @{ PythonPath = $Python }
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[1].PSObject.Properties.Name | Should -Not -Contain 'status'
        @($run.Journal.rollbacks).Count | Should -Be 0
        $run.Journal.safeguard.probe | Should -Be 'no flag (python)'
        $run.Result.ExitCode | Should -Be 1
    }
}
