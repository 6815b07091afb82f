# Invoke-ChaosExperiment under real signals: a child pwsh runs an experiment whose action is a real `sh` with a
# backgrounded grandchild, the test sends SIGTERM, SIGHUP or SIGINT with `kill`, then reads the journal the child wrote
# and checks that neither the sh nor its grandchild is still alive. Linux and macOS only (signals and sh).
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # An action that starts `sleep` in the background, records "<sh pid> <sleep pid>" in $Marker, then waits for it.
    function New-ShAction([string] $Name, [string] $Marker, [int] $Seconds = 30, [hashtable] $Extra = @{}) {
        $activity = [ordered]@{
            type     = 'action'
            name     = $Name
            provider = [ordered]@{ type = 'process'; path = 'sh'; arguments = @('-c', "sleep $Seconds & printf '%s %s' `$`$ `$! > '$Marker'; wait") }
        }
        foreach ($key in $Extra.Keys) { $activity.provider[$key] = $Extra[$key] }
        $activity
    }

    function Write-Experiment([string] $Name, [object[]] $Method, [object[]] $Rollbacks = @()) {
        $path = Join-Path $TestDrive "$Name.json"
        [ordered]@{ title = $Name; description = 'signals'; method = @($Method); rollbacks = @($Rollbacks) } |
            ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $path
    }

    # A child pwsh that runs the experiment.
    function Start-ChildRun([string] $Path, [string] $Journal, [string] $Parameters = '', [string] $WarningAction = 'SilentlyContinue') {
        Start-ChildPwsh "`$null = Invoke-ChaosExperiment -LiteralPath '$Path' -JournalPath '$Journal' -WarningAction $WarningAction $Parameters"
    }

    function Wait-Marker([string] $Marker) { Wait-ProcessMarker $Marker 'action' }

    # Sends the signal and waits for the child to exit; returns how long that took.
    function Stop-ChildRun($Child, [string] $Signal) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        kill "-$Signal" $Child.Process.Id
        $exited = $Child.Process.WaitForExit(30000)
        $watch.Stop()
        $exited | Should -BeTrue -Because 'the child must exit after the signal'
        $Child.Process.WaitForExit()
        $watch.Elapsed
    }

    function Read-Journal([string] $Path) { Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json -DateKind String }
}

Describe 'Signals to the pwsh running Invoke-ChaosExperiment' -Skip:$IsWindows {
    It '<signal> interrupts the run, plays rollbacks under <strategy>: <played>, writes the journal and exits <code>' -ForEach @(
        @{ signal = 'TERM'; strategy = 'Always'; played = 1; parameters = ''; code = 143 }
        @{ signal = 'TERM'; strategy = 'Default'; played = 0; parameters = ''; code = 143 }
        @{ signal = 'HUP'; strategy = 'Always'; played = 1; parameters = ''; code = 129 }
        @{ signal = 'INT'; strategy = 'Always'; played = 1; parameters = ''; code = 1 }
        @{ signal = 'TERM'; strategy = 'Always'; played = 1; parameters = '-DetailedExitCode'; code = 3 }
        @{ signal = 'HUP'; strategy = 'Default'; played = 0; parameters = '-EnableExit'; code = 1 }
        @{ signal = 'INT'; strategy = 'Default'; played = 0; parameters = '-DetailedExitCode'; code = 3 }
    ) {
        $name = "sig-$signal-$strategy-$($parameters.TrimStart('-'))"
        $marker = Join-Path $TestDrive "$name.pids"
        $undone = Join-Path $TestDrive "$name.undone"
        $path = Write-Experiment $name -Method (New-ShAction 'hang' $marker) -Rollbacks ([ordered]@{
                type = 'action'; name = 'undo'; provider = [ordered]@{ type = 'process'; path = 'touch'; arguments = @($undone) } })
        $journal = Join-Path $TestDrive "$name.journal.json"

        $child = Start-ChildRun $path $journal "-RollbackStrategy $strategy -AzurePipelines:`$false $parameters"
        $shPid, $sleepPid = Wait-Marker $marker
        $elapsed = Stop-ChildRun $child $signal
        Write-Host "    SIG$signal to exit: $([int]$elapsed.TotalMilliseconds) ms"

        $child.Process.ExitCode | Should -Be $code
        $child.Output.Result | Should -Not -Match 'after' -Because 'the script must not go on after the signal'
        $json = Read-Journal $journal
        $json.status | Should -Be 'interrupted'
        $json.run[-1].activity.name | Should -Be 'hang'
        $json.run[-1].PSObject.Properties.Name | Should -Not -Contain 'status'
        $json.rollbacks | Should -HaveCount $played
        Test-Path $undone | Should -Be ($played -eq 1)
        Test-ProcessAlive $shPid | Should -BeFalse -Because 'the action''s sh must be ended'
        Test-ProcessAlive $sleepPid | Should -BeFalse -Because 'the backgrounded grandchild must be ended'
    }

    It 'says that <signal> interrupted the run and where the journal went' -ForEach @(
        @{ signal = 'TERM'; named = 'SIGTERM' }
        @{ signal = 'INT'; named = 'Ctrl+C (SIGINT)' }
    ) {
        $marker = Join-Path $TestDrive "said-$signal.pids"
        $path = Write-Experiment "said-$signal" -Method (New-ShAction 'hang' $marker)
        $journal = Join-Path $TestDrive "said-$signal.journal.json"
        $child = Start-ChildRun $path $journal '-AzurePipelines:$false' -WarningAction Continue
        $null = Wait-Marker $marker
        $null = Stop-ChildRun $child $signal
        $said = ($child.Output.Result + $child.Errors.Result) -replace '\s+', ' '
        $said | Should -BeLike "*The experiment was interrupted by $named`: its journal (status 'interrupted') was written to '$journal'*"
    }

    It 'writes the JUnit file and the Azure Pipelines summary of a run SIGTERM interrupted' {
        $marker = Join-Path $TestDrive 'ci.pids'
        $path = Write-Experiment 'ci' -Method (New-ShAction 'hang' $marker)
        $journal = Join-Path $TestDrive 'ci.journal.json'
        $junit = Join-Path $TestDrive 'ci.junit.xml'

        $child = Start-ChildRun $path $journal "-JUnitPath '$junit' -AzurePipelines"
        $null = Wait-Marker $marker
        $null = Stop-ChildRun $child 'TERM'

        $child.Process.ExitCode | Should -Be 143
        (Read-Journal $journal).status | Should -Be 'interrupted'
        ([xml](Get-Content -Raw $junit)).testsuites | Should -Not -BeNullOrEmpty
        Test-Path (Join-Path $TestDrive 'ci.journal.md') | Should -BeTrue
        $child.Output.Result | Should -Match '##vso\[task\.complete result=Failed;'
    }

    It 'cuts a slow rollback short on a second SIGTERM, and still writes the journal' {
        $marker = Join-Path $TestDrive 'second.pids'
        $rollbackMarker = Join-Path $TestDrive 'second-rollback.pids'
        $path = Write-Experiment 'second' -Method (New-ShAction 'hang' $marker) -Rollbacks (New-ShAction 'slow undo' $rollbackMarker), (New-ShAction 'never' (Join-Path $TestDrive 'never.pids'))
        $journal = Join-Path $TestDrive 'second.journal.json'

        $child = Start-ChildRun $path $journal '-RollbackStrategy Always -AzurePipelines:$false -DetailedExitCode'
        $null = Wait-Marker $marker
        kill -TERM $child.Process.Id
        $shPid, $sleepPid = Wait-Marker $rollbackMarker
        $elapsed = Stop-ChildRun $child 'TERM'
        Write-Host "    second SIGTERM to exit: $([int]$elapsed.TotalMilliseconds) ms"

        $child.Process.ExitCode | Should -Be 3
        $json = Read-Journal $journal
        $json.status | Should -Be 'interrupted'
        $json.rollbacks | Should -HaveCount 1
        $json.rollbacks[0].activity.name | Should -Be 'slow undo'
        $json.rollbacks[0].PSObject.Properties.Name | Should -Not -Contain 'status'
        Test-Path (Join-Path $TestDrive 'never.pids') | Should -BeFalse
        Test-ProcessAlive $shPid | Should -BeFalse
        Test-ProcessAlive $sleepPid | Should -BeFalse
    }

    It 'leaves SIGTERM its default action once the run is over' {
        $commandLine = Get-PwshCommandLine
        $path = Write-Experiment 'after-run' -Method ([ordered]@{ type = 'action'; name = 'quick'; provider = [ordered]@{ type = 'process'; path = 'true' } })
        $ready = Join-Path $TestDrive 'after-run.ready'
        $start = [System.Diagnostics.ProcessStartInfo]::new($commandLine[0])
        foreach ($argument in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
                "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/after-run.journal.json'; 'x' > '$ready'; Start-Sleep 60")) {
            $start.ArgumentList.Add($argument)
        }
        $process = [System.Diagnostics.Process]::Start($start)
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $ready) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        kill -TERM $process.Id
        $process.WaitForExit(30000) | Should -BeTrue
        $process.ExitCode | Should -Be 143
    }
}

Describe 'Process groups' -Skip:$IsWindows {
    It 'ends a timed-out action''s backgrounded grandchild with it' {
        $marker = Join-Path $TestDrive 'timeout.pids'
        $path = Write-Experiment 'timeout' -Method (New-ShAction 'slow' $marker -Extra @{ timeout = 1 })
        $journal = Join-Path $TestDrive 'timeout.journal.json'

        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -WarningAction SilentlyContinue
        $shPid, $sleepPid = [int[]]((Get-Content -Raw $marker) -split ' ')

        $result.Run[0].status | Should -Be 'failed'
        $result.Run[0].exception[-1] | Should -Match 'process activity took too long to complete'
        Test-ProcessAlive $shPid | Should -BeFalse
        Test-ProcessAlive $sleepPid | Should -BeFalse
    }

    It 'ends what an action left running in the background once it has exited, with its output kept' {
        $marker = Join-Path $TestDrive 'left.pid'
        $path = Write-Experiment 'left' -Method ([ordered]@{ type = 'action'; name = 'leaves'; provider = [ordered]@{
                    type = 'process'; path = 'sh'; arguments = @('-c', "sleep 30 >/dev/null 2>&1 & echo `$! > '$marker'; echo out; echo err >&2; exit 7") } })

        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'left.journal.json') -WarningAction SilentlyContinue

        $result.Run[0].output.status | Should -Be 7
        $result.Run[0].output.stdout | Should -Be "out`n"
        $result.Run[0].output.stderr | Should -Be "err`n"
        Test-ProcessAlive ([int](Get-Content -Raw $marker)) | Should -BeFalse
    }

    It 'runs the action in its own process group, with the environment $env: set and the location as its directory' {
        $env:CHAOSPIXIE_SIGNALS_PROBE = 'from-env'
        try {
            $path = Write-Experiment 'group' -Method ([ordered]@{ type = 'action'; name = 'where'; provider = [ordered]@{
                        type = 'process'; path = 'sh'; arguments = @('-c', 'echo "$$ $(ps -o pgid= -p $$ | tr -d " ") $CHAOSPIXIE_SIGNALS_PROBE $(pwd)"') } })
            Push-Location $TestDrive
            try { $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'group.journal.json') }
            finally { Pop-Location }
        }
        finally { Remove-Item Env:CHAOSPIXIE_SIGNALS_PROBE }

        $shPid, $group, $value, $directory = $result.Run[0].output.stdout.Trim() -split ' '
        $group | Should -Be $shPid
        $value | Should -Be 'from-env'
        $directory | Should -Be (Get-Item $TestDrive).FullName
    }
}

Describe 'A journal that cannot be written' {
    It 'exits <code> under <parameter>, after writing the JUnit file' -ForEach @(
        @{ parameter = '-EnableExit'; code = 6 }
        @{ parameter = '-DetailedExitCode'; code = 6 }
    ) {
        $name = "nojournal-$($parameter.TrimStart('-'))"
        $path = Write-Experiment $name -Method ([ordered]@{ type = 'action'; name = 'quick'; provider = [ordered]@{ type = 'process'; path = 'true' } })
        $blocker = Join-Path $TestDrive "$name.file"
        Set-Content $blocker 'a file, not a directory'
        $junit = Join-Path $TestDrive "$name.junit.xml"

        $output = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module ChaosPixie; Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$blocker/journal.json' -JUnitPath '$junit' -AzurePipelines:`$false $parameter 2>&1 | Out-String" 2>&1

        $LASTEXITCODE | Should -Be $code
        ($output -join "`n") | Should -Match 'The journal could not be written'
        Test-Path $junit | Should -BeTrue
    }

    It 'gives exit code 6 on the output object' {
        $path = Write-Experiment 'nojournal-object' -Method ([ordered]@{ type = 'action'; name = 'quick'; provider = [ordered]@{ type = 'process'; path = 'true' } })
        $blocker = Join-Path $TestDrive 'nojournal-object.file'
        Set-Content $blocker 'a file'
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath "$blocker/journal.json" -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 6
        $result.DetailedExitCode | Should -Be 6
        $result.JournalPath | Should -BeNullOrEmpty
    }
}
