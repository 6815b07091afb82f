# Invoke-ChaosExperiment: -DetailedExitCode and -EnableExit. Each test runs a real experiment and reads the journal the
# run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

Describe 'Exit codes (-DetailedExitCode and -EnableExit)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        $script:exitMarker = Join-Path $TestDrive 'exit.marker'
        $script:exitCases = @{
            steady      = { New-Experiment -Probes (New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            deviated    = { New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($exitMarker)).provider 1) -Method (New-Activity 'break' 'chaos-touch' @($exitMarker)) }
            failed      = { New-Experiment -Probes (New-Probe 'down' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            aborted     = { New-Experiment -Method @{ ref = 'nowhere' } }
            interrupted = { New-Experiment -Method (New-Activity 'warns' 'chaos-exit' @(3)), (New-Activity 'hang' 'chaos-sleep' @(30, (Join-Path $TestDrive 'exit-hang.pids'))) }
            invalid     = { $e = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')); $e.Remove('title'); $e }
            'not tested' = { New-Experiment -Probes (New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
        }

        # Runs the case in a pwsh of its own and returns its exit code.
        function script:Invoke-ExitCase([string] $Case, [string] $ExitParameter) {
            Remove-Item $exitMarker -ErrorAction Ignore
            $name = "exit-$($Case -replace ' ', '-')-$($ExitParameter.TrimStart('-'))"
            $path = Join-Path $TestDrive "$name.json"
            & $exitCases[$Case] | ConvertTo-Json -Depth 10 | Set-Content $path
            $extra = @{ aborted = '-NoValidation'; interrupted = '-WarningAction Stop' }[$Case] ?? '-WarningAction SilentlyContinue'
            $command = "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/$name.journal.json' -AzurePipelines:`$false $ExitParameter $extra"
            Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $command *>&1 | Out-Null
            $LASTEXITCODE
        }
    }

    It '-DetailedExitCode exits <code> for a <case> run' -ForEach @(
        @{ case = 'steady'; code = 0 }
        @{ case = 'deviated'; code = 1 }
        @{ case = 'failed'; code = 2 }
        @{ case = 'aborted'; code = 2 }
        @{ case = 'interrupted'; code = 3 }
        @{ case = 'invalid'; code = 4 }
        @{ case = 'not tested'; code = 5 }
    ) {
        Invoke-ExitCase $case '-DetailedExitCode' | Should -Be $code
    }

    It '-EnableExit alone keeps chaos run''s code <code> for a <case> run' -ForEach @(
        @{ case = 'not tested'; code = 0 }
        @{ case = 'failed'; code = 1 }
        @{ case = 'invalid'; code = 1 }
    ) {
        Invoke-ExitCase $case '-EnableExit' | Should -Be $code
    }

    It 'gives the detailed code on the output object too' {
        $run = Invoke-Experiment (& $exitCases['not tested'])
        $run.Result.ExitCode | Should -Be 0
        $run.Result.DetailedExitCode | Should -Be 5
    }
}
