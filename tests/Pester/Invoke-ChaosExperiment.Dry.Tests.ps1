# Invoke-ChaosExperiment: the dry modes. Each test runs a real experiment and reads the journal the run wrote; the
# shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'Dry modes' {
    BeforeAll {
        $script:probe = New-Probe 'p' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
        $script:action = New-Activity 'a' 'chaos-echo' @('x') -Extra @{ pauses = @{ before = 5; after = 5 } }
        $script:methodProbe = New-Activity 'mp' 'chaos-echo' @('p') -Type probe
    }

    It 'Activities runs nothing, skips pauses and tolerances, and records the mode' {
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $action, $methodProbe) -Parameters @{ Dry = 'Activities' }
        $run.Journal.experiment.dry | Should -Be 'activities'
        $run.Journal.run | Where-Object { $null -ne $_.output } | Should -BeNullOrEmpty
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded')
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.status | Should -Be 'completed'
    }

    It 'Actions runs probes (with tolerances) but no action' {
        $run = Invoke-Experiment (New-Experiment -Method $action, $methodProbe) -Parameters @{ Dry = 'Actions' }
        $run.Journal.run[0].output | Should -BeNullOrEmpty
        $run.Journal.run[1].output.stdout | Should -Be "p`n"
        $run.Journal.experiment.dry | Should -Be 'actions'
    }

    It 'Probes runs actions but no probe, and skips tolerances' {
        $quick = New-Activity 'a' 'chaos-echo' @('x')
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $quick, $methodProbe) -Parameters @{ Dry = 'Probes' }
        $run.Journal.run[0].output.stdout | Should -Be "x`n"
        $run.Journal.run[1].output | Should -BeNullOrEmpty
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'Pause runs everything but the pauses' {
        $run = Invoke-Experiment (New-Experiment -Method $action) -Parameters @{ Dry = 'Pause' }
        $run.Journal.run[0].output.stdout | Should -Be "x`n"
        $run.Journal.experiment.dry | Should -Be 'pause'
        ([datetimeoffset]$run.Journal.end - [datetimeoffset]$run.Journal.start).TotalSeconds | Should -BeLessThan 5
    }
}
