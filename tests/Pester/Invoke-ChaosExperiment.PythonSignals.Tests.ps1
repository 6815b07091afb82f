# Ctrl+C (SIGINT) while the Python bridge runs a python activity or a python control's hook: a child pwsh runs the
# experiment, the test sends SIGINT when the Python function has written its marker, then reads the journal and checks
# that the bridge process that ran it is gone. chaos run: the signal raises KeyboardInterrupt in the function running
# on the main thread, the run is interrupted, the after hooks and cleanups still run (chaoslib's controls context
# manager), the journal is written. Linux and macOS (signals).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Python = Find-TestPython
    $null = Initialize-ExperimentFixture

    # A function and a control that write "<pid> <process group>" to a marker and then hang; the other hooks record
    # their name and the bridge's pid, one per line.
    $site = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'site') -Force
    Set-Content -LiteralPath (Join-Path $site 'hanging.py') -Value @'
import os
import time


def _hang(marker):
    with open(marker, "w") as handle:
        handle.write("%d %d" % (os.getpid(), os.getpgid(0)))
    time.sleep(300)


def hang(marker):
    _hang(marker)


def _record(hook):
    with open(os.environ["CONTROL_LOG"], "a", encoding="utf-8") as log:
        log.write("%s %d\n" % (hook, os.getpid()))


def before_method_control(context, marker=None, **kwargs):
    _record("before_method_control")
    if marker:
        _hang(marker)


def after_method_control(context, **kwargs):
    _record("after_method_control")


def after_experiment_control(context, **kwargs):
    _record("after_experiment_control")


def cleanup_control():
    _record("cleanup_control")
'@
    $script:SavedPythonPath = $env:PYTHONPATH
    $script:SavedNoBytecode = $env:PYTHONDONTWRITEBYTECODE
    $env:PYTHONDONTWRITEBYTECODE = '1'
    $env:PYTHONPATH = $site.FullName

    # Runs the experiment in a child pwsh, waits for the marker, sends SIGINT and waits for the child to exit.
    function Invoke-Interrupted([System.Collections.IDictionary] $Experiment, [string] $Name, [string] $Marker) {
        $path = Join-Path $TestDrive "$Name.json"
        $journal = Join-Path $TestDrive "$Name.journal.json"
        $Experiment | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $child = Start-ChildPwsh "`$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$journal' -PythonPath '$Python' -AzurePipelines:`$false -WarningAction SilentlyContinue"
        try {
            $bridge, $group = Wait-ProcessMarker $Marker 'Python function'
            kill -INT $child.Process.Id
            $child.Process.WaitForExit(30000) | Should -BeTrue -Because 'Ctrl+C must end the run while Python hangs'
            $child.Process.WaitForExit()
        }
        finally {
            if (-not $child.Process.HasExited) { $child.Process.Kill($true) }
        }
        [pscustomobject]@{
            Journal = Get-Content -Raw -LiteralPath $journal | ConvertFrom-Json -DateKind String
            Bridge  = $bridge
            Group   = $group
            Output  = $child.Output.Result
        }
    }
}

AfterAll {
    $env:PYTHONPATH = $SavedPythonPath
    $env:PYTHONDONTWRITEBYTECODE = $SavedNoBytecode
    Remove-Item Env:CONTROL_LOG -ErrorAction Ignore
}

Describe 'Ctrl+C while Python runs' -Skip:($IsWindows -or -not $Python) {
    It 'cuts a hanging python activity short: interrupted, its record without status, the bridge ended' {
        # chaos run (observed): the running action's record keeps no status and output null; status interrupted.
        $marker = Join-Path $TestDrive 'activity.pids'
        $action = [ordered]@{ type = 'action'; name = 'hang'; provider = [ordered]@{ type = 'python'; module = 'hanging'; func = 'hang'; arguments = [ordered]@{ marker = $marker } } }
        $run = Invoke-Interrupted (New-Experiment -Method $action) 'activity' $marker
        $run.Journal.status | Should -Be 'interrupted'
        $run.Journal.run[-1].activity.name | Should -Be 'hang'
        $run.Journal.run[-1].PSObject.Properties.Name | Should -Not -Contain 'status'
        $run.Output | Should -Not -Match 'after' -Because 'the script must not go on after Ctrl+C'
        Test-ProcessAlive $run.Bridge | Should -BeFalse -Because 'the bridge running the function must end with the run'
    }

    It 'cuts a hanging control hook short: interrupted, no action run, the after hooks and cleanup still called, the bridge ended' {
        # chaos run: KeyboardInterrupt in before_method_control; the context manager still calls after_method_control,
        # then the run ends interrupted (no rollbacks by default), after_experiment_control and cleanup_control run.
        $env:CONTROL_LOG = Join-Path $TestDrive 'hook.log'
        $marker = Join-Path $TestDrive 'hook.pids'
        $control = [ordered]@{ name = 'stuck'; provider = [ordered]@{ type = 'python'; module = 'hanging'; arguments = [ordered]@{ marker = $marker } } }
        $experiment = New-Experiment -Method (New-Activity 'act' 'chaos-echo' @('act')) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('undo')) -Extra ([ordered]@{ controls = @($control) })
        $run = Invoke-Interrupted $experiment 'hook' $marker
        $run.Journal.status | Should -Be 'interrupted'
        @($run.Journal.run).Count | Should -Be 0
        @($run.Journal.rollbacks).Count | Should -Be 0
        $hooks = @(Get-Content -LiteralPath $env:CONTROL_LOG | ForEach-Object { $hook, $id = $_ -split ' '; [pscustomobject]@{ Hook = $hook; Pid = [int]$id } })
        $hooks.Hook | Should -Be @('before_method_control', 'after_method_control', 'after_experiment_control', 'cleanup_control')
        Test-ProcessAlive $run.Bridge | Should -BeFalse -Because 'the bridge running the hook must end'
        # The hooks after the cut ran in a new bridge (module state starts again there), which ended with the run.
        $later = $hooks[1].Pid
        $later | Should -Not -Be $run.Bridge
        Test-ProcessAlive $later | Should -BeFalse -Because 'no bridge outlives the run'
    }
}
