# Invoke-ChaosExperiment: the steady-state hypothesis, the run statuses and the hypothesis strategies. Each test runs a
# real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

Describe 'The steady-state hypothesis and the statuses' {
    BeforeAll {
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $script:notOk = New-Probe 'not-ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
    }

    It 'is completed, not deviated, and skips the method when "before" misses on tolerance alone; rollbacks still run' {
        $run = Invoke-Experiment (New-Experiment -Probes $notOk -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.run | Should -HaveCount 0
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        $run.Journal.steady_states.before.steady_state_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 1
        $run.Result.ExitCode | Should -Be 0
    }

    It 'is failed when a "before" probe fails, stops the hypothesis there, and plays no rollbacks by default' {
        $failing = New-Probe 'timeout' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200
        $run = Invoke-Experiment (New-Experiment -Probes $failing, $ok -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'failed'
        $run.Journal.steady_states.before.probes | Should -HaveCount 1
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 0
        $run.Result.ExitCode | Should -Be 1
    }

    It 'deviates when "after" misses, with status completed and exit code 1' {
        $marker = Join-Path $TestDrive 'deviate.marker'
        $probe = New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method (New-Activity 'break' 'chaos-touch' @($marker)) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeTrue
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after.steady_state_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 1
        $run.Result.Deviated | Should -BeTrue
        $run.Result.ExitCode | Should -Be 1
    }

    It 'never fails the run for a failed method action' {
        $activity = New-Activity 'slow' 'chaos-sleep' @(5, (Join-Path $TestDrive 'p'))
        $activity.provider.timeout = 0.2
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $activity, (New-Activity 'next' 'chaos-echo' @('x')))
        $run.Journal.run.status | Should -Be @('failed', 'succeeded')
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
    }

    It 'skips the hypothesis when it has no probes: before and after stay null' {
        $run = Invoke-Experiment (New-Experiment -Probes @() -Method (New-Activity 'act' 'chaos-echo' @('x')))
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        $run.Journal.status | Should -Be 'completed'
    }

    It 'records the referenced activity for a ref, and aborts on a ref that resolves to nothing' {
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method @{ ref = 'ok' })
        $run.Journal.run[0].activity.name | Should -Be 'ok'
        $run.Journal.run[0].activity.tolerance | Should -Be 0
        $bad = Invoke-Experiment (New-Experiment -Probes $ok -Method @{ ref = 'nope' } -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u'))) -Parameters @{ NoValidation = $true }
        $bad.Journal.status | Should -Be 'aborted'
        $bad.Journal.rollbacks | Should -HaveCount 1
    }
}

Describe 'Hypothesis strategies' {
    BeforeAll {
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $script:method = New-Activity 'act' 'chaos-echo' @('x')
    }

    It '<strategy> runs before: <before>, after: <after>, during: <during>' -ForEach @(
        @{ strategy = 'Default'; before = $true; after = $true; during = $false }
        @{ strategy = 'BeforeMethodOnly'; before = $true; after = $false; during = $false }
        @{ strategy = 'AfterMethodOnly'; before = $false; after = $true; during = $false }
        @{ strategy = 'DuringMethodOnly'; before = $false; after = $false; during = $true }
        @{ strategy = 'Continuously'; before = $true; after = $true; during = $true }
        @{ strategy = 'Skip'; before = $false; after = $false; during = $false }
    ) {
        $slow = New-Activity 'wait' 'chaos-echo' @('y') -Extra @{ pauses = @{ after = 0.3 } }
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $slow) -Parameters @{ HypothesisStrategy = $strategy; HypothesisFrequency = 0.05 }
        ($null -ne $run.Journal.steady_states.before) | Should -Be $before
        ($null -ne $run.Journal.steady_states.after) | Should -Be $after
        ($run.Journal.steady_states.during.Count -gt 0) | Should -Be $during
        $run.Journal.status | Should -Be 'completed'
    }

    It 'takes the strategy from the experiment''s runtime block' {
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $method -Extra ([ordered]@{ runtime = @{ hypothesis = @{ strategy = 'after-method-only' } } }))
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        $run.Journal.steady_states.after.steady_state_met | Should -BeTrue
    }

    Context 'a hypothesis that breaks during the method' {
        BeforeEach {
            $script:marker = Join-Path $TestDrive "during-$([guid]::NewGuid()).marker"
            $script:probe = New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
            # The first action breaks the hypothesis and waits long enough for the loop to see it.
            $script:steps = @(
                (New-Activity 'break' 'chaos-touch' @($marker) -Extra @{ pauses = @{ after = 1.5 } })
                (New-Activity 'later' 'chaos-echo' @('x'))
            )
        }

        It 'never sets deviated or the status without fail-fast' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps) -Parameters @{ HypothesisStrategy = 'DuringMethodOnly'; HypothesisFrequency = 0.1 }
            $run.Journal.status | Should -Be 'completed'
            $run.Journal.deviated | Should -BeFalse
            $run.Journal.run | Should -HaveCount 2
            $run.Journal.steady_states.during.steady_state_met | Should -Contain $false
            $run.Result.ExitCode | Should -Be 0
        }

        It 'fails fast: status failed, the method stops, no rollbacks by default' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u'))) -Parameters @{ HypothesisStrategy = 'DuringMethodOnly'; HypothesisFrequency = 0.1; FailFast = $true }
            $run.Journal.status | Should -Be 'failed'
            $run.Journal.deviated | Should -BeFalse
            $run.Journal.run.activity.name | Should -Be 'break'
            $run.Journal.steady_states.during[-1].steady_state_met | Should -BeFalse
            $run.Journal.rollbacks | Should -HaveCount 0
        }

        It 'lets the after-hypothesis overwrite a fail-fast status under continuously' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps) -Parameters @{ HypothesisStrategy = 'Continuously'; HypothesisFrequency = 0.1; FailFast = $true }
            $run.Journal.status | Should -Be 'completed'
            $run.Journal.deviated | Should -BeTrue
            $run.Result.ExitCode | Should -Be 1
        }
    }
}
