# Invoke-ChaosExperiment: the rollback strategies. Each test runs a real experiment and reads the journal the run wrote;
# the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

Describe 'Rollback strategies' {
    BeforeAll {
        $script:undo = New-Activity 'undo' 'chaos-echo' @('u')
        $script:failing = New-Probe 'refused' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
    }

    It 'plays rollbacks under <strategy> for a <case> run: <played>' -ForEach @(
        @{ strategy = 'Default'; case = 'completed'; played = 1 }
        @{ strategy = 'Default'; case = 'failed'; played = 0 }
        @{ strategy = 'Always'; case = 'failed'; played = 1 }
        @{ strategy = 'Never'; case = 'completed'; played = 0 }
        @{ strategy = 'Deviated'; case = 'completed'; played = 0 }
        @{ strategy = 'Deviated'; case = 'deviated'; played = 1 }
    ) {
        $marker = Join-Path $TestDrive "rb-$([guid]::NewGuid()).marker"
        $experiment = switch ($case) {
            'completed' { New-Experiment -Probes $ok -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo }
            'failed' { New-Experiment -Probes $failing -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo }
            'deviated' { New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1) -Method (New-Activity 'break' 'chaos-touch' @($marker)) -Rollbacks $undo }
        }
        $run = Invoke-Experiment $experiment -Parameters @{ RollbackStrategy = $strategy }
        $run.Journal.rollbacks | Should -HaveCount $played
    }

    It 'plays no rollbacks for an unknown strategy in the runtime block, as upstream' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo -Extra ([ordered]@{ runtime = @{ rollbacks = @{ strategy = 'sometimes' } } })) -Parameters @{ NoValidation = $true }
        $run.Journal.rollbacks | Should -HaveCount 0
        $run.Journal.status | Should -Be 'completed'
    }
}
