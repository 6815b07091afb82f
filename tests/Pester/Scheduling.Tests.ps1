# The scheduling examples that can be checked here: the systemd service and timer of examples/scheduling/systemd,
# verified by systemd-analyze (Linux with systemd only). systemd-analyze verify also checks that ExecStart's program
# exists; this machine has pwsh elsewhere than /usr/bin/pwsh, so a copy whose ExecStart names an existing program is
# verified, and the real command line is checked for what the check needs.
BeforeDiscovery {
    $script:NoSystemd = -not (Get-Command systemd-analyze -ErrorAction Ignore)
}

BeforeAll {
    $script:Units = Join-Path $PSScriptRoot '../../examples/scheduling/systemd'
    $script:Service = Get-Content -Raw -LiteralPath (Join-Path $Units 'steady-state-check.service')
    $script:Timer = Get-Content -Raw -LiteralPath (Join-Path $Units 'steady-state-check.timer')
}

Describe 'The systemd example' {
    It 'passes systemd-analyze verify, service and timer together' -Skip:$NoSystemd {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'units')
        Set-Content -LiteralPath (Join-Path $folder 'steady-state-check.service') -Value ($Service -replace '/usr/bin/pwsh', (Get-Command sh).Source) -NoNewline
        Set-Content -LiteralPath (Join-Path $folder 'steady-state-check.timer') -Value $Timer -NoNewline
        $output = & systemd-analyze verify (Join-Path $folder 'steady-state-check.timer') (Join-Path $folder 'steady-state-check.service') 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -BeNullOrEmpty
    }

    It 'fires every 30 minutes' -Skip:$NoSystemd {
        $Timer -match '(?m)^OnCalendar=(?<spec>\S+)$' | Should -BeTrue
        $calendar = & systemd-analyze calendar --iterations=2 $Matches.spec 2>&1
        $LASTEXITCODE | Should -Be 0
        $times = @($calendar | Select-String 'Next elapse:|Iter\. #2:' | ForEach-Object { [datetime]::ParseExact(($_ -replace '^.*: \w{3} (\S+ \S+) UTC$', '$1'), 'yyyy-MM-dd HH:mm:ss', $null) })
        $times.Count | Should -Be 2
        ($times[1] - $times[0]).TotalMinutes | Should -Be 30
    }

    It 'runs the check with the PostgreSQL history from an environment file, and exit codes a scheduler can read' {
        $Service | Should -Match '(?m)^Type=oneshot$'
        $Service | Should -Match '(?m)^EnvironmentFile=\S+$'
        $Service | Should -Match 'Invoke-SteadyStateCheck \S+ -DetailedExitCode'
        $Service | Should -Not -Match '(?i)password=|api_key='
        $Service | Should -Match '(?m)^SuccessExitStatus=5$'
        $Service | Should -Match '(?m)^# PIXIE_API_KEY, PIXIE_CLUSTER_ID and CHAOSPIXIE_HISTORY_CONNECTION_STRING'
        $Timer | Should -Match '(?m)^WantedBy=timers.target$'
    }
}
