# Invoke-ChaosExperiment: Ctrl+C and a write that stops the cmdlet: the run is interrupted, rollbacks play, the journal
# is written. Each test runs a real experiment and reads the journal the run wrote; the shared fixtures are in
# TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'Interruption (Ctrl+C)' {
    It 'becomes interrupted, plays rollbacks under <strategy>: <played>, writes the journal and outputs nothing' -ForEach @(
        @{ strategy = 'Always'; played = 1 }
        @{ strategy = 'Default'; played = 0 }
    ) -Skip:$IsWindows {
        $marker = Join-Path $TestDrive "started-$strategy.marker"
        $pids = Join-Path $TestDrive "stop-$strategy.txt"
        $experiment = New-Experiment -Method (New-Activity 'mark' 'chaos-touch' @($marker)), (New-Activity 'hang' 'chaos-sleep' @(60, $pids)) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u'))
        $path = Join-Path $TestDrive "stop-$strategy.json"
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive "stop-$strategy.journal.json"

        $shell = [powershell]::Create()
        $null = $shell.AddScript('param($p, $j, $s) Import-Module ChaosPixie; Invoke-ChaosExperiment -LiteralPath $p -JournalPath $j -RollbackStrategy $s').AddArgument($path).AddArgument($journal).AddArgument($strategy)
        $handle = $shell.BeginInvoke()
        # Wait until the hanging activity runs (a synchronisation, not a timing assertion).
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $pids) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $shell.Stop()
        $output = try { $shell.EndInvoke($handle) } catch { @() }
        $shell.Dispose()

        $output | Should -BeNullOrEmpty
        $json = Get-Content -Raw $journal | ConvertFrom-Json -DateKind String
        $json.status | Should -Be 'interrupted'
        $json.run[-1].activity.name | Should -Be 'hang'
        $json.run[-1].PSObject.Properties.Name | Should -Not -Contain 'status'
        $json.rollbacks | Should -HaveCount $played
        foreach ($id in (Get-Content $pids) -split ' ') { Test-ProcessAlive $id | Should -BeFalse }
    }
}

Describe 'A write that stops the cmdlet' {
    It 'interrupts the run under -WarningAction Stop, writes the journal, then stops with the warning' -Skip:$IsWindows {
        $pids = Join-Path $TestDrive 'warn-stop.txt'
        $path = Join-Path $TestDrive 'warn-stop.json'
        New-Experiment -Method (New-Activity 'warns' 'chaos-exit' @(3)), (New-Activity 'hang' 'chaos-sleep' @(30, $pids)) | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive 'warn-stop.journal.json'
        { Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -WarningAction Stop } | Should -Throw '*non-zero exit code*'
        $json = Get-Content -Raw $journal | ConvertFrom-Json -DateKind String
        $json.status | Should -Be 'interrupted'
        $json.run[0].status | Should -Be 'succeeded'
    }
}
