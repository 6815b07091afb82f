# Invoke-ChaosExperiment: the powershell provider: commands and scripts run in this runspace. Each test runs a real
# experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'The powershell provider' {
    It 'splats arguments into a command, imports its module, and keeps its output as JSON' {
        $activity = [ordered]@{ type = 'probe'; name = 'join'; provider = [ordered]@{ type = 'powershell'; module = 'Microsoft.PowerShell.Utility'; func = 'Join-String'; arguments = [ordered]@{ InputObject = @('a', 'b'); Separator = '${sep}' } } }
        $run = Invoke-Experiment (New-Experiment -Method $activity -Extra ([ordered]@{ configuration = @{ sep = '-' } }))
        $run.Journal.run[0].output | Should -Be 'a-b'
        $run.Journal.run[0].status | Should -Be 'succeeded'
    }

    It 'runs a script with its arguments; objects and lists become JSON' {
        $activity = [ordered]@{ type = 'probe'; name = 'calc'; provider = [ordered]@{ type = 'powershell'; script = 'param($n) [pscustomobject]@{ doubled = $n * 2; list = 1, 2 }'; arguments = @{ n = '${n}' } } }
        $run = Invoke-Experiment (New-Experiment -Method $activity -Extra ([ordered]@{ configuration = @{ n = 21 } }))
        $run.Journal.run[0].output.doubled | Should -Be 42
        $run.Journal.run[0].output.list | Should -Be @(1, 2)
    }

    It 'fails the activity on a terminating error, with upstream''s exception list' {
        $activity = [ordered]@{ type = 'action'; name = 'boom'; provider = [ordered]@{ type = 'powershell'; script = 'throw "oops"' } }
        $run = Invoke-Experiment (New-Experiment -Method $activity)
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -Match '^chaoslib\.exceptions\.ActivityFailed: .*oops'
        $run.Journal.status | Should -Be 'completed'
    }
}
