# The history under real processes: checks in child pwsh processes that write at once, and one killed with SIGKILL
# while it runs checks in a loop, against both stores. A run is one transaction, so every run in the history has all
# its probes, and nothing written before is lost.
BeforeDiscovery {
    $stores = @(@{ Store = 'SQLite' }, @{ Store = 'PostgreSQL' })
}

BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
    $script:Postgres = Start-TestPostgres
    $script:Let = Join-Path $PSScriptRoot '../../examples/consumer-latency/let.pxl'
    $script:Commands = Join-Path $PSScriptRoot 'Fixtures/Experiments/run/commands'
    . (Join-Path $PSScriptRoot 'SteadyStateCheck.TestSetup.ps1')
    $script:Emulator = Start-PhasedEmulator 200
    Use-Emulator $Emulator

    # A child pwsh that runs the check $Count times against the history (the splat's one entry as a parameter).
    function Start-ChildChecks([string] $Check, [hashtable] $History, [int] $Count) {
        $parameter = @($History.Keys)[0]
        $commandLine = Get-PwshCommandLine
        $start = [Diagnostics.ProcessStartInfo]::new($commandLine[0])
        $script = "Import-Module ChaosPixie; 1..$Count | ForEach-Object { `$null = Invoke-SteadyStateCheck -LiteralPath '$Check' -$parameter '$($History[$parameter])' -InformationAction SilentlyContinue -WarningAction SilentlyContinue }"
        foreach ($argument in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-VizierEmulator $script:Emulator }
    if ($script:Postgres) { Stop-TestPostgres $script:Postgres }
    Remove-Item Env:PIXIE_SERVER_URL, Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID -ErrorAction Ignore
}

Describe 'The <Store> history under concurrent and killed checks' -ForEach $stores {
    It 'records every run of two processes that check at once' {
        $history = New-TestHistory $Store $Postgres
        $check = New-Check "concurrent $Store" -ExitProbe
        $children = @(1..2 | ForEach-Object { Start-ChildChecks $check $history 4 })
        foreach ($child in $children) {
            $child.Process.WaitForExit()
            $child.Errors.Result | Should -BeNullOrEmpty
            $child.Process.ExitCode | Should -Be 0
        }
        $records = @(Get-SteadyStateHistory -Check "concurrent $Store" @history)
        @($records | Group-Object RunId).Count | Should -Be 8
        $records.Count | Should -Be 16
    }

    It 'keeps the history whole when a check is killed with SIGKILL, and goes on recording' {
        $history = New-TestHistory $Store $Postgres
        $check = New-Check "killed $Store" -ExitProbe
        $child = Start-ChildChecks $check $history 1000
        try {
            # Waits for a few recorded runs (a synchronisation on the history, not a timing assertion), then kills.
            while (@(Get-SteadyStateHistory -Check "killed $Store" @history).Count -lt 6 -and -not $child.Process.HasExited) { Start-Sleep -Milliseconds 50 }
            $child.Process.HasExited | Should -BeFalse
        }
        finally { $child.Process.Kill(); $child.Process.WaitForExit() }

        $runs = @(Get-SteadyStateHistory -Check "killed $Store" @history | Group-Object RunId)
        $runs.Count | Should -BeGreaterOrEqual 3
        $runs | ForEach-Object { $_.Count | Should -Be 2 -Because "run $($_.Name) was one transaction with both probes" }

        $after = Invoke-SteadyStateCheck -LiteralPath $check @history -InformationAction SilentlyContinue -WarningAction SilentlyContinue
        $after.History | Should -Not -BeNullOrEmpty
        @(Get-SteadyStateHistory -Check "killed $Store" @history | Group-Object RunId).Count | Should -Be ($runs.Count + 1)
    }
}
