# Invoke-SteadyStateCheck under real signals: a child pwsh runs a check whose second probe is a real `sh` with a
# backgrounded grandchild; the test sends SIGTERM or SIGINT with `kill`, then reads what the child wrote (journal,
# JUnit file, history) and checks that neither the sh nor its grandchild is still alive. Linux and macOS only.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # A check: a quick probe, then one that starts `sleep $CHECK_SECONDS` in the background, records
    # "<sh pid> <sleep pid>" in $Marker and waits for it.
    function New-SignalCheck([string] $Name, [string] $Marker) {
        $path = Join-Path $TestDrive "$Name.json"
        [ordered]@{
            title                     = $Name
            description               = 'a check that hangs'
            'steady-state-hypothesis' = [ordered]@{ title = 'it answers'; probes = @(
                    [ordered]@{ type = 'probe'; name = 'quick'; tolerance = 0; provider = [ordered]@{ type = 'process'; path = 'true' } },
                    [ordered]@{ type = 'probe'; name = 'hang'; tolerance = 0; provider = [ordered]@{ type = 'process'; path = 'sh'; arguments = @('-c', "sleep `${CHECK_SECONDS:-30} & printf '%s %s' `$`$ `$! > '$Marker'; wait") } }) }
            method                    = @()
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $path
    }

    function Start-ChildCheck([string] $Path, [string] $Parameters) {
        Start-ChildPwsh "`$null = Invoke-SteadyStateCheck -LiteralPath '$Path' -AzurePipelines:`$false -WarningAction Continue $Parameters"
    }

    function Wait-Marker([string] $Marker) { Wait-ProcessMarker $Marker 'probe' -Seconds 90 }
}

Describe 'Signals to the pwsh running Invoke-SteadyStateCheck' -Skip:$IsWindows {
    It '<signal> interrupts the check, writes its journal and JUnit file, records nothing of it, ends its probe and exits <code>' -ForEach @(
        @{ signal = 'TERM'; parameters = ''; code = 143 }
        @{ signal = 'TERM'; parameters = '-DetailedExitCode'; code = 3 }
        @{ signal = 'INT'; parameters = '-DetailedExitCode'; code = 3 }
        @{ signal = 'INT'; parameters = ''; code = 1 }
    ) {
        $name = "sig-$signal-$($parameters.TrimStart('-'))"
        $marker = Join-Path $TestDrive "$name.pids"
        $path = New-SignalCheck $name $marker
        $history = Join-Path $TestDrive "$name.db"
        $journal = Join-Path $TestDrive "$name.journal.json"
        $junit = Join-Path $TestDrive "$name.junit.xml"

        # One whole run first, so that the history already holds a run the interrupted one must leave as it is.
        $env:CHECK_SECONDS = '0'
        try { $first = Invoke-SteadyStateCheck -LiteralPath $path -HistoryPath $history -AzurePipelines:$false -InformationAction SilentlyContinue }
        finally { Remove-Item Env:CHECK_SECONDS }
        $first.History | Should -Not -BeNullOrEmpty
        Remove-Item -LiteralPath $marker

        $child = Start-ChildCheck $path "-HistoryPath '$history' -JournalPath '$journal' -JUnitPath '$junit' $parameters"
        $shPid, $sleepPid = Wait-Marker $marker
        kill "-$signal" $child.Process.Id
        $child.Process.WaitForExit(60000) | Should -BeTrue -Because 'the child must exit after the signal'
        $child.Process.WaitForExit()

        $child.Process.ExitCode | Should -Be $code
        $child.Output.Result | Should -Not -Match 'after' -Because 'the script must not go on after the signal'
        $json = Get-Content -Raw -LiteralPath $journal | ConvertFrom-Json
        $json.status | Should -Be 'interrupted'
        $json.steady_states.before.probes.activity.name | Should -Be 'quick', 'hang'
        $json.steady_states.before.probes[1].PSObject.Properties.Name | Should -Not -Contain 'status'
        $suite = ([xml](Get-Content -Raw -LiteralPath $junit)).testsuites.testsuite
        ($suite.properties.property | Where-Object name -EQ 'status').value | Should -Be 'interrupted'
        ($suite.properties.property | Where-Object name -EQ 'history').value | Should -Be 'not recorded'
        $suite.testcase.name | Should -Be 'quick', 'hang'
        $suite.testcase[1].skipped.message | Should -Be 'the probe was interrupted before it finished'
        $records = @(Get-SteadyStateHistory -HistoryPath $history)
        $records.RunId | Should -Be @($first.RunId, $first.RunId) -Because 'the interrupted run must leave no row, and the earlier run all of its rows'
        Test-ProcessAlive $shPid | Should -BeFalse -Because 'the probe''s sh must be ended'
        Test-ProcessAlive $sleepPid | Should -BeFalse -Because 'the backgrounded grandchild must be ended'
    }

    It 'says that SIGTERM interrupted the check, where the journal went and that nothing was recorded' {
        $marker = Join-Path $TestDrive 'said.pids'
        $path = New-SignalCheck 'said' $marker
        $journal = Join-Path $TestDrive 'said.journal.json'
        $child = Start-ChildCheck $path "-HistoryPath '$TestDrive/said.db' -JournalPath '$journal'"
        $null = Wait-Marker $marker
        kill -TERM $child.Process.Id
        $child.Process.WaitForExit(60000) | Should -BeTrue
        $child.Process.WaitForExit()
        $said = ($child.Output.Result + $child.Errors.Result) -replace '\s+', ' '
        $said | Should -BeLike "*The steady-state check was interrupted by SIGTERM: its journal (status 'interrupted') was written to '$journal'; nothing of it was recorded in the history.*"
    }
}
