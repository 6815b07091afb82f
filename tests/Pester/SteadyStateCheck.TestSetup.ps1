# Shared by the steady-state check tests (dot-sourced in their BeforeAll): checks built on the fly, and a Vizier
# emulator that serves one phase per check run. Needs $Let (examples/consumer-latency/let.pxl) and $Commands (the
# portable test commands) set by the caller.

# One phase per check run: five 10 s windows whose latency_p99 centres on $Milliseconds.
function New-LatencyPhase([double] $Milliseconds) {
    $rows = foreach ($i in 0..4) { , @((1690000000000000000 + $i * 10000000000), [long]($Milliseconds * 1e6 * (0.98 + 0.01 * $i))) }
    @{ tables = @(@{
                name    = 'output'
                columns = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' },
                    @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' })
                rows    = @($rows)
            }) }
}

function Start-PhasedEmulator([double[]] $Milliseconds) {
    $scenario = New-TestScenario
    $scenario.Remove('tables')
    $scenario.phases = @($Milliseconds | ForEach-Object { New-LatencyPhase $_ })
    Start-VizierEmulator -Scenario $scenario
}

# A check: one chaospixie probe judged by percentile_should_be_below (p99 of latency_p99 <= 300 ms), and, with
# -ExitProbe, a second probe whose tolerance measures nothing (an exit code).
function New-Check([string] $Title, [switch] $ExitProbe) {
    $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
    Copy-Item $Let (Join-Path $folder 'let.pxl')
    $probes = @([ordered]@{
            type      = 'probe'
            name      = 'p99-latency'
            tolerance = [ordered]@{ type = 'probe'; name = 'p99-below-300'; provider = [ordered]@{
                    type = 'python'; module = 'chaospixie.tolerances'; func = 'percentile_should_be_below'; secrets = @('pixie')
                    arguments = [ordered]@{ column = 'latency_p99'; percentile = 99; convert_from_nanoseconds = 'milliseconds'; treshold = 300.0 } } }
            provider  = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script_from_local_file'; secrets = @('pixie'); arguments = @{ script_path = (Join-Path $folder 'let.pxl') } }
        })
    if ($ExitProbe) { $probes += [ordered]@{ type = 'probe'; name = 'exit-zero'; tolerance = 0; provider = [ordered]@{ type = 'process'; path = (Join-Path $Commands 'chaos-exit'); arguments = @('0') } } }
    $experiment = [ordered]@{
        version                   = '1.0.0'
        title                     = $Title
        description               = 'a scheduled steady-state check'
        secrets                   = @{ pixie = @{ api_key = @{ type = 'env'; key = 'PIXIE_API_KEY' } } }
        'steady-state-hypothesis' = [ordered]@{ title = 'consumer is fast'; probes = $probes }
        method                    = @([ordered]@{ type = 'action'; name = 'must-not-run'; provider = [ordered]@{ type = 'process'; path = (Join-Path $Commands 'chaos-echo'); arguments = @('method') } })
        rollbacks                 = @([ordered]@{ type = 'action'; name = 'must-not-roll-back'; provider = [ordered]@{ type = 'process'; path = (Join-Path $Commands 'chaos-echo'); arguments = @('rollback') } })
    }
    $path = Join-Path $folder 'check.json'
    $experiment | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
    $path
}

function Use-Emulator($Emulator) {
    $env:PIXIE_SERVER_URL = $Emulator.Url
    $env:PIXIE_API_KEY = $Emulator.ApiKey
    $env:PIXIE_CLUSTER_ID = $Emulator.ClusterId
}

# A history of its own, as the splat for the history cmdlets: a fresh SQLite file, or a fresh database on the test's
# PostgreSQL server (Start-TestPostgres).
function New-TestHistory([string] $Store, $Postgres) {
    $database = "history_$([guid]::NewGuid().ToString('N'))"
    if ($Store -eq 'SQLite') { return @{ HistoryPath = Join-Path $TestDrive "$database.db" } }
    $output = & (Join-Path $Postgres.Bin 'psql') -h 127.0.0.1 -p $Postgres.Port -U postgres -d postgres -q -c "CREATE DATABASE $database" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "CREATE DATABASE failed: $output" }
    @{ HistoryConnectionString = "Host=127.0.0.1;Port=$($Postgres.Port);Username=postgres;Database=$database" }
}
