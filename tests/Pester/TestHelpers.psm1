<#
.SYNOPSIS
    Test helpers: start, query and stop the Vizier emulator (tests/ChaosPixie.VizierEmulator) for the Pester suite, and
    the fixtures the Invoke-ChaosExperiment tests share: experiment builders, a run that returns its journal, the
    commands on PATH and a local HTTP server.
.DESCRIPTION
    Import from a test file with: Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1)
    The emulator must be built (dotnet pwsh ./build.ps1 Build puts it in out/emulator).
#>

Set-StrictMode -Version Latest

$RepositoryRoot = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
$EmulatorPath = Join-Path $RepositoryRoot 'out/emulator/ChaosPixie.VizierEmulator.dll'
$ListeningTimeout = [TimeSpan]::FromSeconds(30)

# The dotnet host: the one running this pwsh when it runs as a dotnet tool, otherwise the one on PATH.
function Get-DotnetHost {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return $process }
    if ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $dotnet = Get-Command dotnet -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $dotnet) { throw 'dotnet was not found: install the .NET SDK pinned by global.json or put dotnet on PATH.' }
    return $dotnet.Source
}

function Start-VizierEmulator {
    <#
    .SYNOPSIS
        Starts the Vizier emulator on a free loopback port and waits until it listens.
    .PARAMETER Scenario
        A scenario file (path or FileInfo), or a hashtable (see New-TestScenario) written to a temporary JSON file.
    .PARAMETER Tls
        Serve TLS with a certificate from a CA made at start; CaCertificatePath is that CA's PEM file.
    .PARAMETER Record
        Record every request; read them with Get-VizierEmulatorRequest.
    .PARAMETER Bundle
        A script bundle (a file path, or a hashtable written as JSON) to serve over HTTP/1.1; BundleUrl is its URL.
    .OUTPUTS
        An object with Url, ApiKey, ClusterId (the first cluster), CaCertificatePath, RecordPath, BundleUrl, Process
        and WorkingDirectory (removed by Stop-VizierEmulator).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Scenario,
        [switch] $Tls,
        [switch] $Record,
        [object] $Bundle
    )

    if (-not (Test-Path -LiteralPath $EmulatorPath)) {
        throw "The Vizier emulator is not built ($EmulatorPath is missing): run 'dotnet pwsh ./build.ps1 Build' first."
    }

    $work = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "vizier-emulator-$([guid]::NewGuid().ToString('N'))")
    if ($Scenario -is [IO.FileInfo]) { $Scenario = $Scenario.FullName }
    if ($Scenario -is [string]) {
        $scenarioPath = (Resolve-Path -LiteralPath $Scenario -ErrorAction Stop).ProviderPath
    }
    else {
        $scenarioPath = Join-Path $work 'scenario.json'
        [IO.File]::WriteAllText($scenarioPath, (ConvertTo-Json -InputObject $Scenario -Depth 32))
    }
    $document = Get-Content -LiteralPath $scenarioPath -Raw | ConvertFrom-Json

    $start = [Diagnostics.ProcessStartInfo]::new((Get-DotnetHost))
    foreach ($argument in $EmulatorPath, '--scenario', $scenarioPath) { $start.ArgumentList.Add($argument) }
    $caPath = $null
    if ($Tls) {
        $certDirectory = Join-Path $work 'certs'
        $caPath = Join-Path $certDirectory 'ca.pem'
        foreach ($argument in '--tls', '--cert-dir', $certDirectory) { $start.ArgumentList.Add($argument) }
    }
    $recordPath = $null
    if ($Record) {
        $recordPath = Join-Path $work 'requests.jsonl'
        foreach ($argument in '--record', $recordPath) { $start.ArgumentList.Add($argument) }
    }
    if ($Bundle) {
        $bundlePath = if ($Bundle -is [string] -or $Bundle -is [IO.FileInfo]) { "$Bundle" } else { Join-Path $work 'bundle.json' }
        if ($Bundle -isnot [string] -and $Bundle -isnot [IO.FileInfo]) { [IO.File]::WriteAllText($bundlePath, (ConvertTo-Json -InputObject $Bundle -Depth 32)) }
        foreach ($argument in '--bundle', $bundlePath) { $start.ArgumentList.Add($argument) }
    }
    # stdin stays open while this process lives: the emulator exits when it closes, so it never outlives the tests.
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)

    $line = $process.StandardOutput.ReadLineAsync()
    $answered = $line.Wait($ListeningTimeout)
    if (-not $answered -or $line.Result -notmatch '^listening (?<url>\S+)$') {
        # The end of stdout comes just before the exit itself.
        $exited = $answered -and $null -eq $line.Result -and $process.WaitForExit(10000)
        if (-not $exited) { $process.Kill($true) }
        $process.WaitForExit()
        $code = $process.ExitCode
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
        if ($exited) { throw "The Vizier emulator exited with code $code before listening; its error output above says why ($scenarioPath)." }
        if ($answered) { throw "The Vizier emulator printed '$($line.Result)' instead of 'listening <url>' and was stopped ($scenarioPath)." }
        throw "The Vizier emulator did not report 'listening' within $($ListeningTimeout.TotalSeconds) s and was stopped ($scenarioPath)."
    }

    $url = $Matches.url
    $bundleUrl = $null
    if ($Bundle) {
        $bundleLine = $process.StandardOutput.ReadLine()
        if ($bundleLine -notmatch '^bundle (?<url>\S+)$') { $process.Kill($true); throw "The Vizier emulator printed '$bundleLine' instead of 'bundle <url>'." }
        $bundleUrl = $Matches.url
    }

    [pscustomobject]@{
        PSTypeName        = 'ChaosPixie.Tests.VizierEmulator'
        Url               = $url
        ApiKey            = $document.apiKey
        ClusterId         = @($document.clusters)[0].id
        CaCertificatePath = $caPath
        RecordPath        = $recordPath
        BundleUrl         = $bundleUrl
        Process           = $process
        WorkingDirectory  = $work.FullName
    }
}

function Stop-VizierEmulator {
    <#
    .SYNOPSIS
        Stops an emulator from Start-VizierEmulator (closes its stdin, kills it if it lingers) and removes its
        temporary files, the recorded requests included.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [object] $Emulator)

    process {
        $process = $Emulator.Process
        if (-not $process.HasExited) {
            $process.StandardInput.Close()
            if (-not $process.WaitForExit(10000)) { $process.Kill($true) }
        }
        $process.WaitForExit()
        Remove-Item -LiteralPath $Emulator.WorkingDirectory -Recurse -Force -ErrorAction Ignore
    }
}

function Get-VizierEmulatorRequest {
    <#
    .SYNOPSIS
        The requests an emulator started with -Record received, oldest first: objects with method, metadata
        (lower-case header names) and body (the request as protobuf JSON: queryStr, clusterId, ...).
    .PARAMETER Method
        Only requests whose method path ends with this text, e.g. 'ExecuteScript' or 'GetClusterInfo'.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [object] $Emulator,
        [string] $Method
    )

    process {
        if (-not $Emulator.RecordPath) { throw 'This emulator records nothing: start it with Start-VizierEmulator -Record.' }
        if (-not (Test-Path -LiteralPath $Emulator.RecordPath)) { return }
        foreach ($line in [IO.File]::ReadAllLines($Emulator.RecordPath)) {
            if (-not $line) { continue }
            $request = ConvertFrom-Json -InputObject $line
            if (-not $Method -or $request.method.EndsWith($Method, [StringComparison]::Ordinal)) { $request }
        }
    }
}

function New-TestScenario {
    <#
    .SYNOPSIS
        A scenario hashtable for Start-VizierEmulator: a fresh API key, one cluster, and the given tables (by
        default one 'output' table with time_, latency_ns and service columns and three rows).
    .PARAMETER Table
        Tables as in the scenario file: @{ name = ...; columns = @(@{ name; type; semanticType }); rows = @(,@(...)) }.
    .PARAMETER ClusterStatus
        The cluster's ClusterStatus name, e.g. CS_DEGRADED or CS_DISCONNECTED.
    .PARAMETER Fault
        A fault for every ExecuteScript call, as in the script line: 'compile-error line=2 message="bad"'.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [hashtable[]] $Table,
        [string] $ClusterStatus = 'CS_HEALTHY',
        [string] $Fault,
        [ValidateRange(1, [int]::MaxValue)] [int] $BatchSize = 1024
    )

    if (-not $PSBoundParameters.ContainsKey('Table')) {
        $Table = @(@{
                name    = 'output'
                columns = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' },
                    @{ name = 'latency_ns'; type = 'INT64'; semanticType = 'ST_DURATION_NS' },
                    @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }
                )
                rows    = @(
                    @(1690000000000000000, 120000000, 'px-sock-shop/carts'),
                    @(1690000010000000000, 180000000, 'px-sock-shop/orders'),
                    @(1690000020000000000, 240000000, 'px-sock-shop/carts')
                )
            })
    }

    $scenario = @{
        apiKey    = "px-api-$([guid]::NewGuid())"
        clusters  = @(@{
                id                   = [guid]::NewGuid().ToString()
                name                 = 'test-cluster'
                status               = $ClusterStatus
                vizierVersion        = '0.14.15'
                clusterVersion       = 'v1.30.0'
                numNodes             = 1
                numInstrumentedNodes = 1
            })
        batchSize = $BatchSize
        tables    = @($Table)
    }
    if ($Fault) { $scenario.fault = $Fault }
    $scenario
}

function Get-TestScenarioPath {
    <#
    .SYNOPSIS
        The path of a scenario file by name: tests/Pester/Fixtures/Scenarios/<Name>.json, else examples/scenarios/<Name>.json.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Name)

    foreach ($folder in (Join-Path $PSScriptRoot 'Fixtures/Scenarios'), (Join-Path $RepositoryRoot 'examples/scenarios')) {
        $path = Join-Path $folder "$Name.json"
        if (Test-Path -LiteralPath $path) { return $path }
    }
    throw "No scenario named '$Name' in tests/Pester/Fixtures/Scenarios or examples/scenarios."
}

function Start-TestPostgres {
    <#
    .SYNOPSIS
        Starts a throwaway PostgreSQL server: initdb into a temporary folder (trust authentication, loopback only), then
        pg_ctl start on a free loopback port. Stop it with Stop-TestPostgres.
    .DESCRIPTION
        initdb and postgres refuse to run as root: as root (CI) both run as the 'nobody' account through runuser, in a
        folder that account owns. The binaries are taken from /usr/lib/postgresql/<newest>/bin, else from PATH; when
        there are none this throws, so that the history tests fail loudly rather than skip (.ci/run installs them).
    .OUTPUTS
        An object with ConnectionString (Host=127.0.0.1;Port=...;Username=postgres;Database=postgres), Port, DataDirectory
        and Bin.
    #>
    [CmdletBinding()]
    param()

    $bin = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction Ignore |
        Sort-Object { [int]$_.Directory.Parent.Name } -Descending | Select-Object -First 1 | ForEach-Object { $_.DirectoryName }
    if (-not $bin) { $bin = Get-Command initdb -CommandType Application -ErrorAction Ignore | Select-Object -First 1 | ForEach-Object { Split-Path $_.Source } }
    if (-not $bin) { throw 'PostgreSQL was not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH): install it (apt-get install postgresql, as .ci/run does); the history tests need a real server.' }

    # As root the folder is under /tmp, which 'nobody' can reach whatever TMPDIR says (root's own may be private).
    $asRoot = $IsLinux -and (& id -u) -eq '0'
    $base = if ($asRoot) { '/tmp' } else { [IO.Path]::GetTempPath() }
    $work = New-Item -ItemType Directory -Path (Join-Path $base "chaospixie-pg-$([guid]::NewGuid().ToString('N'))")
    $data = Join-Path $work 'data'
    if ($asRoot) { & chown nobody $work.FullName }

    $port = Get-FreePort

    function Invoke-PostgresTool([string] $Tool, [string[]] $Arguments) {
        $command = if ($asRoot) { @('runuser', '-u', 'nobody', '--', (Join-Path $bin $Tool)) + $Arguments } else { @((Join-Path $bin $Tool)) + $Arguments }
        $output = & $command[0] $command[1..($command.Count - 1)] 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Tool failed with exit code ${LASTEXITCODE}: $($output -join [Environment]::NewLine)" }
    }

    Invoke-PostgresTool 'initdb' @('-D', $data, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8')
    Invoke-PostgresTool 'pg_ctl' @('-D', $data, '-l', (Join-Path $work 'server.log'), '-w', '-o', "-p $port -c listen_addresses=127.0.0.1 -k $work -c fsync=off", 'start')
    [pscustomobject]@{
        PSTypeName       = 'ChaosPixie.Tests.Postgres'
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
        Port             = $port
        DataDirectory    = $data
        WorkingDirectory = $work.FullName
        Bin              = $bin
        AsRoot           = $asRoot
    }
}

function Stop-TestPostgres {
    <#
    .SYNOPSIS
        Stops a server from Start-TestPostgres (pg_ctl stop -m fast) and removes its folder.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [object] $Postgres)

    process {
        $pgCtl = Join-Path $Postgres.Bin 'pg_ctl'
        if ($Postgres.AsRoot) { & runuser -u nobody -- $pgCtl -D $Postgres.DataDirectory -m fast -w stop *> $null }
        else { & $pgCtl -D $Postgres.DataDirectory -m fast -w stop *> $null }
        Remove-Item -LiteralPath $Postgres.WorkingDirectory -Recurse -Force -ErrorAction Ignore
    }
}

# ---- Experiment fixtures (the Invoke-ChaosExperiment.*.Tests.ps1 files)

$ExperimentFixtures = Join-Path $PSScriptRoot 'Fixtures/Experiments/run'

function Initialize-ExperimentFixture {
    <#
    .SYNOPSIS
        Puts the fixture commands (Fixtures/Experiments/run/commands) on PATH, once, and returns the fixtures folder.
    #>
    $commands = Join-Path $ExperimentFixtures 'commands'
    if (($env:PATH -split [IO.Path]::PathSeparator) -notcontains $commands) {
        $env:PATH = $commands + [IO.Path]::PathSeparator + $env:PATH
    }
    $ExperimentFixtures
}

# The machine's Python 3 that the Python bridge tests run, or $null: the system's, by path, so that a virtual
# environment first on PATH does not decide what the tests import.
function Find-TestPython {
    @('/usr/bin/python3', '/usr/local/bin/python3') | Where-Object { Test-Path $_ } | Select-Object -First 1
}

function Get-FreePort {
    $socket = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $socket.Start()
    try { $socket.LocalEndpoint.Port } finally { $socket.Stop() }
}

function Start-TestHttpServer {
    <#
    .SYNOPSIS
        Starts Fixtures/Experiments/run/HttpServer.ps1 on a free loopback port in a background runspace; returns its
        Listener, Server and BaseUrl (give the object to Stop-TestHttpServer).
    #>
    $port = Get-FreePort
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $server = [powershell]::Create()
    $null = $server.AddCommand((Join-Path $ExperimentFixtures 'HttpServer.ps1')).AddParameter('Listener', $listener)
    $null = $server.BeginInvoke()
    [pscustomobject]@{ Listener = $listener; Server = $server; BaseUrl = "http://127.0.0.1:$port" }
}

function Stop-TestHttpServer([Parameter(Mandatory)] $Http) {
    $Http.Listener.Stop()
    $Http.Server.Dispose()
}

# An activity definition; -Arguments may be a string (shell), a list (argv) or a dictionary.
function New-Activity {
    param([string] $Name, [string] $Path, $Arguments, [string] $Type = 'action', [System.Collections.IDictionary] $Extra = @{})
    $provider = [ordered]@{ type = 'process'; path = $Path }
    if ($PSBoundParameters.ContainsKey('Arguments')) { $provider.arguments = $Arguments }
    $activity = [ordered]@{ type = $Type; name = $Name; provider = $provider }
    foreach ($key in $Extra.Keys) { $activity[$key] = $Extra[$key] }
    $activity
}

function New-Probe {
    param([string] $Name, [System.Collections.IDictionary] $Provider, $Tolerance, [switch] $NoTolerance)
    $probe = [ordered]@{ type = 'probe'; name = $Name; provider = $Provider }
    if (-not $NoTolerance) { $probe.tolerance = $Tolerance }
    $probe
}

function New-Experiment {
    param([object[]] $Method = @(), [object[]] $Probes, [object[]] $Rollbacks, [System.Collections.IDictionary] $Extra = @{})
    $experiment = [ordered]@{ title = 'test'; description = 'a test experiment' }
    foreach ($key in $Extra.Keys) { $experiment[$key] = $Extra[$key] }
    if ($PSBoundParameters.ContainsKey('Probes')) { $experiment['steady-state-hypothesis'] = [ordered]@{ title = 'holds'; probes = @($Probes) } }
    $experiment.method = @($Method)
    if ($PSBoundParameters.ContainsKey('Rollbacks')) { $experiment.rollbacks = @($Rollbacks) }
    $experiment
}

# Writes the experiment to the test drive, runs it, and returns the cmdlet's output with the journal file it wrote.
function Invoke-Experiment {
    param([System.Collections.IDictionary] $Experiment, [hashtable] $Parameters = @{}, [string] $Extension = 'json')
    $name = [guid]::NewGuid().ToString('n')
    $path = Join-Path $TestDrive "$name.$Extension"
    $Experiment | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
    $journalPath = Join-Path $TestDrive "$name.journal.json"
    $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journalPath -WarningAction SilentlyContinue @Parameters
    [pscustomobject]@{
        Result  = $result
        Journal = Get-Content -Raw -LiteralPath $journalPath | ConvertFrom-Json -DateKind String
        Text    = Get-Content -Raw -LiteralPath $journalPath
    }
}

function Get-Lines([string] $Text) { @($Text -split '\r?\n' | Where-Object { $_ -ne '' }) }

# A killed child whose parent died is reaped by init; where init does not reap, it lingers as a zombie, which is dead too.
# The stat file may vanish between the two reads: then the process is gone.
function Test-ProcessAlive([int] $Id) {
    $process = Get-Process -Id $Id -ErrorAction Ignore
    if (-not $process) { return $false }
    $stat = "/proc/$Id/stat"
    if (Test-Path $stat) { return ((Get-Content -Raw $stat -ErrorAction Ignore) -replace '^.*\) ', '')[0] -notin 'Z', $null }
    return $true
}

# Starts a child pwsh (the one running the tests) that imports ChaosPixie, runs $Command and then prints 'after', so a
# test can tell whether the script went on past the cmdlet; its output and errors are read as it runs.
function Start-ChildPwsh([string] $Command) {
    # Imported here, not with the module: the docs examples run with a copy of this module outside the repository.
    Import-Module (Join-Path $RepositoryRoot 'tools/Pwsh.psm1')
    $commandLine = Get-PwshCommandLine
    $start = [System.Diagnostics.ProcessStartInfo]::new($commandLine[0])
    foreach ($argument in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; $Command; 'after'")) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
}

# Waits until a child's process wrote "<pid> <pid>" in $Marker (a synchronisation, not a timing assertion) and returns
# the pids; $What names the activity in the failure.
function Wait-ProcessMarker([string] $Marker, [string] $What, [int] $Seconds = 60) {
    $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
    while ([datetime]::UtcNow -lt $deadline) {
        $text = Get-Content -Raw -LiteralPath $Marker -ErrorAction Ignore
        if ($text -match '^\d+ \d+$') { return [int[]]($text -split ' ') }
        Start-Sleep -Milliseconds 50
    }
    throw "The $What did not start: no '$Marker'."
}

# The emulator scenario of the Invoke-PixieScript tests: 'all_types' holds one column of every type (two rows, one of
# them with invalid UTF-8), 'second' and 'third' thousands of generated rows, so that a result spans many batches.
function New-TypesScenario([string] $ApiKey, [string] $ClusterId, [int] $BatchSize = 1024) {
    @{
        apiKey    = $ApiKey
        clusters  = @(@{ id = $ClusterId; name = 'types'; status = 'CS_HEALTHY' })
        batchSize = $BatchSize
        tables    = @(
            @{
                name    = 'all_types'
                columns = @(
                    @{ name = 'ok'; type = 'BOOLEAN'; semanticType = 'ST_NONE' }
                    @{ name = 'count'; type = 'INT64'; semanticType = 'ST_NONE' }
                    @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                    @{ name = 'ratio'; type = 'FLOAT64'; semanticType = 'ST_PERCENT' }
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                    @{ name = 'upid'; type = 'UINT128'; semanticType = 'ST_UPID' }
                    @{ name = 'body'; type = 'STRING'; semanticType = 'ST_NONE' }
                    @{ name = 'latency_q'; type = 'STRING'; semanticType = 'ST_DURATION_NS_QUANTILES' }
                )
                rows    = @(
                    , @($true, 42, 5000000000, 1.5, 1690000000123456789, '00112233-4455-6677-8899-aabbccddeeff', 'héllo', '{"p01":1,"p10":2,"p25":3,"p50":4,"p75":5,"p90":6,"p99":7000000}')
                    , @($false, -7, 1500000, -0.25, 0, 'ffffffff-0000-0000-0000-000000000001', @{ base64 = 'YWL/Yw==' }, '{"p01":0,"p10":0,"p25":0,"p50":0,"p75":0,"p90":0,"p99":0}')
                )
            }
            @{
                name     = 'second'
                columns  = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }, @{ name = 'pod'; type = 'STRING'; semanticType = 'ST_POD_NAME' })
                generate = @{ count = 5000; seed = 7 }
            }
            @{
                name     = 'third'
                columns  = @(@{ name = 'x'; type = 'FLOAT64'; semanticType = 'ST_NONE' })
                generate = @{ count = 3000; seed = 8 }
            }
        )
    }
}

# The terminating error $Action ends with; a test that expected one fails when it ends without.
function Get-ErrorRecord([scriptblock] $Action) {
    try { & $Action | Out-Null } catch { return $_ }
    throw 'Expected a terminating error, got none.'
}

function Get-Chromium {
    # Headless Chromium renders the HTML reports as a reader's browser would; .ci/run installs it. Missing, the browser
    # tests fail rather than skip.
    $command = Get-Command chromium, chromium-browser, google-chrome -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $command) { throw 'Chromium was not found (no chromium, chromium-browser or google-chrome on PATH): install it (apt-get install chromium, as .ci/run does); the report tests render pages in it.' }
    $command.Source
}

function Invoke-Chromium([string[]] $Arguments, [int] $Seconds = 120) {
    # One headless Chromium run, its own profile folder, ended with its children if it outlives $Seconds.
    $profileFolder = Join-Path ([IO.Path]::GetTempPath()) ("chromium-" + [guid]::NewGuid().ToString('n'))
    $info = [Diagnostics.ProcessStartInfo]::new((Get-Chromium))
    foreach ($argument in @('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', "--user-data-dir=$profileFolder") + $Arguments) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit($Seconds * 1000)) { throw "Chromium did not finish within $Seconds s." }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    }
    finally {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.Dispose()
        Remove-Item -LiteralPath $profileFolder -Recurse -Force -ErrorAction Ignore
    }
}

function Measure-HtmlPage {
    <#
    .SYNOPSIS
        Renders an HTML file in headless Chromium in a window $Width pixels wide and measures it: the page's
        ScrollWidth against its ClientWidth (wider means a horizontal scroll bar), the right edge of its widest
        element (WidestRight, with its tag in WidestElement) and the number of SVG elements drawn with a width
        (DrawnSvgs). With -ScreenshotPath, also writes a PNG of the page at that width.
    .NOTES
        The report forbids scripts (its Content-Security-Policy), so a page beside it loads it in a frame of the same
        width and measures it from outside; Chromium is told to let file pages reach each other.
    #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Width = 1280, [string] $ScreenshotPath)
    $page = (Resolve-Path -LiteralPath $Path).ProviderPath
    $probe = Join-Path ([IO.Path]::GetDirectoryName($page)) ("measure-" + [guid]::NewGuid().ToString('n') + '.html')
    $source = [Uri]::new($page).AbsoluteUri
    Set-Content -LiteralPath $probe -Encoding utf8 -Value @"
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="$source" style="border:0;width:${Width}px;height:900px"></iframe>
<pre id="result">pending</pre><script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument, widest = 0, tag = '', svgs = 0;
  d.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect(); if (r.right > widest) { widest = r.right; tag = e.tagName; } });
  d.querySelectorAll('svg').forEach(function (e) { if (e.getBoundingClientRect().width > 0) { svgs++; } });
  document.getElementById('result').textContent = JSON.stringify({ ScrollWidth: d.documentElement.scrollWidth, ClientWidth: d.documentElement.clientWidth, WidestRight: widest, WidestElement: tag, DrawnSvgs: svgs });
});
</script></body></html>
"@
    try {
        $run = Invoke-Chromium @('--allow-file-access-from-files', '--virtual-time-budget=10000', '--dump-dom', [Uri]::new($probe).AbsoluteUri)
        $json = [regex]::Match($run.Output, '<pre id="result">(\{.*?\})</pre>').Groups[1].Value
        if (-not $json) { throw "Chromium measured nothing (exit code $($run.ExitCode)): $($run.Error)" }
        $measure = [Net.WebUtility]::HtmlDecode($json) | ConvertFrom-Json
        if ($ScreenshotPath) {
            $null = Invoke-Chromium @('--hide-scrollbars', "--window-size=$Width,2400", "--screenshot=$ScreenshotPath", $source)
            if (-not (Test-Path -LiteralPath $ScreenshotPath)) { throw "Chromium wrote no screenshot to $ScreenshotPath." }
        }
        $measure
    }
    finally { Remove-Item -LiteralPath $probe -ErrorAction Ignore }
}

Export-ModuleMember -Function New-TypesScenario, Get-ErrorRecord, Start-VizierEmulator, Stop-VizierEmulator, Get-VizierEmulatorRequest, New-TestScenario, Get-TestScenarioPath,
    Initialize-ExperimentFixture, Find-TestPython, Get-FreePort, Start-TestHttpServer, Stop-TestHttpServer, New-Activity, New-Probe, New-Experiment,
    Invoke-Experiment, Get-Lines, Test-ProcessAlive, Start-ChildPwsh, Wait-ProcessMarker, Start-TestPostgres, Stop-TestPostgres,
    Measure-HtmlPage
