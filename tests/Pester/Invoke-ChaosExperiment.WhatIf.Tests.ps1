# Invoke-ChaosExperiment: ShouldProcess (-WhatIf, -Confirm), exit codes and the errors of an experiment that cannot run.
# Each test runs a real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'ShouldProcess, exit codes and errors' {
    It '-WhatIf runs nothing, writes no journal and outputs nothing' {
        $marker = Join-Path $TestDrive 'whatif.marker'
        $path = Join-Path $TestDrive 'whatif.json'
        New-Experiment -Probes (New-Probe 'p' (New-Activity -Path 'chaos-touch' -Arguments @($marker)).provider 0) -Method (New-Activity 'a' 'chaos-touch' @($marker)) | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive 'whatif.journal.json'
        $output = Invoke-ChaosExperiment -Path $path -JournalPath $journal -WhatIf
        $output | Should -BeNullOrEmpty
        $marker | Should -Not -Exist
        $journal | Should -Not -Exist
    }

    It '-WhatIf prints the plan: each probe, action and rollback in run order, refs resolved, each described by its provider type' {
        $path = Join-Path $TestDrive 'plan.json'
        $experiment = New-Experiment -Probes (New-Probe 'ready' (New-Activity -Path 'chaos-echo' -Arguments @('x')).provider 0) `
            -Method (New-Activity 'load' 'chaos-echo' @('y')), ([ordered]@{ ref = 'ready' }) -Rollbacks (New-Activity 'restore' 'chaos-echo' @('z'))
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force
        $env:CHAOSPIXIE_PLAN = $path
        try { $lines = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', 'Import-Module ChaosPixie; Invoke-ChaosExperiment -Path $env:CHAOSPIXIE_PLAN -WhatIf' }
        finally { Remove-Item Env:CHAOSPIXIE_PLAN }
        $plan = @($lines | Where-Object { $_ -like 'What if:*' })
        $plan | Should -Be @(
            'What if: Performing the operation "Run steady-state probe" on target "ready (process: chaos-echo x)".'
            'What if: Performing the operation "Run chaos action" on target "load (process: chaos-echo y)".'
            'What if: Performing the operation "Run chaos probe" on target "ready (process: chaos-echo x)".'
            'What if: Performing the operation "Run rollback" on target "restore (process: chaos-echo z)".')
    }

    It '-EnableExit exits <code> for a <case> run' -ForEach @(
        @{ case = 'completed'; code = 0 }
        @{ case = 'deviated'; code = 1 }
    ) {
        $marker = Join-Path $TestDrive "exit-$case.marker"
        $method = if ($case -eq 'deviated') { New-Activity 'break' 'chaos-touch' @($marker) } else { New-Activity 'calm' 'chaos-echo' @('x') }
        $path = Join-Path $TestDrive "exit-$case.json"
        New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1) -Method $method | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive "exit-$case.journal.json"
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$journal' -EnableExit -WarningAction SilentlyContinue" | Out-Null
        $LASTEXITCODE | Should -Be $code
    }

    It '-EnableExit exits 2 for a variable file that does not exist, as chaos run does for a usage error' {
        $path = Join-Path $TestDrive 'exit-usage.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; Invoke-ChaosExperiment -LiteralPath '$path' -VariableFile '$TestDrive/none.env' -JournalPath '$TestDrive/u.json' -EnableExit" 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 2
    }

    It 'reports YAML with a flow collection left open as ExperimentParseError with a line, not a raw error' {
        # YamlDotNet's scanner throws InvalidOperationException on this input; PyYAML says "while parsing a flow sequence".
        $path = Join-Path $TestDrive 'unclosed.yaml'
        Set-Content -LiteralPath $path -Value "title: t`ndescription: d`nmethod: [unclosed`ntags: {}"
        $thrown = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'unclosed.journal.json') -ErrorAction Stop } | Should -Throw -ErrorId 'ExperimentParseError,*' -PassThru
        $thrown.Exception.Message | Should -BeLike 'Failed parsing YAML experiment: *(line *, column *)*'
    }

    It 'reports a missing experiment as ExperimentNotFound' {
        { Invoke-ChaosExperiment -Path (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExperimentNotFound,ChaosPixie.PowerShell.Commands.InvokeChaosExperimentCommand'
    }

    It 'reports an unsupported extension with upstream''s message' {
        $path = Join-Path $TestDrive 'experiment.txt'
        '{}' | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentUnsupportedFormat,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Be 'only files with json, yaml or yml extensions are supported'
    }

    It 'validates first: an invalid experiment stops with upstream''s first message and the JSON path, and runs nothing' {
        $marker = Join-Path $TestDrive 'invalid.marker'
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-touch' @($marker))
        $experiment.Remove('title')
        $path = Join-Path $TestDrive 'invalid.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'invalid.journal.json') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -BeLike '*experiment requires a title (at $*'
        $err.TargetObject | Should -Be $path
        $marker | Should -Not -Exist
    }

    It 'refuses an unknown hypothesis strategy even without validation, where upstream crashes' {
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) -Extra ([ordered]@{ runtime = @{ hypothesis = @{ strategy = 'sometimes' } } })
        $path = Join-Path $TestDrive 'strategy.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'strategy.journal.json') -NoValidation -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $err.Exception.Message | Should -BeLike "*Unknown strategy: 'sometimes'*runtime.hypothesis.strategy*"
    }

    It 'reports a journal it cannot write, and still outputs the verdict' {
        $blocker = Join-Path $TestDrive 'not-a-folder'
        'x' | Set-Content $blocker
        $path = Join-Path $TestDrive 'unwritable.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $blocker 'journal.json') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalWriteFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'WriteError'
        $result.Status | Should -Be 'completed'
        $result.JournalPath | Should -BeNullOrEmpty
    }

    It 'reports a missing variable file before running anything' {
        $path = Join-Path $TestDrive 'varfile.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        { Invoke-ChaosExperiment -LiteralPath $path -VariableFile (Join-Path $TestDrive 'no-such-vars.json') -JournalPath (Join-Path $TestDrive 'vf.journal.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExperimentNotFound,*'
        Join-Path $TestDrive 'vf.journal.json' | Should -Not -Exist
    }

    It 'keeps secrets out of the verbose and warning streams' {
        $path = Join-Path $TestDrive 'verbose-secret.json'
        New-Experiment -Method (New-Activity 'leak ${password}' 'chaos-exit' @(1)) -Extra ([ordered]@{ secrets = @{ db = @{ password = 'verbose-s3cret' } } }) |
            ConvertTo-Json -Depth 10 | Set-Content $path
        $streams = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'vs.journal.json') -Verbose 4>&1 3>&1 6>&1 | Out-String
        $streams | Should -Match 'Action: leak'
        $streams | Should -Not -Match 'verbose-s3cret'
    }

    It 'logs each step as chaos run does, on the host by default, quiet under -InformationAction SilentlyContinue' {
        $path = Join-Path $TestDrive 'logged.json'
        New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $null = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'logged.journal.json') -InformationVariable info -InformationAction Ignore
        $logged = @($info | Where-Object { $_.Tags -contains 'ChaosPixie.Run' } | ForEach-Object { "$($_.MessageData)" })
        @($logged -match '^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO\] Action: say$') | Should -HaveCount 1
        $logged[0] | Should -Match '^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO\] Running experiment: '

        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        $shown = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/shown.json'"
        ($shown -join "`n") | Should -Match '(?m)^\[[-\d :]+ INFO\] Action: say$'
        $quiet = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/quiet.json' -InformationAction SilentlyContinue"
        ($quiet -join "`n") | Should -Not -Match 'INFO\]'
    }

    It 'refuses a wildcard that matches several experiments' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'many')
        '{}' | Set-Content (Join-Path $folder 'a.json')
        '{}' | Set-Content (Join-Path $folder 'b.json')
        { Invoke-ChaosExperiment -Path (Join-Path $folder '*.json') -ErrorAction Stop } | Should -Throw -ErrorId 'ExperimentPathAmbiguous,*'
    }
}
