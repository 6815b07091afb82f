# Invoke-ChaosExperiment: the process provider: real commands (Fixtures/Experiments/run/commands, put on PATH), their
# arguments, timeouts and process groups. Each test runs a real experiment and reads the journal the run wrote; the
# shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Fixtures = Initialize-ExperimentFixture
}

Describe 'The process provider' {
    It 'passes list arguments as argv with Python''s str(), dropping null and ""' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('bye', 1, 2.5, $true, $null, '', 'two words')))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('bye', '1', '2.5', 'True', 'two words')
        $run.Journal.run[0].output.status | Should -Be 0
        $run.Journal.run[0].output.stderr | Should -Be ''
    }

    It 'flattens the deprecated dict form into name, value pairs' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' ([ordered]@{ '-n' = 3; '-V' = $null })))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('-n', '3', '-V')
    }

    It 'runs string arguments through the shell, which parses quotes' -Skip:$IsWindows {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' '"a b" c $((1+2))'))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('a b', 'c', '3')
    }

    It 'keeps a non-zero exit code a success' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'fail' 'chaos-exit' @(3)))
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[0].output.status | Should -Be 3
        $run.Journal.status | Should -Be 'completed'
    }

    It 'kills the child and its children on timeout, and fails the activity with ActivityFailed' -Skip:$IsWindows {
        $pids = Join-Path $TestDrive 'pids.txt'
        $activity = New-Activity 'sleepy' 'chaos-sleep' @(30, $pids)
        $activity.provider.timeout = 0.5
        $run = Invoke-Experiment (New-Experiment -Method $activity)
        $record = $run.Journal.run[0]
        $record.status | Should -Be 'failed'
        $record.PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'exception', 'end', 'duration')
        $record.exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: process activity took too long to complete`n"
        $record.output | Should -BeNullOrEmpty
        foreach ($id in (Get-Content $pids) -split ' ') { Test-ProcessAlive $id | Should -BeFalse }
        $run.Journal.status | Should -Be 'completed'
    }

    It 'expands ~ in the path at run time' -Skip:$IsWindows {
        $userHome = New-Item -ItemType Directory (Join-Path $TestDrive 'home')
        Copy-Item (Join-Path $Fixtures 'commands/chaos-echo') (Join-Path $userHome 'my-echo')
        $saved = $env:HOME
        $env:HOME = $userHome.FullName
        try { $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'tilde' '~/my-echo' @('from-home'))) -Parameters @{ NoValidation = $true } }
        finally { $env:HOME = $saved }
        $run.Journal.run[0].output.stdout | Should -Be "from-home`n"
    }

    It 'runs in the current location and resolves relative paths against it' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'cwd')
        Push-Location $folder
        try { $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'touch' 'chaos-touch' @('made-here'))) } finally { Pop-Location }
        Join-Path $folder 'made-here' | Should -Exist
        $run.Journal.status | Should -Be 'completed'
    }

    It 'aborts the run when a list-argument executable is missing (validation skipped)' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'ghost' 'no-such-command-here' @('x'))) -Parameters @{ NoValidation = $true }
        $run.Journal.status | Should -Be 'aborted'
        $run.Journal.deviated | Should -BeFalse
        $run.Result.ExitCode | Should -Be 1
    }

    It 'fails an activity whose path is longer than a system takes, quoting only its start (validation skipped)' {
        $long = '/tmp/' + ('x' * 1MB)
        $run = Invoke-Experiment (New-Experiment -Method @((New-Activity 'long' $long @('x')), (New-Activity 'next' 'chaos-echo' @('after')))) -Parameters @{ NoValidation = $true }
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -BeLike "*the path of the process is $($long.Length) characters long, more than the 4096 a system allows: '/tmp/xxx*... ($($long.Length) characters)'*"
        ($run.Journal.run[0].exception -join '').Length | Should -BeLessThan 400
        $run.Journal.run[1].output.stdout | Should -Be "after`n"
        # The experiment and the run record's activity hold the path; no message repeats it.
        $run.Text.Length | Should -BeLessThan (2 * $long.Length + 100KB)
    }
}

Describe 'Activities' {
    It 'sleeps the pauses outside the record: after the end, before the next start' {
        $first = New-Activity 'first' 'chaos-echo' @('1') -Extra @{ pauses = @{ after = '${gap}' } }
        $run = Invoke-Experiment (New-Experiment -Method $first, (New-Activity 'second' 'chaos-echo' @('2')) -Extra ([ordered]@{ configuration = @{ gap = 0.4 } }))
        $gap = [datetimeoffset]$run.Journal.run[1].start - [datetimeoffset]$run.Journal.run[0].end
        $gap.TotalSeconds | Should -BeGreaterOrEqual 0.4
        $run.Journal.run[0].duration | Should -BeLessThan 0.4
    }

    It 'starts background activities, moves on, and awaits them before the end of the method' {
        $pids = Join-Path $TestDrive 'bg.txt'
        $background = New-Activity 'bg' 'chaos-sleep' @(1, $pids) -Extra @{ background = $true }
        $marker = Join-Path $TestDrive 'bg-after.marker'
        $run = Invoke-Experiment (New-Experiment -Method $background, (New-Activity 'fg' 'chaos-touch' @($marker)))
        $run.Journal.run.activity.name | Should -Be @('bg', 'fg')
        [datetimeoffset]$run.Journal.run[1].start | Should -BeLessThan ([datetimeoffset]$run.Journal.run[0].end)
        [datetimeoffset]$run.Journal.run[0].end | Should -BeLessOrEqual ([datetimeoffset]$run.Journal.end)
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded')
    }
}
