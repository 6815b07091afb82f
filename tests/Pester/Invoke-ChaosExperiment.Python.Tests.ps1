# The Python bridge with real parts: the machine's Python 3, the test extension in Fixtures/Python (put on
# PYTHONPATH) and a `chaoslib` package laid out here. Each case states what `chaos run` (chaostoolkit-lib's
# chaoslib/provider/python.py and chaoslib/activity.py) does with the same experiment. Linux and macOS (signals, /bin).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
    $script:Python = Find-TestPython

    # chaoslib's two modules an extension imports, as small as they can be: ActivityFailed derives from ChaosException.
    $chaoslib = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'site/chaoslib') -Force
    Set-Content -LiteralPath (Join-Path $chaoslib '__init__.py') -Value ''
    Set-Content -LiteralPath (Join-Path $chaoslib 'exceptions.py') -Value "class ChaosException(Exception):`n    pass`n`n`nclass ActivityFailed(ChaosException):`n    pass`n`n`nclass InterruptExecution(ChaosException):`n    pass"
    Set-Content -LiteralPath (Join-Path $chaoslib 'types.py') -Value 'Configuration = dict'
    $script:SavedPythonPath = $env:PYTHONPATH
    $script:SavedNoBytecode = $env:PYTHONDONTWRITEBYTECODE
    $env:PYTHONDONTWRITEBYTECODE = '1'
    $env:PYTHONPATH = (Join-Path $PSScriptRoot 'Fixtures/Python') + [IO.Path]::PathSeparator + (Join-Path $TestDrive 'site')

    function New-PythonActivity([string] $Name, [string] $Func, [System.Collections.IDictionary] $Arguments = @{}, [string] $Module = 'pixietest.activities', [string] $Type = 'action', [System.Collections.IDictionary] $Extra = @{}) {
        $provider = [ordered]@{ type = 'python'; module = $Module; func = $Func; arguments = $Arguments }
        foreach ($key in $Extra.Keys) { $provider[$key] = $Extra[$key] }
        [ordered]@{ type = $Type; name = $Name; provider = $provider }
    }

    function Invoke-PythonExperiment([System.Collections.IDictionary] $Experiment) {
        Invoke-Experiment $Experiment -Parameters @{ PythonPath = $Python }
    }

    function Test-PythonExperiment([System.Collections.IDictionary] $Experiment, [hashtable] $Parameters = @{ PythonPath = $Python }) {
        $path = Join-Path $TestDrive "$([guid]::NewGuid().ToString('n')).json"
        $Experiment | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        Test-ChaosExperiment -LiteralPath $path -Detailed @Parameters
    }

    function Wait-Pid([string] $Marker) {
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while ([datetime]::UtcNow -lt $deadline) {
            $text = Get-Content -Raw -LiteralPath $Marker -ErrorAction Ignore
            if ($text -match '^\d+$') { return [int]$text }
            Start-Sleep -Milliseconds 50
        }
        throw "The activity did not start: no '$Marker'."
    }
}

AfterAll {
    $env:PYTHONPATH = $SavedPythonPath
    $env:PYTHONDONTWRITEBYTECODE = $SavedNoBytecode
}

Describe 'Python activities through the bridge' -Skip:($IsWindows -or -not $Python) {
    It 'passes the arguments and records the return value as the output' {
        $run = Invoke-PythonExperiment (New-Experiment -Method (New-PythonActivity 'add' 'add' ([ordered]@{ a = 2; b = 3 })))
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[0].output | Should -Be 5
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
    }

    It 'substitutes the arguments, and a lone ${key} keeps its type (chaos hands the function an int)' {
        $experiment = New-Experiment -Method (New-PythonActivity 'typed' 'describe' ([ordered]@{ value = '${count}' })) -Extra ([ordered]@{ configuration = [ordered]@{ count = 3 } })
        $output = (Invoke-PythonExperiment $experiment).Journal.run[0].output
        $output.type | Should -Be 'int'
        $output.value | Should -Be 3
    }

    It 'gives configuration only to a function that takes it' {
        $experiment = New-Experiment -Method @(
            New-PythonActivity 'greet' 'greet' ([ordered]@{ name = 'pixie' })
            New-PythonActivity 'add' 'add' ([ordered]@{ a = 1 })
        ) -Extra ([ordered]@{ configuration = [ordered]@{ region = 'eu-west-1' } })
        $run = Invoke-PythonExperiment $experiment
        $run.Journal.run[0].output.greeting | Should -Be 'hello pixie'
        $run.Journal.run[0].output.region | Should -Be 'eu-west-1'
        $run.Journal.run[1].output | Should -Be 2
    }

    It 'gives secrets as one flat dict of the listed scopes, and none when the provider lists no secrets key' {
        $experiment = New-Experiment -Method @(
            New-PythonActivity 'scoped' 'secret_keys' -Extra ([ordered]@{ secrets = @('k8s', 'aws') })
            New-PythonActivity 'unscoped' 'secret_keys'
        ) -Extra ([ordered]@{ secrets = [ordered]@{ k8s = [ordered]@{ token = 's3cr3t-k8s' }; aws = [ordered]@{ key = 's3cr3t-aws' } } })
        $run = Invoke-PythonExperiment $experiment
        $run.Journal.run[0].output | Should -Be @('key', 'token')
        $run.Journal.run[1].output | Should -BeNullOrEmpty
        $run.Journal.run[1].status | Should -Be 'succeeded'
    }

    It 'gives a dynamic configuration key the return value of a python probe, type kept' {
        $experiment = New-Experiment -Method (New-PythonActivity 'typed' 'describe' ([ordered]@{ value = '${answer}' })) -Extra ([ordered]@{
                configuration = [ordered]@{ answer = [ordered]@{ type = 'probe'; name = 'compute'; provider = [ordered]@{ type = 'python'; module = 'pixietest.activities'; func = 'add'; arguments = [ordered]@{ a = 40; b = 2 } } } }
            })
        $output = (Invoke-PythonExperiment $experiment).Journal.run[0].output
        $output.type | Should -Be 'int'
        $output.value | Should -Be 42
    }

    It 'keeps what an extension prints out of the protocol' {
        $run = Invoke-PythonExperiment (New-Experiment -Method (New-PythonActivity 'noisy' 'noisy'))
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[0].output | Should -Be 'quiet answer'
    }

    It 'keeps module state for the whole run, as chaos''s one interpreter does' {
        $run = Invoke-PythonExperiment (New-Experiment -Method @((New-PythonActivity 'first' 'count'), (New-PythonActivity 'second' 'count')))
        $run.Journal.run.output | Should -Be @(1, 2)
    }

    It 'records an exception as ActivityFailed with the traceback lines, and the method goes on (chaos: status completed)' {
        $run = Invoke-PythonExperiment (New-Experiment -Method @((New-PythonActivity 'fail' 'fail' ([ordered]@{ reason = 'disk full' })), (New-PythonActivity 'add' 'add' ([ordered]@{ a = 1 }))))
        $record = $run.Journal.run[0]
        $record.status | Should -Be 'failed'
        $record.output | Should -BeNullOrEmpty
        $record.exception[0] | Should -Be "Traceback (most recent call last):`n"
        $record.exception | Should -Contain "ValueError: disk full`n"
        $record.exception | Should -Contain "`nDuring handling of the above exception, another exception occurred:`n`n"
        $record.exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: ValueError: disk full`n"
        $run.Journal.run[1].status | Should -Be 'succeeded'
        $run.Journal.status | Should -Be 'completed'
    }

    It 'names an extension''s own exception type with its module, as Python renders it' {
        $record = (Invoke-PythonExperiment (New-Experiment -Method (New-PythonActivity 'quota' 'over_quota'))).Journal.run[0]
        $record.exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: pixietest.errors.QuotaError: over quota`n"
    }

    It 'wraps an ActivityFailed the function raises from chaoslib again, as chaos does' {
        $experiment = New-Experiment -Method (New-PythonActivity 'refuse' 'refuse' -Module 'pixietest.with_chaoslib') -Extra ([ordered]@{ configuration = [ordered]@{ cluster = 'prod' } })
        $record = (Invoke-PythonExperiment $experiment).Journal.run[0]
        $record.status | Should -Be 'failed'
        $record.exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: chaoslib.exceptions.ActivityFailed: the cluster refused: prod`n"
    }

    It 'fails an activity that raises InterruptExecution and goes on: only a control interrupts a run (chaos: failed record, completed)' {
        # chaoslib's python provider wraps every Exception, InterruptExecution included, in ActivityFailed (observed).
        $experiment = New-Experiment -Method @((New-PythonActivity 'stop' 'interrupt' -Module 'pixietest.with_chaoslib'), (New-PythonActivity 'add' 'add' ([ordered]@{ a = 1 })))
        $run = Invoke-PythonExperiment $experiment
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: chaoslib.exceptions.InterruptExecution: stop here`n"
        $run.Journal.run[1].status | Should -Be 'succeeded'
        $run.Journal.status | Should -Be 'completed'
    }

    It 'fails the run when an after-hypothesis probe raises (chaos: tolerance not met, failed, deviated)' {
        $probe = New-PythonActivity 'service up' 'steady_then_broken' -Type 'probe'
        $probe.tolerance = 5
        $run = Invoke-PythonExperiment (New-Experiment -Probes $probe -Method (New-PythonActivity 'add' 'add' ([ordered]@{ a = 1 })))
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after.probes[0].status | Should -Be 'failed'
        $run.Journal.steady_states.after.steady_state_met | Should -BeFalse
        $run.Journal.status | Should -Be 'failed'
        $run.Journal.deviated | Should -BeTrue
    }

    It 'never writes a secret the function puts in its exception' {
        $experiment = New-Experiment -Method (New-PythonActivity 'leak' 'leak' -Extra ([ordered]@{ secrets = @('k8s') })) -Extra ([ordered]@{ secrets = [ordered]@{ k8s = [ordered]@{ token = 's3cr3t-k8s' } } })
        $run = Invoke-PythonExperiment $experiment
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Text | Should -Not -Match 's3cr3t-k8s'
        $run.Journal.run[0].exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: ValueError: token *** was refused`n"
    }

    It 'fails an activity that returns <type>, saying what it returned (chaos would leave a truncated journal)' -ForEach @(
        @{ func = 'raw'; type = 'bytes' }
        @{ func = 'colours'; type = 'set' }
    ) {
        $run = Invoke-PythonExperiment (New-Experiment -Method (New-PythonActivity $func $func))
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -BeLike "chaoslib.exceptions.ActivityFailed: pixietest.activities.$func returned a $type value, which a journal cannot hold*"
        $run.Journal.status | Should -Be 'completed'
    }

    It 'ends the bridge on an activity timeout, fails the activity, and runs the next one in a new bridge' {
        $marker = Join-Path $TestDrive 'hang.pid'
        $hang = New-PythonActivity 'hang' 'hang' ([ordered]@{ marker = $marker }) -Extra ([ordered]@{ timeout = 1 })
        $run = Invoke-PythonExperiment (New-Experiment -Method @($hang, (New-PythonActivity 'after' 'count')))
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -BeLike 'chaoslib.exceptions.ActivityFailed: python activity took too long to complete*'
        Test-ProcessAlive (Get-Content -Raw $marker) | Should -BeFalse
        $run.Journal.run[1].status | Should -Be 'succeeded'
        $run.Journal.run[1].output | Should -Be 1 -Because 'the new bridge imported the module afresh'
    }

    It 'fails an activity whose function calls sys.exit, which ends the bridge (chaos would mark the run interrupted), and goes on in a new bridge' {
        $run = Invoke-PythonExperiment (New-Experiment -Method @((New-PythonActivity 'leave' 'leave'), (New-PythonActivity 'after' 'count')))
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -BeLike 'chaoslib.exceptions.ActivityFailed: pixietest.activities.leave did not complete: the Python bridge ended*'
        $run.Journal.run[1].output | Should -Be 1
        $run.Journal.status | Should -Be 'completed'
    }

    It 'leaves no bridge process once the run is over' {
        $run = Invoke-PythonExperiment (New-Experiment -Method (New-PythonActivity 'pid' 'bridge_pid'))
        $bridge = [int]$run.Journal.run[0].output
        $bridge | Should -BeGreaterThan 0
        Test-ProcessAlive $bridge | Should -BeFalse
    }

    It 'finds Python through CHAOSPIXIE_PYTHON without -PythonPath' {
        $saved = $env:CHAOSPIXIE_PYTHON
        try {
            $env:CHAOSPIXIE_PYTHON = $Python
            $run = Invoke-Experiment (New-Experiment -Method (New-PythonActivity 'add' 'add' ([ordered]@{ a = 4 })))
            $run.Journal.run[0].output | Should -Be 5
        }
        finally { $env:CHAOSPIXIE_PYTHON = $saved }
    }

    It 'ends the bridge when SIGTERM interrupts the run' {
        $marker = Join-Path $TestDrive 'sigterm.pid'
        $path = Join-Path $TestDrive 'sigterm.json'
        $journal = Join-Path $TestDrive 'sigterm.journal.json'
        New-Experiment -Method (New-PythonActivity 'hang' 'hang' ([ordered]@{ marker = $marker })) | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $commandLine = Get-PwshCommandLine
        $start = [System.Diagnostics.ProcessStartInfo]::new($commandLine[0])
        foreach ($argument in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
                "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$journal' -PythonPath '$Python' -AzurePipelines:`$false -WarningAction SilentlyContinue")) {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $child = [System.Diagnostics.Process]::Start($start)
        $null = $child.StandardOutput.ReadToEndAsync()
        $null = $child.StandardError.ReadToEndAsync()
        $bridge = Wait-Pid $marker
        kill -TERM $child.Id
        $child.WaitForExit(30000) | Should -BeTrue -Because 'the child must exit after the signal'
        $child.ExitCode | Should -Be 143
        (Get-Content -Raw $journal | ConvertFrom-Json).status | Should -Be 'interrupted'
        Test-ProcessAlive $bridge | Should -BeFalse -Because 'the bridge must end with the run'
    }
}

Describe 'Validation of python activities through the bridge' -Skip:($IsWindows -or -not $Python) {
    It 'accepts a function whose arguments bind, with configuration and secrets left to injection' {
        $experiment = New-Experiment -Method @((New-PythonActivity 'greet' 'greet' ([ordered]@{ name = 'x' })), (New-PythonActivity 'needs' 'needs_secrets'))
        Test-PythonExperiment $experiment | Should -BeNullOrEmpty
    }

    It 'reports <case> as chaos validate does' -ForEach @(
        @{ case = 'a missing module'; module = 'pixietest.nothere'; func = 'add'; arguments = @{}; message = "could not find Python module 'pixietest.nothere' in activity 'probe me' (ModuleNotFoundError: No module named 'pixietest.nothere'): install the package that provides the Python module 'pixietest' for the Python ChaosPixie uses"; at = '$.method[0].provider.module' }
        @{ case = 'a missing function'; module = 'pixietest.activities'; func = 'nothing'; arguments = @{}; message = "The python module 'pixietest.activities' does not expose a function called 'nothing' in action 'probe me'"; at = '$.method[0].provider.func' }
        @{ case = 'a class in place of a function'; module = 'pixietest.activities'; func = 'NotAFunction'; arguments = @{}; message = "The python module 'pixietest.activities' does not expose a function called 'NotAFunction' in action 'probe me'"; at = '$.method[0].provider.func' }
        @{ case = 'a missing argument'; module = 'pixietest.activities'; func = 'add'; arguments = @{ b = 2 }; message = "required argument 'a' is missing from activity 'add'"; at = '$.method[0].provider.arguments' }
        @{ case = 'an unexpected argument'; module = 'pixietest.activities'; func = 'add'; arguments = @{ a = 1; colour = 'red' }; message = "argument 'colour' is not part of the function signature in activity 'add'"; at = '$.method[0].provider.arguments.colour' }
        @{ case = 'a module that raises while imported'; module = 'pixietest.broken'; func = 'add'; arguments = @{}; message = "the Python module 'pixietest.broken' of activity 'probe me' failed while it was imported: RuntimeError: this module cannot load"; at = '$.method[0].provider.module' }
    ) {
        $problems = @(Test-PythonExperiment (New-Experiment -Method (New-PythonActivity 'probe me' $func $arguments -Module $module)))
        $problems | Should -HaveCount 1
        $problems[0].Message | Should -Be $message
        $problems[0].JsonPath | Should -Be $at
    }

    It 'says to pip install chaostoolkit-kubernetes for a chaosk8s module that is not installed' {
        $problems = @(Test-PythonExperiment (New-Experiment -Method (New-PythonActivity 'kill pods' 'terminate_pods' -Module 'chaosk8s.pod.actions')))
        $problems[0].Message | Should -BeLike "could not find Python module 'chaosk8s.pod.actions' in activity 'kill pods'*pip install chaostoolkit-kubernetes*"
    }

    It 'stops on Ctrl+C while a module''s import hangs, and ends the bridge' {
        $marker = Join-Path $TestDrive 'slow-import.pid'
        $path = Join-Path $TestDrive 'slow-import.json'
        New-Experiment -Method (New-PythonActivity 'slow' 'never' -Module 'pixietest.slow_import') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $env:PIXIETEST_MARKER = $marker
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-Module ChaosPixie).Path).AddStatement()
            $null = $shell.AddCommand('Test-ChaosExperiment').AddParameter('LiteralPath', $path).AddParameter('PythonPath', $Python)
            $pending = $shell.BeginInvoke()
            $bridge = Wait-Pid $marker
            $shell.Stop()
            $null = $pending.AsyncWaitHandle.WaitOne()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            Test-ProcessAlive $bridge | Should -BeFalse -Because 'Ctrl+C must end the bridge that imports the module'
        }
        finally {
            $shell.Dispose()
            $env:PIXIETEST_MARKER = $null
        }
    }

    It 'stops Invoke-ChaosExperiment before the run, with the reason' {
        $path = Join-Path $TestDrive 'invalid.json'
        New-Experiment -Method (New-PythonActivity 'add' 'add') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $journal = Join-Path $TestDrive 'invalid.journal.json'
        $thrown = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -PythonPath $Python } | Should -Throw -ErrorId 'ExperimentInvalid,*' -PassThru
        $thrown.Exception.Message | Should -BeLike "*required argument 'a' is missing from activity 'add'*"
        Test-Path $journal | Should -BeFalse
    }
}

Describe 'Python activities without Python' -Skip:$IsWindows {
    BeforeAll {
        $script:SavedPath = $env:PATH
        $script:SavedVariable = $env:CHAOSPIXIE_PYTHON
        $env:PATH = Join-Path $TestDrive 'empty'
        $env:CHAOSPIXIE_PYTHON = $null
    }

    AfterAll {
        $env:PATH = $SavedPath
        $env:CHAOSPIXIE_PYTHON = $SavedVariable
    }

    It 'says what to install for an extension''s module' {
        $path = Join-Path $TestDrive 'no-python.json'
        New-Experiment -Method (New-PythonActivity 'kill pods' 'terminate_pods' -Module 'chaosk8s.pod.actions') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $problems = @(Test-ChaosExperiment -LiteralPath $path -Detailed)
        $problems[0].Message | Should -BeLike '*no Python 3 interpreter was found*CHAOSPIXIE_PYTHON*-PythonPath*pip install chaostoolkit-kubernetes*'
    }

    It 'still runs chaostoolkit-pixie''s functions natively' {
        $tolerance = [ordered]@{ type = 'probe'; name = 'p95'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = 'median_should_be_below'
                arguments = [ordered]@{ value = @([ordered]@{ latency = 1 }, [ordered]@{ latency = 2 }); column = 'latency'; treshold = 10 } } }
        $run = Invoke-Experiment (New-Experiment -Method $tolerance)
        $run.Journal.run[0].status | Should -Be 'succeeded'
    }

    It 'refuses a -PythonPath that names no interpreter, with what to give' {
        $path = Join-Path $TestDrive 'bad-python.json'
        New-Experiment -Method (New-Activity 'say' 'true') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        { Test-ChaosExperiment -LiteralPath $path -PythonPath (Join-Path $TestDrive 'no-such-python') } | Should -Throw -ErrorId 'PythonNotFound,*'
    }
}
