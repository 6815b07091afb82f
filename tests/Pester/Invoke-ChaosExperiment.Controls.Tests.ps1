# Python controls through the Python bridge, with real parts: the machine's Python 3, a control module written here
# that records every hook it receives to a file, and a `chaoslib` package laid out here with the exception classes a
# control raises. Each case states what `chaos run` does (chaostoolkit-lib's chaoslib/control/__init__.py,
# chaoslib/control/python.py and chaoslib/run.py). Linux and macOS.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
    $fixtures = Initialize-ExperimentFixture

    $site = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'site/chaoslib') -Force
    Set-Content -LiteralPath (Join-Path $site '__init__.py') -Value ''
    Set-Content -LiteralPath (Join-Path $site 'exceptions.py') -Value @'
class ChaosException(Exception):
    pass


class InvalidActivity(ChaosException):
    pass


class InterruptExecution(ChaosException):
    pass
'@
    # Records each hook as one JSON line: its name, the control's label, what the context and state say.
    Set-Content -LiteralPath (Join-Path $TestDrive 'site/recorder.py') -Value @'
import json
import os

from chaoslib.exceptions import InterruptExecution, InvalidActivity


def _name(value):
    if isinstance(value, dict):
        return value.get("name") or value.get("title")
    return value


def _state(value):
    if isinstance(value, dict):
        for key in ("status", "steady_state_met", "title"):
            if key in value:
                return value[key]
        return None
    if isinstance(value, list):
        return len(value)
    return value


def _write(hook, label=None, context=None, state=None, **extra):
    line = {"hook": hook, "label": label, "context": _name(context), "state": _state(state)}
    line.update(extra)
    with open(os.environ["CONTROL_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


def _act(hook, label, fail):
    if fail == hook:
        raise ValueError("control %s failed" % label)
    if fail == "interrupt:" + hook:
        raise InterruptExecution("stopped by %s" % label)


def validate_control(control):
    _write("validate_control", control.get("name"))
    if control.get("provider", {}).get("arguments", {}).get("invalid"):
        raise InvalidActivity("control %s says it is invalid" % control["name"])


_FAIL_CLEANUP = []


def configure_control(configuration=None, secrets=None, settings=None, experiment=None, label=None, fail=None, who=None, **kwargs):
    _write("configure_control", label, experiment, who=who, token=(secrets or {}).get("k8s", {}).get("token"))
    if fail == "cleanup_control":
        _FAIL_CLEANUP.append(label)
    _act("configure_control", label, fail)


def cleanup_control():
    _write("cleanup_control")
    if _FAIL_CLEANUP:
        raise RuntimeError("cleanup of %s failed" % _FAIL_CLEANUP[0])


def _edit(hook, edit, handed):
    # edit: {hook: {"configuration" | "secrets" | "state" | "context": {key: value}}}, set in place as a control does.
    for target, values in ((edit or {}).get(hook) or {}).items():
        handed[target].update(values)


def _hook(hook):
    def record(context, state=None, configuration=None, secrets=None, label=None, fail=None, who=None, edit=None, **kwargs):
        _write(hook, label, context, state, who=who, region=(configuration or {}).get("region"))
        _edit(hook, edit, {"configuration": configuration, "secrets": secrets, "state": state, "context": context})
        _act(hook, label, fail)
    record.__name__ = hook
    return record


for _scope in ("before", "after"):
    for _level in ("loading_experiment", "experiment", "hypothesis", "method", "rollback", "activity"):
        _name_of_hook = "%s_%s_control" % (_scope, _level)
        globals()[_name_of_hook] = _hook(_name_of_hook)
'@
    $script:SavedPythonPath = $env:PYTHONPATH
    $script:SavedNoBytecode = $env:PYTHONDONTWRITEBYTECODE
    $env:PYTHONDONTWRITEBYTECODE = '1'
    $env:PYTHONPATH = Join-Path $TestDrive 'site'

    function New-Control([string] $Name, [System.Collections.IDictionary] $Arguments = @{}, [System.Collections.IDictionary] $Extra = @{}) {
        $given = [ordered]@{ label = $Name }
        foreach ($key in $Arguments.Keys) { $given[$key] = $Arguments[$key] }
        $control = [ordered]@{ name = $Name; provider = [ordered]@{ type = 'python'; module = 'recorder'; arguments = $given } }
        foreach ($key in $Extra.Keys) { $control[$key] = $Extra[$key] }
        $control
    }

    function Invoke-Recorded([System.Collections.IDictionary] $Experiment, [hashtable] $Parameters = @{}) {
        $env:CONTROL_LOG = Join-Path $TestDrive "$([guid]::NewGuid().ToString('n')).log"
        $run = Invoke-Experiment $Experiment -Parameters (@{ PythonPath = $Python } + $Parameters)
        $hooks = @(Get-Content -LiteralPath $env:CONTROL_LOG -ErrorAction Ignore | ForEach-Object { $_ | ConvertFrom-Json })
        $run | Add-Member -NotePropertyName Hooks -NotePropertyValue $hooks -PassThru
    }

    # "hook label" per line, the way the expected orders below are written.
    function Format-Hook([object[]] $Hooks) { @($Hooks | ForEach-Object { if ($_.label) { "$($_.hook) $($_.label)" } else { $_.hook } }) }

    $script:Echo = { param([string] $Name) New-Activity $Name 'chaos-echo' @($Name) }
    $script:Probe = New-Activity 'healthy' 'chaos-exit' @('0') -Type 'probe' -Extra @{ tolerance = 0 }
}

AfterAll {
    $env:PYTHONPATH = $SavedPythonPath
    $env:PYTHONDONTWRITEBYTECODE = $SavedNoBytecode
    Remove-Item Env:CONTROL_LOG -ErrorAction Ignore
}

Describe 'Python controls' -Skip:($IsWindows -or -not $Python) {
    It 'calls every hook in chaos run''s order: validate, configure, experiment, hypothesis, method, hypothesis again, rollbacks, cleanup' {
        # chaos run: validate_control at validation, configure_control, before_experiment, each hypothesis run wrapped
        # in its hooks with each probe's activity hooks, the method's, the rollbacks' (played: completed, default
        # strategy), after_experiment with the journal, then cleanup_control().
        $experiment = New-Experiment -Probes $Probe -Method @((& $Echo 'first'), (& $Echo 'second')) -Rollbacks (& $Echo 'undo') -Extra ([ordered]@{ controls = @(New-Control 'audit') })
        $run = Invoke-Recorded $experiment
        $run.Journal.status | Should -Be 'completed'
        Format-Hook $run.Hooks | Should -Be @(
            'validate_control audit', 'configure_control audit', 'before_experiment_control audit',
            'before_hypothesis_control audit', 'before_activity_control audit', 'after_activity_control audit', 'after_hypothesis_control audit',
            'before_method_control audit', 'before_activity_control audit', 'after_activity_control audit', 'before_activity_control audit', 'after_activity_control audit', 'after_method_control audit',
            'before_hypothesis_control audit', 'before_activity_control audit', 'after_activity_control audit', 'after_hypothesis_control audit',
            'before_rollback_control audit', 'before_activity_control audit', 'after_activity_control audit', 'after_rollback_control audit',
            'after_experiment_control audit', 'cleanup_control')
        # The contexts and states chaoslib passes: the experiment, the hypothesis, each activity and its record, the runs, the journal.
        $run.Hooks[2].context | Should -Be 'test'
        $run.Hooks[3].context | Should -Be 'holds'
        $run.Hooks[5].context | Should -Be 'healthy'
        $run.Hooks[5].state | Should -Be 'succeeded'
        $run.Hooks[6].state | Should -BeTrue
        ($run.Hooks | Where-Object hook -EQ 'after_method_control').state | Should -Be 2
        ($run.Hooks | Where-Object hook -EQ 'after_rollback_control').state | Should -Be 1
        ($run.Hooks | Where-Object hook -EQ 'after_experiment_control').state | Should -Be 'completed'
        @($run.Hooks | Where-Object hook -EQ 'before_activity_control').context | Should -Be @('healthy', 'first', 'second', 'healthy', 'undo')
    }

    It 'reaches each hook by chaos''s rules: automatic false only at the experiment level, scope before, an activity''s own control after the top-level ones' {
        # chaoslib's get_context_controls: experiment hooks get every top-level control; method hooks only the automatic
        # ones; an activity with its own control x gets the automatic top-level ones first, then x; scope filters.
        $action = & $Echo 'act'
        $action.controls = @(New-Control 'x')
        $controls = @((New-Control 'audit'), (New-Control 'report' -Extra @{ automatic = $false }), (New-Control 'pre' -Extra @{ scope = 'before' }))
        $run = Invoke-Recorded (New-Experiment -Method $action -Extra ([ordered]@{ controls = $controls }))
        Format-Hook $run.Hooks | Should -Be @(
            'validate_control audit', 'validate_control report', 'validate_control pre', 'validate_control x',
            'configure_control audit', 'configure_control report', 'configure_control pre', 'configure_control x',
            'before_experiment_control audit', 'before_experiment_control report', 'before_experiment_control pre',
            'before_method_control audit', 'before_method_control pre',
            'before_activity_control audit', 'before_activity_control pre', 'before_activity_control x',
            'after_activity_control audit', 'after_activity_control x',
            'after_method_control audit',
            'after_experiment_control audit', 'after_experiment_control report',
            'cleanup_control', 'cleanup_control', 'cleanup_control', 'cleanup_control')
    }

    It 'gives configure_control the arguments as written and the other hooks them substituted, with configuration and secrets by parameter name' {
        # chaoslib: initialize_control passes a deep copy of the arguments unsubstituted; apply_python_control substitutes them.
        $extra = [ordered]@{
            configuration = [ordered]@{ region = 'eu-west-1'; person = 'pixie' }
            secrets       = [ordered]@{ k8s = [ordered]@{ token = 's3cr3t' } }
            controls      = @(New-Control 'audit' ([ordered]@{ who = '${person}' }))
        }
        $run = Invoke-Recorded (New-Experiment -Method (& $Echo 'act') -Extra $extra)
        $configure = $run.Hooks | Where-Object hook -EQ 'configure_control'
        $configure.who | Should -Be '${person}'
        $configure.token | Should -Be 's3cr3t'
        $before = $run.Hooks | Where-Object hook -EQ 'before_experiment_control'
        $before.who | Should -Be 'pixie'
        $before.region | Should -Be 'eu-west-1'
    }

    It 'runs later activities with the configuration a hook changed, and redacts the secrets it changed' {
        # chaoslib hands hooks the runner's own configuration and secrets: what before_experiment_control sets there,
        # later substitutions see. The journal never holds a secret, the new one included.
        $edit = [ordered]@{ before_experiment_control = [ordered]@{ configuration = [ordered]@{ region = 'us-east-2' }; secrets = [ordered]@{ k8s = [ordered]@{ token = 'fr3sh-t0ken' } } } }
        $extra = [ordered]@{
            configuration = [ordered]@{ region = 'eu-west-1' }
            secrets       = [ordered]@{ k8s = [ordered]@{ token = 'old-t0ken' } }
            controls      = @(New-Control 'audit' ([ordered]@{ edit = $edit }))
        }
        $run = Invoke-Recorded (New-Experiment -Method (New-Activity 'show' 'chaos-echo' @('${region}', '${token}')) -Extra $extra)
        $run.Journal.status | Should -Be 'completed'
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('us-east-2', '***')
        ($run.Hooks | Where-Object hook -EQ 'before_activity_control').region | Should -Be 'us-east-2'
        $run.Text | Should -Not -Match 'fr3sh-t0ken|old-t0ken'
    }

    It 'validates and runs the experiment as after_loading_experiment_control left it (chaos: the loader returns the state it handed)' {
        # The file has no title, which validation refuses; the global control's loader hook adds one before validation.
        $file = Join-Path $TestDrive 'loader-edit.json'
        $edit = [ordered]@{ after_loading_experiment_control = [ordered]@{ state = [ordered]@{ title = 'titled by the loader' } } }
        [ordered]@{ g = [ordered]@{ provider = [ordered]@{ type = 'python'; module = 'recorder'; arguments = [ordered]@{ label = 'g'; edit = $edit } } } } |
            ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file
        $experiment = New-Experiment -Method (& $Echo 'act')
        $experiment.Remove('title')
        $run = Invoke-Recorded $experiment @{ ControlFile = $file }
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.experiment.title | Should -Be 'titled by the loader'
        ($run.Hooks | Where-Object hook -EQ 'before_experiment_control').context | Should -Be 'titled by the loader'
    }

    It 'logs and swallows an exception a hook raises, and the run goes on (chaos: completed)' {
        # chaoslib's apply_python_control catches any Exception but InterruptExecution and logs it at debug.
        $controls = @((New-Control 'broken' ([ordered]@{ fail = 'before_method_control' })), (New-Control 'audit'))
        $run = Invoke-Recorded (New-Experiment -Method @((& $Echo 'first'), (& $Echo 'second')) -Extra ([ordered]@{ controls = $controls }))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded')
        # The next control of the list still got the hook.
        Format-Hook ($run.Hooks | Where-Object hook -EQ 'before_method_control') | Should -Be @('before_method_control broken', 'before_method_control audit')
        $run.Result.ExitCode | Should -Be 0
    }

    It 'stops the run on InterruptExecution from after_activity_control: interrupted, later actions absent, after_method still called, no rollbacks by default, exit 1' {
        # chaos run (observed): the record of the action is complete and succeeded, the later actions do not run,
        # after_method_control still runs, status interrupted, rollbacks only under "always", exit 1.
        $first = & $Echo 'first'
        $first.controls = @(New-Control 'stopper' ([ordered]@{ fail = 'interrupt:after_activity_control' }))
        $experiment = New-Experiment -Probes $Probe -Method @($first, (& $Echo 'second')) -Rollbacks (& $Echo 'undo') -Extra ([ordered]@{ controls = @(New-Control 'audit') })
        $run = Invoke-Recorded $experiment
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.deviated | Should -BeFalse
        @($run.Journal.run).Count | Should -Be 1
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        @($run.Journal.rollbacks).Count | Should -Be 0
        $run.Result.ExitCode | Should -Be 1
        $run.Result.DetailedExitCode | Should -Be 3
        Format-Hook ($run.Hooks | Where-Object hook -In 'after_method_control', 'after_experiment_control', 'cleanup_control') | Should -Be @('after_method_control audit', 'after_experiment_control audit', 'cleanup_control', 'cleanup_control')
    }

    It 'plays the rollbacks after a control''s interruption under the always strategy (chaos: rollbacks 1)' {
        $first = & $Echo 'first'
        $first.controls = @(New-Control 'stopper' ([ordered]@{ fail = 'interrupt:before_activity_control' }))
        $run = Invoke-Recorded (New-Experiment -Method @($first, (& $Echo 'second')) -Rollbacks (& $Echo 'undo')) @{ RollbackStrategy = 'Always' }
        $run.Journal.status | Should -Be 'interrupted'
        @($run.Journal.run).Count | Should -Be 0
        $run.Journal.rollbacks.status | Should -Be 'succeeded'
        # chaoslib's controls context manager calls the after hook in its finally, with no state.
        $after = @($run.Hooks | Where-Object hook -EQ 'after_activity_control')
        $after.label | Should -Be 'stopper'
        $after.context | Should -Be 'first'
        $after.state | Should -BeNullOrEmpty
    }

    It 'stops before the hypothesis when before_experiment_control interrupts (chaos: interrupted, before null, run empty)' {
        $controls = @(New-Control 'gate' ([ordered]@{ fail = 'interrupt:before_experiment_control' }))
        $run = Invoke-Recorded (New-Experiment -Probes $Probe -Method (& $Echo 'act') -Extra ([ordered]@{ controls = $controls }))
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        @($run.Journal.run).Count | Should -Be 0
    }

    It 'changes nothing when after_experiment_control interrupts (chaos: completed, exit 0)' {
        $controls = @(New-Control 'late' ([ordered]@{ fail = 'interrupt:after_experiment_control' }))
        $run = Invoke-Recorded (New-Experiment -Method (& $Echo 'act') -Extra ([ordered]@{ controls = $controls }))
        $run.Journal.status | Should -Be 'completed'
        $run.Result.ExitCode | Should -Be 0
    }

    It 'keeps the journal when cleanup_control raises (chaos crashes after the run and writes no journal; users meant to keep it)' {
        $controls = @(New-Control 'messy' ([ordered]@{ fail = 'cleanup_control' }))
        $run = Invoke-Recorded (New-Experiment -Method (& $Echo 'act') -Extra ([ordered]@{ controls = $controls }))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Hooks[-1].hook | Should -Be 'cleanup_control'
    }

    It 'applies -ControlFile controls as chaos run --control-file does: loader hooks, first at the experiment level, after the top-level ones elsewhere, dropped at the method level' {
        # chaoslib with a global control g and a top-level control audit (observed): loader hooks g only, around
        # the loading, which chaos run does before it validates; validate_control audit and x, not g; experiment
        # hooks g, audit; an activity with control x gets audit, audit, g, x; method hooks audit only; cleanup of the
        # experiment controls, then of g.
        $file = Join-Path $TestDrive 'global-controls.yaml'
        Set-Content -LiteralPath $file -Value "g:`n  provider:`n    type: python`n    module: recorder`n    arguments:`n      label: g"
        $action = & $Echo 'act'
        $action.controls = @(New-Control 'x')
        $run = Invoke-Recorded (New-Experiment -Method $action -Extra ([ordered]@{ controls = @(New-Control 'audit') })) @{ ControlFile = $file }
        $run.Journal.status | Should -Be 'completed'
        Format-Hook $run.Hooks | Should -Be @(
            'before_loading_experiment_control g', 'after_loading_experiment_control g',
            'validate_control audit', 'validate_control x',
            'configure_control g', 'configure_control audit', 'configure_control x',
            'before_experiment_control g', 'before_experiment_control audit',
            'before_method_control audit',
            'before_activity_control audit', 'before_activity_control audit', 'before_activity_control g', 'before_activity_control x',
            'after_activity_control audit', 'after_activity_control audit', 'after_activity_control g', 'after_activity_control x',
            'after_method_control audit',
            'after_experiment_control g', 'after_experiment_control audit',
            'cleanup_control', 'cleanup_control', 'cleanup_control')
        ($run.Hooks | Where-Object hook -EQ 'before_loading_experiment_control').context | Should -BeLike '*.json'
        # chaoslib's loader: the after hook's state is the parsed experiment.
        ($run.Hooks | Where-Object hook -EQ 'after_loading_experiment_control').state | Should -Be 'test'
    }

    It 'calls no loader hook under -WhatIf, which runs nothing' {
        $file = Join-Path $TestDrive 'whatif-controls.json'
        Set-Content -LiteralPath $file -Value '{"g": {"provider": {"type": "python", "module": "recorder", "arguments": {"label": "g"}}}}'
        $path = Join-Path $TestDrive 'whatif.json'
        New-Experiment -Method (& $Echo 'act') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
        $env:CONTROL_LOG = Join-Path $TestDrive 'whatif.log'
        Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'whatif.journal.json') -ControlFile $file -PythonPath $Python -WhatIf 6>$null
        Test-Path $env:CONTROL_LOG | Should -BeFalse
        Test-Path (Join-Path $TestDrive 'whatif.journal.json') | Should -BeFalse
    }

    It 'loads the settings file''s controls before the control files'' (chaos: settings controls first)' {
        $savedHome = $env:HOME
        try {
            $env:HOME = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home') -Force
            $settings = New-Item -ItemType Directory -Path (Join-Path $env:HOME '.chaostoolkit') -Force
            Set-Content -LiteralPath (Join-Path $settings 'settings.yaml') -Value "controls:`n  s:`n    provider:`n      type: python`n      module: recorder`n      arguments:`n        label: s"
            $file = Join-Path $TestDrive 'more-controls.json'
            Set-Content -LiteralPath $file -Value '{"g": {"provider": {"type": "python", "module": "recorder", "arguments": {"label": "g"}}}}'
            $run = Invoke-Recorded (New-Experiment -Method (& $Echo 'act')) @{ ControlFile = $file }
            Format-Hook ($run.Hooks | Where-Object hook -In 'configure_control', 'before_experiment_control', 'before_activity_control') |
                Should -Be @('configure_control s', 'configure_control g', 'before_experiment_control s', 'before_experiment_control g', 'before_activity_control s', 'before_activity_control g')
        }
        finally {
            $env:HOME = $savedHome
        }
    }

    It 'refuses a control file that <Because> with ControlFileInvalid, and runs nothing' -ForEach @(
        @{ Because = 'does not exist'; Name = 'absent.json'; Text = $null }
        @{ Because = 'is not a mapping of names to controls'; Name = 'list.json'; Text = '[{"name": "g"}]' }
        @{ Because = 'does not parse'; Name = 'broken.yaml'; Text = "g: [unclosed" }
    ) {
        $file = Join-Path $TestDrive $Name
        if ($null -ne $Text) { Set-Content -LiteralPath $file -Value $Text }
        $journal = Join-Path $TestDrive "$Name.journal.json"
        $experiment = Join-Path $TestDrive 'plain.json'
        New-Experiment -Method (& $Echo 'act') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $experiment
        { Invoke-ChaosExperiment -LiteralPath $experiment -JournalPath $journal -ControlFile $file -ErrorAction Stop } | Should -Throw -ErrorId 'ControlFileInvalid*'
        Test-Path $journal | Should -BeFalse
    }

    It 'rejects the experiment when a control''s validate_control raises a ChaosException (chaos validate: invalid, no journal)' {
        $controls = @(New-Control 'picky' ([ordered]@{ invalid = $true }))
        $path = Join-Path $TestDrive 'picky.json'
        New-Experiment -Method (& $Echo 'act') -Extra ([ordered]@{ controls = $controls }) | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path
        $env:CONTROL_LOG = Join-Path $TestDrive 'picky.log'
        $problem = Test-ChaosExperiment -LiteralPath $path -Detailed -PythonPath $Python
        $problem.Message | Should -Be 'control picky says it is invalid'
        $problem.JsonPath | Should -Be '$.controls[0]'
        $problem.Source | Should -Be 'Upstream'
        { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'picky.journal.json') -PythonPath $Python -ErrorAction Stop } | Should -Throw -ErrorId 'ExperimentInvalid*'
        Test-Path (Join-Path $TestDrive 'picky.journal.json') | Should -BeFalse
    }
}

Describe 'The settings file (chaos --settings, ~/.chaostoolkit/settings.yaml)' {
    BeforeAll {
        $script:Plain = Join-Path $TestDrive 'settings-plain.json'
        New-Experiment -Method (& $Echo 'act') | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Plain
    }

    It 'applies the controls of the file -SettingsPath names, as chaos --settings does' -Skip:($IsWindows -or -not $Python) {
        $settings = Join-Path $TestDrive 'given-settings.yaml'
        Set-Content -LiteralPath $settings -Value "controls:`n  s:`n    provider:`n      type: python`n      module: recorder`n      arguments:`n        label: s"
        $run = Invoke-Recorded (New-Experiment -Method (& $Echo 'act')) @{ SettingsPath = $settings }
        Format-Hook ($run.Hooks | Where-Object hook -In 'before_loading_experiment_control', 'configure_control') | Should -Be @('before_loading_experiment_control s', 'configure_control s')
    }

    It 'refuses a settings file that <Because> with SettingsFileInvalid naming the file <Where>, and runs nothing' -ForEach @(
        @{ Because = 'does not parse'; Text = "controls:`n  s:`n    provider: [unclosed`nruntime: {}"; Where = 'and the line'; Expected = '*(line *, column *)*' }
        @{ Because = 'is not a mapping'; Text = "- controls`n- runtime"; Where = 'and what it must be'; Expected = '*must be a mapping*' }
        @{ Because = 'has controls that are not a mapping'; Text = "controls:`n  - name: s"; Where = 'and its controls'; Expected = "*'controls'*" }
    ) {
        # chaos logs "Failed parsing YAML settings" and runs without the settings: without their safeguards and secrets.
        $settings = Join-Path $TestDrive "bad-$($Because -replace '\W', '-').yaml"
        Set-Content -LiteralPath $settings -Value $Text
        $journal = Join-Path $TestDrive 'bad-settings.journal.json'
        $thrown = { Invoke-ChaosExperiment -LiteralPath $Plain -JournalPath $journal -SettingsPath $settings -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsFileInvalid,*' -PassThru
        $thrown.Exception.Message | Should -BeLike "*$settings*"
        $thrown.Exception.Message | Should -BeLike $Expected
        $thrown.TargetObject | Should -Be $settings
        $thrown.CategoryInfo.Category | Should -Be 'InvalidData'
        $thrown.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Test-Path $journal | Should -BeFalse
    }

    It 'refuses a malformed ~/.chaostoolkit/settings.yaml the same way, and a -SettingsPath that does not exist' {
        $savedHome = $env:HOME
        try {
            $env:HOME = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'broken-home') -Force
            $folder = New-Item -ItemType Directory -Path (Join-Path $env:HOME '.chaostoolkit') -Force
            Set-Content -LiteralPath (Join-Path $folder 'settings.yaml') -Value "controls: {unclosed"
            $thrown = { Invoke-ChaosExperiment -LiteralPath $Plain -JournalPath (Join-Path $TestDrive 'home.journal.json') -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsFileInvalid,*' -PassThru
            $thrown.Exception.Message | Should -BeLike "*(line *, column *)*$(Join-Path $folder 'settings.yaml')*"
        }
        finally {
            $env:HOME = $savedHome
        }
        $absent = Join-Path $TestDrive 'absent-settings.yaml'
        { Invoke-ChaosExperiment -LiteralPath $Plain -JournalPath (Join-Path $TestDrive 'absent.journal.json') -SettingsPath $absent -ErrorAction Stop } | Should -Throw -ErrorId 'SettingsFileInvalid,*'
    }
}

Describe 'The repeat control (chaosaddons.controls.repeat, native)' {
    BeforeAll {
        function New-Repeat([int] $Count, [switch] $BreakOnFailure) {
            $arguments = [ordered]@{ repeat_count = $Count }
            if ($BreakOnFailure) { $arguments.break_if_previous_iteration_failed = $true }
            [ordered]@{ name = 'repeat'; provider = [ordered]@{ type = 'python'; module = 'chaosaddons.controls.repeat'; arguments = $arguments } }
        }

        # An http action on a closed port: ActivityFailed, so its record is failed.
        function New-FailingAction {
            $action = New-Activity 'unreachable' 'unused'
            $action.provider = [ordered]@{ type = 'http'; url = 'http://127.0.0.1:9/'; timeout = 2 }
            $action
        }
    }

    It 'runs an action repeat_count times in a row, the copies with their iteration_index, listed in the journal''s experiment too' {
        # chaosaddons' after_activity_control inserts repeat_count - 1 copies right after the activity; chaos runs them
        # next (observed: three records in a row), and the journal's experiment.method lists the copies.
        $action = & $Echo 'again'
        $action.controls = @(New-Repeat 3)
        $run = Invoke-Experiment (New-Experiment -Method @($action, (& $Echo 'after')))
        $run.Journal.run.activity.name | Should -Be @('again', 'again', 'again', 'after')
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded', 'succeeded', 'succeeded')
        $run.Journal.run[0].activity.PSObject.Properties.Name | Should -Not -Contain 'iteration_index'
        $run.Journal.run[1].activity.iteration_index | Should -Be 1
        $run.Journal.run[2].activity.iteration_index | Should -Be 2
        @($run.Journal.experiment.method).Count | Should -Be 4
    }

    It 'runs an activity once for repeat_count 1 (chaos: n = count - 1 = 0, nothing happens)' {
        $action = & $Echo 'once'
        $action.controls = @(New-Repeat 1)
        @((Invoke-Experiment (New-Experiment -Method $action)).Journal.run).Count | Should -Be 1
    }

    It 'repeats a failing action all the same without the flag, and not at all with break_if_previous_iteration_failed' {
        # chaos (observed): without the flag a failing action runs repeat_count times, all failed; with it, once.
        $action = New-FailingAction
        $action.controls = @(New-Repeat 3)
        $run = Invoke-Experiment (New-Experiment -Method $action)
        $run.Journal.run.status | Should -Be @('failed', 'failed', 'failed')
        $action.controls = @(New-Repeat 3 -BreakOnFailure)
        $run = Invoke-Experiment (New-Experiment -Method $action)
        @($run.Journal.run).Count | Should -Be 1
        $run.Journal.run[0].status | Should -Be 'failed'
    }

    It 'repeats a rollback the same way' {
        $rollback = & $Echo 'undo'
        $rollback.controls = @(New-Repeat 2)
        $run = Invoke-Experiment (New-Experiment -Method (& $Echo 'act') -Rollbacks $rollback)
        $run.Journal.rollbacks.activity.name | Should -Be @('undo', 'undo')
        $run.Journal.rollbacks[1].activity.iteration_index | Should -Be 1
    }
}
