# Invoke-ChaosExperiment: the journal it writes, as chaostoolkit's tools read it, and the result object it outputs. Each
# test runs a real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'The journal' {
    BeforeAll {
        $script:run = Invoke-Experiment (New-Experiment -Extra ([ordered]@{ 'unknown-key' = @{ kept = 1 }; configuration = @{ who = 'world' } }) `
                -Probes (New-Probe 'exists' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) `
                -Method (New-Activity 'say' 'chaos-echo' @('hello')) `
                -Rollbacks (New-Activity 'undo' 'chaos-echo' @('undo')))
    }

    It 'has upstream''s top-level keys in upstream''s order' {
        $run.Journal.PSObject.Properties.Name | Should -Be @('chaoslib-version', 'platform', 'node', 'experiment', 'start', 'status', 'deviated', 'steady_states', 'run', 'rollbacks', 'end', 'duration')
    }

    It 'gives a semver chaoslib-version, the platform and the node' {
        $run.Journal.'chaoslib-version' | Should -Match '^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$'
        $run.Journal.platform | Should -Not -BeNullOrEmpty
        $run.Journal.node | Should -Be ([Environment]::MachineName)
    }

    It 'stamps times as Python''s isoformat in UTC' {
        foreach ($stamp in $run.Journal.start, $run.Journal.end, $run.Journal.run[0].start, $run.Journal.run[0].end) {
            $stamp | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$'
        }
        $run.Journal.duration | Should -BeOfType [double]
    }

    It 'copies the experiment with unknown keys kept and dry set last' {
        $experiment = $run.Journal.experiment
        $experiment.'unknown-key'.kept | Should -Be 1
        $experiment.PSObject.Properties.Name[-1] | Should -Be 'dry'
        $experiment.dry | Should -BeNullOrEmpty
    }

    It 'writes run records in upstream''s key order, steady-state ones with tolerance_met' {
        $run.Journal.run[0].PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'end', 'duration')
        $run.Journal.steady_states.before.probes[0].PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'end', 'duration', 'tolerance_met')
        $run.Journal.steady_states.before.PSObject.Properties.Name | Should -Be @('steady_state_met', 'probes')
        $run.Journal.steady_states.PSObject.Properties.Name | Should -Be @('before', 'after', 'during')
    }

    It 'reports completed, not deviated, with before, after, run and rollbacks' {
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after.steady_state_met | Should -BeTrue
        $run.Journal.run.activity.name | Should -Be 'say'
        $run.Journal.rollbacks.activity.name | Should -Be 'undo'
    }

    It 'outputs a ChaosPixie.ChaosJournal that agrees with the file' {
        $run.Result.PSObject.TypeNames | Should -Contain 'ChaosPixie.ChaosJournal'
        $run.Result.Status | Should -Be 'completed'
        $run.Result.Deviated | Should -BeFalse
        $run.Result.SteadyStateBefore | Should -BeTrue
        $run.Result.Run[0].status | Should -Be 'succeeded'
        $run.Result.Rollbacks[0].activity.name | Should -Be 'undo'
        $run.Result.ExitCode | Should -Be 0
        $run.Result.JournalPath | Should -Exist
    }

    It 'is written atomically: no temporary file is left beside it' {
        Get-ChildItem $TestDrive -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'writes ./journal.json by default, relative to the current location' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'default-journal')
        $path = Join-Path $folder 'e.json'
        New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        Push-Location $folder
        try { $null = Invoke-ChaosExperiment -Path e.json } finally { Pop-Location }
        Join-Path $folder 'journal.json' | Should -Exist
    }
}

Describe 'The output view' {
    It 'shows the verdict, the steady states and the records at a glance' {
        $run = Invoke-Experiment (New-Experiment -Probes (New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) -Method (New-Activity 'say' 'chaos-echo' @('x')))
        $text = $run.Result | Out-String -Width 200
        $text | Should -Match 'Status\s+: completed'
        $text | Should -Match 'SteadyState\s+: before: met, after: met, during: 0 run\(s\)'
        $text | Should -Match 'Run\s+: say \(succeeded\)'
    }
}
