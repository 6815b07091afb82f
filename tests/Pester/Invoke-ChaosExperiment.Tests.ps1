# Invoke-ChaosExperiment against real processes (the scripts in Fixtures/Experiments/run/commands, put on PATH) and a real
# HTTP server on 127.0.0.1 (Fixtures/Experiments/run/HttpServer.ps1 in a background runspace). Each test reads the
# journal the run wrote, as chaostoolkit's tools would.
BeforeAll {
    Import-Module ChaosPixie -Force
    $script:Fixtures = Join-Path $PSScriptRoot 'Fixtures/Experiments/run'
    $env:PATH = (Join-Path $Fixtures 'commands') + [IO.Path]::PathSeparator + $env:PATH

    function Get-FreePort {
        $socket = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $socket.Start()
        try { $socket.LocalEndpoint.Port } finally { $socket.Stop() }
    }

    $port = Get-FreePort
    $script:Listener = [System.Net.HttpListener]::new()
    $Listener.Prefixes.Add("http://127.0.0.1:$port/")
    $Listener.Start()
    $script:Server = [powershell]::Create()
    $null = $Server.AddCommand((Join-Path $Fixtures 'HttpServer.ps1')).AddParameter('Listener', $Listener)
    $null = $Server.BeginInvoke()
    $script:BaseUrl = "http://127.0.0.1:$port"
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"

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

    # Writes the experiment, runs it, and returns the cmdlet's output with the journal file it wrote.
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
    function Test-ProcessAlive([int] $Id) {
        $process = Get-Process -Id $Id -ErrorAction Ignore
        if (-not $process) { return $false }
        $stat = "/proc/$Id/stat"
        if (Test-Path $stat) { return ((Get-Content -Raw $stat) -replace '^.*\) ', '')[0] -ne 'Z' }
        return $true
    }
}

AfterAll {
    $Listener.Stop()
    $Server.Dispose()
}

Describe 'The journal' {
    BeforeAll {
        $script:run = Invoke-Experiment (New-Experiment -Extra ([ordered]@{ 'unknown-key' = @{ kept = 1 }; configuration = @{ who = 'world' } }) `
                -Probes (New-Probe 'exists' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) `
                -Method (New-Activity 'say' 'chaos-echo' @('hello')) `
                -Rollbacks (New-Activity 'undo' 'chaos-echo' @('undo')))
    }

    It 'has upstream''s top-level keys in upstream''s order' {
        $run.Journal.PSObject.Properties.Name | Should -Be @('chaoslib-version', 'platform', 'node', 'experiment', 'start', 'status', 'deviated', 'steady_states', 'run', 'rollbacks', 'end', 'duration')
    }

    It 'gives a semver chaoslib-version, the platform and the node' {
        $run.Journal.'chaoslib-version' | Should -Match '^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$'
        $run.Journal.platform | Should -Not -BeNullOrEmpty
        $run.Journal.node | Should -Be ([Environment]::MachineName)
    }

    It 'stamps times as Python''s isoformat in UTC' {
        foreach ($stamp in $run.Journal.start, $run.Journal.end, $run.Journal.run[0].start, $run.Journal.run[0].end) {
            $stamp | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$'
        }
        $run.Journal.duration | Should -BeOfType [double]
    }

    It 'copies the experiment with unknown keys kept and dry set last' {
        $experiment = $run.Journal.experiment
        $experiment.'unknown-key'.kept | Should -Be 1
        $experiment.PSObject.Properties.Name[-1] | Should -Be 'dry'
        $experiment.dry | Should -BeNullOrEmpty
    }

    It 'writes run records in upstream''s key order, steady-state ones with tolerance_met' {
        $run.Journal.run[0].PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'end', 'duration')
        $run.Journal.steady_states.before.probes[0].PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'end', 'duration', 'tolerance_met')
        $run.Journal.steady_states.before.PSObject.Properties.Name | Should -Be @('steady_state_met', 'probes')
        $run.Journal.steady_states.PSObject.Properties.Name | Should -Be @('before', 'after', 'during')
    }

    It 'reports completed, not deviated, with before, after, run and rollbacks' {
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after.steady_state_met | Should -BeTrue
        $run.Journal.run.activity.name | Should -Be 'say'
        $run.Journal.rollbacks.activity.name | Should -Be 'undo'
    }

    It 'outputs a ChaosPixie.ChaosJournal that agrees with the file' {
        $run.Result.PSObject.TypeNames | Should -Contain 'ChaosPixie.ChaosJournal'
        $run.Result.Status | Should -Be 'completed'
        $run.Result.Deviated | Should -BeFalse
        $run.Result.SteadyStateBefore | Should -BeTrue
        $run.Result.Run[0].status | Should -Be 'succeeded'
        $run.Result.Rollbacks[0].activity.name | Should -Be 'undo'
        $run.Result.ExitCode | Should -Be 0
        $run.Result.JournalPath | Should -Exist
    }

    It 'is written atomically: no temporary file is left beside it' {
        Get-ChildItem $TestDrive -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }

    It 'writes ./journal.json by default, relative to the current location' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'default-journal')
        $path = Join-Path $folder 'e.json'
        New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        Push-Location $folder
        try { $null = Invoke-ChaosExperiment -Path e.json } finally { Pop-Location }
        Join-Path $folder 'journal.json' | Should -Exist
    }
}

Describe 'The process provider' {
    It 'passes list arguments as argv with Python''s str(), dropping null and ""' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('bye', 1, 2.5, $true, $null, '', 'two words')))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('bye', '1', '2.5', 'True', 'two words')
        $run.Journal.run[0].output.status | Should -Be 0
        $run.Journal.run[0].output.stderr | Should -Be ''
    }

    It 'flattens the deprecated dict form into name, value pairs' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' ([ordered]@{ '-n' = 3; '-V' = $null })))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('-n', '3', '-V')
    }

    It 'runs string arguments through the shell, which parses quotes' -Skip:$IsWindows {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' '"a b" c $((1+2))'))
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('a b', 'c', '3')
    }

    It 'keeps a non-zero exit code a success' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'fail' 'chaos-exit' @(3)))
        $run.Journal.run[0].status | Should -Be 'succeeded'
        $run.Journal.run[0].output.status | Should -Be 3
        $run.Journal.status | Should -Be 'completed'
    }

    It 'kills the child and its children on timeout, and fails the activity with ActivityFailed' -Skip:$IsWindows {
        $pids = Join-Path $TestDrive 'pids.txt'
        $activity = New-Activity 'sleepy' 'chaos-sleep' @(30, $pids)
        $activity.provider.timeout = 0.5
        $run = Invoke-Experiment (New-Experiment -Method $activity)
        $record = $run.Journal.run[0]
        $record.status | Should -Be 'failed'
        $record.PSObject.Properties.Name | Should -Be @('activity', 'output', 'start', 'status', 'exception', 'end', 'duration')
        $record.exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: process activity took too long to complete`n"
        $record.output | Should -BeNullOrEmpty
        foreach ($id in (Get-Content $pids) -split ' ') { Test-ProcessAlive $id | Should -BeFalse }
        $run.Journal.status | Should -Be 'completed'
    }

    It 'expands ~ in the path at run time' -Skip:$IsWindows {
        $userHome = New-Item -ItemType Directory (Join-Path $TestDrive 'home')
        Copy-Item (Join-Path $Fixtures 'commands/chaos-echo') (Join-Path $userHome 'my-echo')
        $saved = $env:HOME
        $env:HOME = $userHome.FullName
        try { $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'tilde' '~/my-echo' @('from-home'))) -Parameters @{ NoValidation = $true } }
        finally { $env:HOME = $saved }
        $run.Journal.run[0].output.stdout | Should -Be "from-home`n"
    }

    It 'runs in the current location and resolves relative paths against it' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'cwd')
        Push-Location $folder
        try { $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'touch' 'chaos-touch' @('made-here'))) } finally { Pop-Location }
        Join-Path $folder 'made-here' | Should -Exist
        $run.Journal.status | Should -Be 'completed'
    }

    It 'aborts the run when a list-argument executable is missing (validation skipped)' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'ghost' 'no-such-command-here' @('x'))) -Parameters @{ NoValidation = $true }
        $run.Journal.status | Should -Be 'aborted'
        $run.Journal.deviated | Should -BeFalse
        $run.Result.ExitCode | Should -Be 1
    }

    It 'fails an activity whose path is longer than a system takes, quoting only its start (validation skipped)' {
        $long = '/tmp/' + ('x' * 1MB)
        $run = Invoke-Experiment (New-Experiment -Method @((New-Activity 'long' $long @('x')), (New-Activity 'next' 'chaos-echo' @('after')))) -Parameters @{ NoValidation = $true }
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -BeLike "*the path of the process is $($long.Length) characters long, more than the 4096 a system allows: '/tmp/xxx*... ($($long.Length) characters)'*"
        ($run.Journal.run[0].exception -join '').Length | Should -BeLessThan 400
        $run.Journal.run[1].output.stdout | Should -Be "after`n"
        # The experiment and the run record's activity hold the path; no message repeats it.
        $run.Text.Length | Should -BeLessThan (2 * $long.Length + 100KB)
    }
}

Describe 'The http provider' {
    BeforeAll {
        function New-Http([string] $Name, [System.Collections.IDictionary] $Provider, [string] $Type = 'probe') {
            $p = [ordered]@{ type = 'http' }
            foreach ($key in $Provider.Keys) { $p[$key] = $Provider[$key] }
            [ordered]@{ type = $Type; name = $Name; provider = $p }
        }
    }

    It 'sends GET arguments as the query string' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Http 'get' @{ url = "$BaseUrl/echo"; arguments = [ordered]@{ q = 'x y'; n = 5 } }))
        $output = $run.Journal.run[0].output
        $output.status | Should -Be 200
        $output.body.method | Should -Be 'GET'
        $output.body.query | Should -Be '?q=x+y&n=5'
    }

    It 'sends a JSON body only for Content-Type application/json, a form otherwise' {
        $json = New-Http 'json' @{ url = "$BaseUrl/echo"; method = 'post'; headers = @{ 'Content-Type' = 'application/json' }; arguments = [ordered]@{ a = @(1, 2); n = 5 } }
        $form = New-Http 'form' @{ url = "$BaseUrl/echo"; method = 'POST'; arguments = [ordered]@{ a = 1; b = 'two' } }
        $run = Invoke-Experiment (New-Experiment -Method $json, $form)
        $run.Journal.run[0].output.body.method | Should -Be 'POST'
        $run.Journal.run[0].output.body.body | ConvertFrom-Json | ForEach-Object { $_.a; $_.n } | Should -Be @(1, 2, 5)
        $run.Journal.run[1].output.body.body | Should -Be 'a=1&b=two'
        $run.Journal.run[1].output.body.contentType | Should -Be 'application/x-www-form-urlencoded; charset=utf-8'
    }

    It 'substitutes configuration and secrets into the url and headers' {
        $probe = New-Http 'auth' @{ url = '${base}/echo'; headers = @{ 'X-Token' = 'Bearer ${token}' } }
        $run = Invoke-Experiment (New-Experiment -Method $probe -Extra ([ordered]@{ configuration = @{ base = $BaseUrl }; secrets = @{ api = @{ token = 'tok-123-secret' } } }))
        $run.Journal.run[0].output.status | Should -Be 200
        # The server saw the token; the journal masks it.
        $run.Journal.run[0].output.body.token | Should -Be 'Bearer ***'
        $run.Text | Should -Not -Match 'tok-123-secret'
    }

    It 'parses the body only for exactly application/json' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Http 'json' @{ url = "$BaseUrl/json" }), (New-Http 'charset' @{ url = "$BaseUrl/json-charset" }), (New-Http 'text' @{ url = "$BaseUrl/text" }))
        $run.Journal.run[0].output.body.service.name | Should -Be 'consumer'
        $run.Journal.run[1].output.body | Should -BeOfType [string]
        $run.Journal.run[2].output.body | Should -Be 'plain text, latency=250'
        $run.Journal.run[0].output.headers.'Content-Type' | Should -Be 'application/json'
    }

    It 'follows redirects and keeps a 4xx/5xx a success' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Http 'moved' @{ url = "$BaseUrl/redirect" }), (New-Http 'broken' @{ url = "$BaseUrl/status/503" }))
        $run.Journal.run[0].output.status | Should -Be 200
        $run.Journal.run[1].output.status | Should -Be 503
        $run.Journal.run[1].status | Should -Be 'succeeded'
        $run.Journal.status | Should -Be 'completed'
    }

    It 'fails the activity when the read timeout ([connect, read]) expires' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Http 'slow' @{ url = "$BaseUrl/slow?seconds=3"; timeout = @(1, 0.3) }))
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -Be "chaoslib.exceptions.ActivityFailed: activity took too long to complete`n"
    }

    Context 'over TLS with a self-signed certificate' {
        BeforeAll {
            $key = [System.Security.Cryptography.RSA]::Create(2048)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=127.0.0.1', $key, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $selfSigned = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(1))
            # Re-imported from PFX so that the server side may use its private key on every platform.
            $certificate = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12($selfSigned.Export('Pfx'), $null)
            $script:TlsListener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $TlsListener.Start()
            $script:TlsServer = [powershell]::Create()
            $null = $TlsServer.AddCommand((Join-Path $Fixtures 'TlsServer.ps1')).AddParameter('Listener', $TlsListener).AddParameter('Certificate', $certificate)
            $null = $TlsServer.BeginInvoke()
            $script:TlsUrl = "https://127.0.0.1:$($TlsListener.LocalEndpoint.Port)/"
        }

        AfterAll {
            $TlsListener.Stop()
            $TlsServer.Dispose()
        }

        It 'refuses an untrusted certificate by default, as a connection failure' {
            $run = Invoke-Experiment (New-Experiment -Method (New-Http 'tls' @{ url = $TlsUrl }))
            $run.Journal.run[0].status | Should -Be 'failed'
            $run.Journal.run[0].exception[-1] | Should -BeLike "chaoslib.exceptions.ActivityFailed: failed to connect to $TlsUrl*"
        }

        It 'accepts it with verify_tls: false' {
            $run = Invoke-Experiment (New-Experiment -Method (New-Http 'tls' @{ url = $TlsUrl; verify_tls = $false }))
            $run.Journal.run[0].status | Should -Be 'succeeded'
            $run.Journal.run[0].output.body | Should -Be 'secure'
        }
    }

    It 'fails the activity when nothing listens, after max_retries' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Http 'closed' @{ url = $ClosedUrl; max_retries = 2 }))
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -Match "^chaoslib\.exceptions\.ActivityFailed: failed to connect to $([regex]::Escape($ClosedUrl)): "
        $run.Journal.status | Should -Be 'completed'
    }
}

Describe 'The powershell provider' {
    It 'splats arguments into a command, imports its module, and keeps its output as JSON' {
        $activity = [ordered]@{ type = 'probe'; name = 'join'; provider = [ordered]@{ type = 'powershell'; module = 'Microsoft.PowerShell.Utility'; func = 'Join-String'; arguments = [ordered]@{ InputObject = @('a', 'b'); Separator = '${sep}' } } }
        $run = Invoke-Experiment (New-Experiment -Method $activity -Extra ([ordered]@{ configuration = @{ sep = '-' } }))
        $run.Journal.run[0].output | Should -Be 'a-b'
        $run.Journal.run[0].status | Should -Be 'succeeded'
    }

    It 'runs a script with its arguments; objects and lists become JSON' {
        $activity = [ordered]@{ type = 'probe'; name = 'calc'; provider = [ordered]@{ type = 'powershell'; script = 'param($n) [pscustomobject]@{ doubled = $n * 2; list = 1, 2 }'; arguments = @{ n = '${n}' } } }
        $run = Invoke-Experiment (New-Experiment -Method $activity -Extra ([ordered]@{ configuration = @{ n = 21 } }))
        $run.Journal.run[0].output.doubled | Should -Be 42
        $run.Journal.run[0].output.list | Should -Be @(1, 2)
    }

    It 'fails the activity on a terminating error, with upstream''s exception list' {
        $activity = [ordered]@{ type = 'action'; name = 'boom'; provider = [ordered]@{ type = 'powershell'; script = 'throw "oops"' } }
        $run = Invoke-Experiment (New-Experiment -Method $activity)
        $run.Journal.run[0].status | Should -Be 'failed'
        $run.Journal.run[0].exception[-1] | Should -Match '^chaoslib\.exceptions\.ActivityFailed: .*oops'
        $run.Journal.status | Should -Be 'completed'
    }
}

Describe 'Tolerances' {
    BeforeAll {
        # A probe whose output is the JSON value given (a PowerShell script that returns it).
        function New-ValueProbe([string] $Name, [string] $Json, $Tolerance) {
            New-Probe $Name ([ordered]@{ type = 'powershell'; script = "'$Json' | ConvertFrom-Json -NoEnumerate" }) $Tolerance
        }

        function Test-Tolerance([object[]] $Probes) {
            $run = Invoke-Experiment (New-Experiment -Probes $Probes -Method @())
            $run.Journal.steady_states.before.probes | ForEach-Object { $_.tolerance_met }
        }
    }

    It 'compares bool, int and string tolerances with Python''s ==' {
        Test-Tolerance (New-ValueProbe 'one-is-true' '1' $true) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'float-int' '5.0' 5) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'string-zero' '"0"' 0) | Should -BeFalse
        Test-Tolerance (New-ValueProbe 'string' '"up"' 'up') | Should -BeTrue
    }

    It 'judges an int tolerance on a process''s exit status, and a bool never matches a process output' {
        Test-Tolerance (New-Probe 'exit' (New-Activity -Path 'chaos-exit' -Arguments @(2)).provider 2) | Should -BeTrue
        Test-Tolerance (New-Probe 'bool' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider $true) | Should -BeFalse
    }

    It 'treats a 2-item list as membership on a status, and as an inclusive range otherwise' {
        Test-Tolerance (New-Probe 'http' ([ordered]@{ type = 'http'; url = "$BaseUrl/status/250" }) @(200, 299)) | Should -BeFalse
        Test-Tolerance (New-Probe 'http' ([ordered]@{ type = 'http'; url = "$BaseUrl/status/200" }) @(200, 299)) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'range' '250' @(200, 299)) | Should -BeTrue
        Test-Tolerance (New-ValueProbe 'members' '4' @(1, 2, 3)) | Should -BeFalse
    }

    It 'substitutes a string tolerance, which the lone ${k} form turns into an int' {
        $run = Invoke-Experiment (New-Experiment -Probes (New-Probe 'exit' (New-Activity -Path 'chaos-exit' -Arguments @(3)).provider '${expected}') -Extra ([ordered]@{ configuration = @{ expected = 3 } }))
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'searches a regex in the target' {
        $provider = (New-Activity -Path 'chaos-echo' -Arguments @('latency=250ms')).provider
        Test-Tolerance (New-Probe 'regex' $provider ([ordered]@{ type = 'regex'; target = 'stdout'; pattern = 'latency=(?P<ms>\d+)ms' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'regex' $provider ([ordered]@{ type = 'regex'; target = 'stdout'; pattern = '^error' })) | Should -BeFalse
    }

    It 'evaluates jsonpath (jsonpath2 dialect) on a JSON body and on stdout, with expect and count' {
        $http = [ordered]@{ type = 'http'; url = "$BaseUrl/json" }
        Test-Tolerance (New-Probe 'name' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.service.name'; expect = 'consumer' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'filter' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.pods[*][?(@.ready = true)].name'; expect = 'a' })) | Should -BeTrue
        Test-Tolerance (New-Probe 'count' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$..latency[*]'; count = 2 })) | Should -BeTrue
        Test-Tolerance (New-Probe 'no-iteration' $http ([ordered]@{ type = 'jsonpath'; target = 'body'; path = '$.pods[?(@.ready = true)]' })) | Should -BeFalse
        $json = Join-Path $TestDrive 'doc.json'
        '{"items": [1, 2, 3]}' | Set-Content $json
        Test-Tolerance (New-Probe 'stdout' (New-Activity -Path 'chaos-cat' -Arguments @($json)).provider ([ordered]@{ type = 'jsonpath'; target = 'stdout'; path = '$.items[-1]'; expect = 3 })) | Should -BeTrue
    }

    It 'matches <path> as jsonpath2 does' -ForEach @(
        @{ path = '$..name'; expect = @('consumer', 'a', 'b') }
        @{ path = '$.service.latency[0:1]'; expect = @(120) }
        @{ path = '$.service.latency[-1]'; expect = 340 }
        @{ path = '$["ok"]'; expect = $true }
        @{ path = '$.pods[*].ready'; expect = @($true, $false) }
        @{ path = '$.service[?(@.name = "consumer")].latency[1]'; expect = 340 }
        @{ path = '$.pods[*][?(@.ready = false and @.name != "a")].name'; expect = 'b' }
        @{ path = '$.pods.length()'; expect = 2 }
        @{ path = '$.service.name.substring(0, 3)'; expect = 'con' }
    ) {
        $tolerance = [ordered]@{ type = 'jsonpath'; target = 'body'; path = $path; expect = $expect }
        Test-Tolerance (New-Probe 'jsonpath' ([ordered]@{ type = 'http'; url = "$BaseUrl/json" }) $tolerance) | Should -BeTrue
    }

    It 'checks a range on a target, reading text as a number' {
        $provider = (New-Activity -Path 'chaos-echo' -Arguments @(' 42 ')).provider
        Test-Tolerance (New-Probe 'in' $provider ([ordered]@{ type = 'range'; target = 'stdout'; range = @(40, 50) })) | Should -BeTrue
        Test-Tolerance (New-Probe 'out' $provider ([ordered]@{ type = 'range'; target = 'stdout'; range = @(0, 41.5) })) | Should -BeFalse
    }

    It 'runs a probe tolerance with the output as its value argument, without copying it into the journal''s experiment' {
        $tolerance = [ordered]@{ type = 'probe'; name = 'check'; provider = [ordered]@{ type = 'powershell'; script = 'param($value, $limit) $value.status -eq 0 -and $value.stdout.Trim() -eq $limit'; arguments = [ordered]@{ limit = 'ok' } } }
        $probe = New-Probe 'say-ok' (New-Activity -Path 'chaos-echo' -Arguments @('ok')).provider $tolerance
        $run = Invoke-Experiment (New-Experiment -Probes $probe)
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
        $run.Journal.experiment.'steady-state-hypothesis'.probes[0].tolerance.provider.arguments.PSObject.Properties.Name | Should -Be @('limit')
    }
}

Describe 'The steady-state hypothesis and the statuses' {
    BeforeAll {
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $script:notOk = New-Probe 'not-ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
    }

    It 'is completed, not deviated, and skips the method when "before" misses on tolerance alone; rollbacks still run' {
        $run = Invoke-Experiment (New-Experiment -Probes $notOk -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
        $run.Journal.run | Should -HaveCount 0
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        $run.Journal.steady_states.before.steady_state_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 1
        $run.Result.ExitCode | Should -Be 0
    }

    It 'is failed when a "before" probe fails, stops the hypothesis there, and plays no rollbacks by default' {
        $failing = New-Probe 'timeout' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200
        $run = Invoke-Experiment (New-Experiment -Probes $failing, $ok -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'failed'
        $run.Journal.steady_states.before.probes | Should -HaveCount 1
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 0
        $run.Result.ExitCode | Should -Be 1
    }

    It 'deviates when "after" misses, with status completed and exit code 1' {
        $marker = Join-Path $TestDrive 'deviate.marker'
        $probe = New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method (New-Activity 'break' 'chaos-touch' @($marker)) -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')))
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeTrue
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.steady_states.after.steady_state_met | Should -BeFalse
        $run.Journal.rollbacks | Should -HaveCount 1
        $run.Result.Deviated | Should -BeTrue
        $run.Result.ExitCode | Should -Be 1
    }

    It 'never fails the run for a failed method action' {
        $activity = New-Activity 'slow' 'chaos-sleep' @(5, (Join-Path $TestDrive 'p'))
        $activity.provider.timeout = 0.2
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $activity, (New-Activity 'next' 'chaos-echo' @('x')))
        $run.Journal.run.status | Should -Be @('failed', 'succeeded')
        $run.Journal.status | Should -Be 'completed'
        $run.Journal.deviated | Should -BeFalse
    }

    It 'skips the hypothesis when it has no probes: before and after stay null' {
        $run = Invoke-Experiment (New-Experiment -Probes @() -Method (New-Activity 'act' 'chaos-echo' @('x')))
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        $run.Journal.steady_states.after | Should -BeNullOrEmpty
        $run.Journal.status | Should -Be 'completed'
    }

    It 'records the referenced activity for a ref, and aborts on a ref that resolves to nothing' {
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method @{ ref = 'ok' })
        $run.Journal.run[0].activity.name | Should -Be 'ok'
        $run.Journal.run[0].activity.tolerance | Should -Be 0
        $bad = Invoke-Experiment (New-Experiment -Probes $ok -Method @{ ref = 'nope' } -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u'))) -Parameters @{ NoValidation = $true }
        $bad.Journal.status | Should -Be 'aborted'
        $bad.Journal.rollbacks | Should -HaveCount 1
    }
}

Describe 'Hypothesis strategies' {
    BeforeAll {
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $script:method = New-Activity 'act' 'chaos-echo' @('x')
    }

    It '<strategy> runs before: <before>, after: <after>, during: <during>' -ForEach @(
        @{ strategy = 'Default'; before = $true; after = $true; during = $false }
        @{ strategy = 'BeforeMethodOnly'; before = $true; after = $false; during = $false }
        @{ strategy = 'AfterMethodOnly'; before = $false; after = $true; during = $false }
        @{ strategy = 'DuringMethodOnly'; before = $false; after = $false; during = $true }
        @{ strategy = 'Continuously'; before = $true; after = $true; during = $true }
        @{ strategy = 'Skip'; before = $false; after = $false; during = $false }
    ) {
        $slow = New-Activity 'wait' 'chaos-echo' @('y') -Extra @{ pauses = @{ after = 0.3 } }
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $slow) -Parameters @{ HypothesisStrategy = $strategy; HypothesisFrequency = 0.05 }
        ($null -ne $run.Journal.steady_states.before) | Should -Be $before
        ($null -ne $run.Journal.steady_states.after) | Should -Be $after
        ($run.Journal.steady_states.during.Count -gt 0) | Should -Be $during
        $run.Journal.status | Should -Be 'completed'
    }

    It 'takes the strategy from the experiment''s runtime block' {
        $run = Invoke-Experiment (New-Experiment -Probes $ok -Method $method -Extra ([ordered]@{ runtime = @{ hypothesis = @{ strategy = 'after-method-only' } } }))
        $run.Journal.steady_states.before | Should -BeNullOrEmpty
        $run.Journal.steady_states.after.steady_state_met | Should -BeTrue
    }

    Context 'a hypothesis that breaks during the method' {
        BeforeEach {
            $script:marker = Join-Path $TestDrive "during-$([guid]::NewGuid()).marker"
            $script:probe = New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
            # The first action breaks the hypothesis and waits long enough for the loop to see it.
            $script:steps = @(
                (New-Activity 'break' 'chaos-touch' @($marker) -Extra @{ pauses = @{ after = 1.5 } })
                (New-Activity 'later' 'chaos-echo' @('x'))
            )
        }

        It 'never sets deviated or the status without fail-fast' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps) -Parameters @{ HypothesisStrategy = 'DuringMethodOnly'; HypothesisFrequency = 0.1 }
            $run.Journal.status | Should -Be 'completed'
            $run.Journal.deviated | Should -BeFalse
            $run.Journal.run | Should -HaveCount 2
            $run.Journal.steady_states.during.steady_state_met | Should -Contain $false
            $run.Result.ExitCode | Should -Be 0
        }

        It 'fails fast: status failed, the method stops, no rollbacks by default' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u'))) -Parameters @{ HypothesisStrategy = 'DuringMethodOnly'; HypothesisFrequency = 0.1; FailFast = $true }
            $run.Journal.status | Should -Be 'failed'
            $run.Journal.deviated | Should -BeFalse
            $run.Journal.run.activity.name | Should -Be 'break'
            $run.Journal.steady_states.during[-1].steady_state_met | Should -BeFalse
            $run.Journal.rollbacks | Should -HaveCount 0
        }

        It 'lets the after-hypothesis overwrite a fail-fast status under continuously' {
            $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $steps) -Parameters @{ HypothesisStrategy = 'Continuously'; HypothesisFrequency = 0.1; FailFast = $true }
            $run.Journal.status | Should -Be 'completed'
            $run.Journal.deviated | Should -BeTrue
            $run.Result.ExitCode | Should -Be 1
        }
    }
}

Describe 'Rollback strategies' {
    BeforeAll {
        $script:undo = New-Activity 'undo' 'chaos-echo' @('u')
        $script:failing = New-Probe 'refused' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
    }

    It 'plays rollbacks under <strategy> for a <case> run: <played>' -ForEach @(
        @{ strategy = 'Default'; case = 'completed'; played = 1 }
        @{ strategy = 'Default'; case = 'failed'; played = 0 }
        @{ strategy = 'Always'; case = 'failed'; played = 1 }
        @{ strategy = 'Never'; case = 'completed'; played = 0 }
        @{ strategy = 'Deviated'; case = 'completed'; played = 0 }
        @{ strategy = 'Deviated'; case = 'deviated'; played = 1 }
    ) {
        $marker = Join-Path $TestDrive "rb-$([guid]::NewGuid()).marker"
        $experiment = switch ($case) {
            'completed' { New-Experiment -Probes $ok -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo }
            'failed' { New-Experiment -Probes $failing -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo }
            'deviated' { New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1) -Method (New-Activity 'break' 'chaos-touch' @($marker)) -Rollbacks $undo }
        }
        $run = Invoke-Experiment $experiment -Parameters @{ RollbackStrategy = $strategy }
        $run.Journal.rollbacks | Should -HaveCount $played
    }

    It 'plays no rollbacks for an unknown strategy in the runtime block, as upstream' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'act' 'chaos-echo' @('x')) -Rollbacks $undo -Extra ([ordered]@{ runtime = @{ rollbacks = @{ strategy = 'sometimes' } } })) -Parameters @{ NoValidation = $true }
        $run.Journal.rollbacks | Should -HaveCount 0
        $run.Journal.status | Should -Be 'completed'
    }
}

Describe 'Dry modes' {
    BeforeAll {
        $script:probe = New-Probe 'p' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
        $script:action = New-Activity 'a' 'chaos-echo' @('x') -Extra @{ pauses = @{ before = 5; after = 5 } }
        $script:methodProbe = New-Activity 'mp' 'chaos-echo' @('p') -Type probe
    }

    It 'Activities runs nothing, skips pauses and tolerances, and records the mode' {
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $action, $methodProbe) -Parameters @{ Dry = 'Activities' }
        $run.Journal.experiment.dry | Should -Be 'activities'
        $run.Journal.run | Where-Object { $null -ne $_.output } | Should -BeNullOrEmpty
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded')
        $run.Journal.steady_states.before.steady_state_met | Should -BeTrue
        $run.Journal.status | Should -Be 'completed'
    }

    It 'Actions runs probes (with tolerances) but no action' {
        $run = Invoke-Experiment (New-Experiment -Method $action, $methodProbe) -Parameters @{ Dry = 'Actions' }
        $run.Journal.run[0].output | Should -BeNullOrEmpty
        $run.Journal.run[1].output.stdout | Should -Be "p`n"
        $run.Journal.experiment.dry | Should -Be 'actions'
    }

    It 'Probes runs actions but no probe, and skips tolerances' {
        $quick = New-Activity 'a' 'chaos-echo' @('x')
        $run = Invoke-Experiment (New-Experiment -Probes $probe -Method $quick, $methodProbe) -Parameters @{ Dry = 'Probes' }
        $run.Journal.run[0].output.stdout | Should -Be "x`n"
        $run.Journal.run[1].output | Should -BeNullOrEmpty
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'Pause runs everything but the pauses' {
        $run = Invoke-Experiment (New-Experiment -Method $action) -Parameters @{ Dry = 'Pause' }
        $run.Journal.run[0].output.stdout | Should -Be "x`n"
        $run.Journal.experiment.dry | Should -Be 'pause'
        ([datetimeoffset]$run.Journal.end - [datetimeoffset]$run.Journal.start).TotalSeconds | Should -BeLessThan 5
    }
}

Describe 'Activities' {
    It 'sleeps the pauses outside the record: after the end, before the next start' {
        $first = New-Activity 'first' 'chaos-echo' @('1') -Extra @{ pauses = @{ after = '${gap}' } }
        $run = Invoke-Experiment (New-Experiment -Method $first, (New-Activity 'second' 'chaos-echo' @('2')) -Extra ([ordered]@{ configuration = @{ gap = 0.4 } }))
        $gap = [datetimeoffset]$run.Journal.run[1].start - [datetimeoffset]$run.Journal.run[0].end
        $gap.TotalSeconds | Should -BeGreaterOrEqual 0.4
        $run.Journal.run[0].duration | Should -BeLessThan 0.4
    }

    It 'starts background activities, moves on, and awaits them before the end of the method' {
        $pids = Join-Path $TestDrive 'bg.txt'
        $background = New-Activity 'bg' 'chaos-sleep' @(1, $pids) -Extra @{ background = $true }
        $marker = Join-Path $TestDrive 'bg-after.marker'
        $run = Invoke-Experiment (New-Experiment -Method $background, (New-Activity 'fg' 'chaos-touch' @($marker)))
        $run.Journal.run.activity.name | Should -Be @('bg', 'fg')
        [datetimeoffset]$run.Journal.run[1].start | Should -BeLessThan ([datetimeoffset]$run.Journal.run[0].end)
        [datetimeoffset]$run.Journal.run[0].end | Should -BeLessOrEqual ([datetimeoffset]$run.Journal.end)
        $run.Journal.run.status | Should -Be @('succeeded', 'succeeded')
    }
}

Describe 'Settings, substitution and secrets' {
    It 'substitutes the title in the journal and arguments from configuration' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${who}', 'n=${n}')) -Extra ([ordered]@{ title = 'Hello ${who}'; configuration = [ordered]@{ who = 'world'; n = 2 } }))
        $run.Journal.experiment.title | Should -Be 'Hello world'
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('world', 'n=2')
        # The record keeps the activity as written.
        $run.Journal.run[0].activity.provider.arguments | Should -Be @('${who}', 'n=${n}')
    }

    It 'masks secret values everywhere in the journal and in the output object' {
        $experiment = New-Experiment -Method (New-Activity 'leak' 'chaos-echo' @('${password}')) -Extra ([ordered]@{ secrets = @{ db = @{ password = 'hunter2-very-secret' } } })
        $run = Invoke-Experiment $experiment
        $run.Text | Should -Not -Match 'hunter2-very-secret'
        $run.Journal.run[0].output.stdout | Should -Be "***`n"
        $run.Journal.experiment.secrets.db.password | Should -Be '***'
        $run.Result.Run[0].output.stdout | Should -Be "***`n"
    }

    It 'overrides declared configuration with -Variable and -VariableFile; .env files feed env configuration' {
        $file = Join-Path $TestDrive 'vars.json'
        @{ configuration = @{ b = 'from-file' } } | ConvertTo-Json | Set-Content $file
        $envFile = Join-Path $TestDrive 'vars.env'
        "CHAOSPIXIE_TEST_FROM_DOTENV=from-dotenv`n" | Set-Content $envFile
        $experiment = New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${a}', '${b}', '${c}', '${undeclared}')) -Extra ([ordered]@{
                configuration = [ordered]@{ a = 'declared'; b = 'declared'; c = @{ type = 'env'; key = 'CHAOSPIXIE_TEST_FROM_DOTENV'; default = 'unset' } }
            })
        $run = Invoke-Experiment $experiment -Parameters @{ Variable = @{ a = 'from-var'; undeclared = 'ignored' }; VariableFile = $file, $envFile }
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('from-var', 'from-file', 'from-dotenv', '${undeclared}')
    }
}

Describe 'Dynamic configuration' {
    It 'runs configuration probes in order, before the journal starts, and drops a key whose probe exits non-zero' {
        $experiment = New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${greeting}', '${second}', '${broken}')) -Extra ([ordered]@{
                configuration = [ordered]@{
                    name     = 'world'
                    greeting = [ordered]@{ type = 'probe'; name = 'make-greeting'; provider = [ordered]@{ type = 'process'; path = 'chaos-echo'; arguments = @('hello-${name}') } }
                    second   = [ordered]@{ type = 'probe'; name = 'from-greeting'; provider = [ordered]@{ type = 'powershell'; script = 'param($g) "$g!"'; arguments = @{ g = '${greeting}' } } }
                    broken   = [ordered]@{ type = 'probe'; name = 'fails'; provider = [ordered]@{ type = 'process'; path = 'chaos-exit'; arguments = @(4) } }
                }
            })
        $run = Invoke-Experiment $experiment
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('hello-world', 'hello-world!', '${broken}')
        $run.Journal.run | Should -HaveCount 1
        $run.Journal.status | Should -Be 'completed'
    }
}

Describe 'The output view' {
    It 'shows the verdict, the steady states and the records at a glance' {
        $run = Invoke-Experiment (New-Experiment -Probes (New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) -Method (New-Activity 'say' 'chaos-echo' @('x')))
        $text = $run.Result | Out-String -Width 200
        $text | Should -Match 'Status\s+: completed'
        $text | Should -Match 'SteadyState\s+: before: met, after: met, during: 0 run\(s\)'
        $text | Should -Match 'Run\s+: say \(succeeded\)'
    }
}

Describe 'YAML experiments' {
    It 'runs a .yaml experiment like its JSON twin' {
        $path = Join-Path $Fixtures 'simple-experiment.yaml'
        $journal = Join-Path $TestDrive 'yaml.journal.json'
        $result = Invoke-ChaosExperiment -Path $path -JournalPath $journal -Dry Pause
        $result.Status | Should -Be 'completed'
        $json = Get-Content -Raw $journal | ConvertFrom-Json -DateKind String
        $json.steady_states.before.probes[0].tolerance_met | Should -BeTrue
        $json.run.activity.name | Should -Be @('say-hello')
        $json.experiment.tags | Should -Be @('process', 'yaml')
    }
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

Describe 'ShouldProcess, exit codes and errors' {
    It '-WhatIf runs nothing, writes no journal and outputs nothing' {
        $marker = Join-Path $TestDrive 'whatif.marker'
        $path = Join-Path $TestDrive 'whatif.json'
        New-Experiment -Probes (New-Probe 'p' (New-Activity -Path 'chaos-touch' -Arguments @($marker)).provider 0) -Method (New-Activity 'a' 'chaos-touch' @($marker)) | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive 'whatif.journal.json'
        $output = Invoke-ChaosExperiment -Path $path -JournalPath $journal -WhatIf
        $output | Should -BeNullOrEmpty
        $marker | Should -Not -Exist
        $journal | Should -Not -Exist
    }

    It '-WhatIf prints the plan: each probe, action and rollback in run order, refs resolved' {
        $path = Join-Path $TestDrive 'plan.json'
        $experiment = New-Experiment -Probes (New-Probe 'ready' (New-Activity -Path 'chaos-echo' -Arguments @('x')).provider 0) `
            -Method (New-Activity 'load' 'chaos-echo' @('y')), ([ordered]@{ ref = 'ready' }) -Rollbacks (New-Activity 'restore' 'chaos-echo' @('z'))
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force
        $env:CHAOSPIXIE_PLAN = $path
        try { $lines = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', 'Import-Module ChaosPixie; Invoke-ChaosExperiment -Path $env:CHAOSPIXIE_PLAN -WhatIf' }
        finally { Remove-Item Env:CHAOSPIXIE_PLAN }
        $plan = @($lines | Where-Object { $_ -like 'What if:*' })
        $plan | Should -Be @(
            'What if: Performing the operation "Run steady-state probe" on target "ready (process)".'
            'What if: Performing the operation "Run chaos action" on target "load (process)".'
            'What if: Performing the operation "Run chaos probe" on target "ready (process)".'
            'What if: Performing the operation "Run rollback" on target "restore (process)".')
    }

    It '-EnableExit exits <code> for a <case> run' -ForEach @(
        @{ case = 'completed'; code = 0 }
        @{ case = 'deviated'; code = 1 }
    ) {
        $marker = Join-Path $TestDrive "exit-$case.marker"
        $method = if ($case -eq 'deviated') { New-Activity 'break' 'chaos-touch' @($marker) } else { New-Activity 'calm' 'chaos-echo' @('x') }
        $path = Join-Path $TestDrive "exit-$case.json"
        New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1) -Method $method | ConvertTo-Json -Depth 10 | Set-Content $path
        $journal = Join-Path $TestDrive "exit-$case.journal.json"
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$journal' -EnableExit -WarningAction SilentlyContinue" | Out-Null
        $LASTEXITCODE | Should -Be $code
    }

    It '-EnableExit exits 2 for a variable file that does not exist, as chaos run does for a usage error' {
        $path = Join-Path $TestDrive 'exit-usage.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; Invoke-ChaosExperiment -LiteralPath '$path' -VariableFile '$TestDrive/none.env' -JournalPath '$TestDrive/u.json' -EnableExit" 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 2
    }

    It 'reports a missing experiment as ExperimentNotFound' {
        { Invoke-ChaosExperiment -Path (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExperimentNotFound,ChaosPixie.PowerShell.Commands.InvokeChaosExperimentCommand'
    }

    It 'reports an unsupported extension with upstream''s message' {
        $path = Join-Path $TestDrive 'experiment.txt'
        '{}' | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentUnsupportedFormat,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Be 'only files with json, yaml or yml extensions are supported'
    }

    It 'validates first: an invalid experiment stops with upstream''s first message and the JSON path, and runs nothing' {
        $marker = Join-Path $TestDrive 'invalid.marker'
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-touch' @($marker))
        $experiment.Remove('title')
        $path = Join-Path $TestDrive 'invalid.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'invalid.journal.json') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -BeLike '*experiment requires a title (at $*'
        $err.TargetObject | Should -Be $path
        $marker | Should -Not -Exist
    }

    It 'refuses an unknown hypothesis strategy even without validation, where upstream crashes' {
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) -Extra ([ordered]@{ runtime = @{ hypothesis = @{ strategy = 'sometimes' } } })
        $path = Join-Path $TestDrive 'strategy.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
        $err = { Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'strategy.journal.json') -NoValidation -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $err.Exception.Message | Should -BeLike "*Unknown strategy: 'sometimes'*runtime.hypothesis.strategy*"
    }

    It 'reports a journal it cannot write, and still outputs the verdict' {
        $blocker = Join-Path $TestDrive 'not-a-folder'
        'x' | Set-Content $blocker
        $path = Join-Path $TestDrive 'unwritable.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $blocker 'journal.json') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalWriteFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'WriteError'
        $result.Status | Should -Be 'completed'
        $result.JournalPath | Should -BeNullOrEmpty
    }

    It 'reports a missing variable file before running anything' {
        $path = Join-Path $TestDrive 'varfile.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        { Invoke-ChaosExperiment -LiteralPath $path -VariableFile (Join-Path $TestDrive 'no-such-vars.json') -JournalPath (Join-Path $TestDrive 'vf.journal.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExperimentNotFound,*'
        Join-Path $TestDrive 'vf.journal.json' | Should -Not -Exist
    }

    It 'keeps secrets out of the verbose and warning streams' {
        $path = Join-Path $TestDrive 'verbose-secret.json'
        New-Experiment -Method (New-Activity 'leak ${password}' 'chaos-exit' @(1)) -Extra ([ordered]@{ secrets = @{ db = @{ password = 'verbose-s3cret' } } }) |
            ConvertTo-Json -Depth 10 | Set-Content $path
        $streams = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'vs.journal.json') -Verbose 4>&1 3>&1 6>&1 | Out-String
        $streams | Should -Match 'Action: leak'
        $streams | Should -Not -Match 'verbose-s3cret'
    }

    It 'logs each step as chaos run does, on the host by default, quiet under -InformationAction SilentlyContinue' {
        $path = Join-Path $TestDrive 'logged.json'
        New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $null = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'logged.journal.json') -InformationVariable info -InformationAction Ignore
        $logged = @($info | Where-Object { $_.Tags -contains 'ChaosPixie.Run' } | ForEach-Object { "$($_.MessageData)" })
        @($logged -match '^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO\] Action: say$') | Should -HaveCount 1
        $logged[0] | Should -Match '^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO\] Running experiment: '

        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        $shown = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/shown.json'"
        ($shown -join "`n") | Should -Match '(?m)^\[[-\d :]+ INFO\] Action: say$'
        $quiet = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/quiet.json' -InformationAction SilentlyContinue"
        ($quiet -join "`n") | Should -Not -Match 'INFO\]'
    }

    It 'refuses a wildcard that matches several experiments' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'many')
        '{}' | Set-Content (Join-Path $folder 'a.json')
        '{}' | Set-Content (Join-Path $folder 'b.json')
        { Invoke-ChaosExperiment -Path (Join-Path $folder '*.json') -ErrorAction Stop } | Should -Throw -ErrorId 'ExperimentPathAmbiguous,*'
    }
}

Describe 'chaostoolkit-pixie experiments (the python chaospixie provider, run natively)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:Example = Join-Path $PSScriptRoot '../../examples/consumer-latency'
        $script:Scenarios = Join-Path $PSScriptRoot '../../examples/scenarios'
        $script:pixieTable = @{
            name    = 'output'
            columns = @(
                @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                @{ name = 'pod'; type = 'STRING'; semanticType = 'ST_POD_NAME' }
                @{ name = 'latency'; type = 'FLOAT64'; semanticType = 'ST_DURATION_NS' }
                @{ name = 'upid'; type = 'UINT128'; semanticType = 'ST_UPID' }
            )
            rows    = @(
                , @(1690000000123456000, '/consumer-1', 0.5e9, '00112233-4455-6677-8899-aabbccddeeff')
                , @(1690000010000000000, '/consumer-2', 0.8e9, '00112233-4455-6677-8899-aabbccddeeff')
                , @(1690000020000000000, '/producer-1', 0.9e9, '00112233-4455-6677-8899-aabbccddeeff')
            )
        }
        $script:emulator = Start-VizierEmulator -Scenario @{
            apiKey   = 'px-api-experiments'
            clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'chaos'; status = 'CS_HEALTHY' })
            tables   = @($pixieTable, @{ name = 'other'; columns = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @(1) })
        }

        # Settings as the README experiment gives them: the key from a secret scope, the cluster from configuration.
        $script:settings = [ordered]@{
            secrets       = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
            configuration = [ordered]@{ pixie_cluster_id = $emulator.ClusterId; px_server_url = $emulator.Url }
        }

        function script:New-PixieProbe([string] $Script = 'px.display(df)', [System.Collections.IDictionary] $Tolerance, [hashtable] $Arguments = @{}) {
            $given = [ordered]@{ script = $Script }
            foreach ($key in $Arguments.Keys) { $given[$key] = $Arguments[$key] }
            New-Probe -Name 'latency' -Provider ([ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = $given }) -Tolerance $Tolerance
        }

        function script:New-PixieTolerance([string] $Function, [hashtable] $Arguments) {
            [ordered]@{ type = 'probe'; name = 'judge'; provider = [ordered]@{ type = 'python'; module = 'chaospixie.tolerances'; func = $Function; arguments = $Arguments } }
        }

        function script:Use-PixieEnvironment([string] $Scenario, [scriptblock] $Action) {
            $emulatorForScenario = Start-VizierEmulator -Scenario (Join-Path $Scenarios "$Scenario.json")
            $env:PIXIE_API_KEY = $emulatorForScenario.ApiKey; $env:PIXIE_CLUSTER_ID = $emulatorForScenario.ClusterId; $env:PIXIE_SERVER_URL = $emulatorForScenario.Url
            $env:CONSUMER_URL = $ClosedUrl
            Push-Location $Example
            try { & $Action }
            finally {
                Pop-Location
                Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID, Env:PIXIE_SERVER_URL, Env:CONSUMER_URL -ErrorAction Ignore
                Stop-VizierEmulator $emulatorForScenario
            }
        }
    }

    AfterAll {
        Stop-VizierEmulator $emulator
    }

    It 'runs the README experiment unchanged and keeps its steady state on a service that stays fast' {
        Use-PixieEnvironment consumer-latency-steady {
            $journalPath = Join-Path $TestDrive 'steady.journal.json'
            $result = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $result.Status | Should -Be 'completed'
            $result.Deviated | Should -BeFalse
            $journal = Get-Content -Raw $journalPath | ConvertFrom-Json
            foreach ($phase in 'before', 'after') {
                $probe = $journal.steady_states.$phase.probes[0]
                $probe.tolerance_met | Should -BeTrue
                $probe.tolerance_result.method | Should -Be 'Exclusive'
                $probe.tolerance_result.unit | Should -Be 'ms'
                # Python 3.11: statistics.quantiles(latency_p99 / 1e6 of the scenario's 60 rows, n=100)[98]
                [Math]::Round($probe.tolerance_result.value, 3) | Should -Be 250.544
            }
            $journal.run[0].activity.provider.path | Should -Be 'curl'
        }
    }

    It 'deviates on a service that slows down under the load, with the measured value in the journal' {
        Use-PixieEnvironment consumer-latency-degrading {
            $journalPath = Join-Path $TestDrive 'degrading.journal.json'
            $result = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $journalPath -WarningAction SilentlyContinue
            $result.Status | Should -Be 'completed'
            $result.Deviated | Should -BeTrue
            $journal = Get-Content -Raw $journalPath | ConvertFrom-Json
            $journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
            $after = $journal.steady_states.after.probes[0]
            $after.tolerance_met | Should -BeFalse
            $after.tolerance_result.passed | Should -BeFalse
            $after.tolerance_result.explanation | Should -Be 'p99(latency_p99) = 889.303 ms > 300 ms over 60 samples (Exclusive)'
        }
    }

    It 'names the probe, its measured value and the threshold in the deviation warning' {
        Use-PixieEnvironment consumer-latency-degrading {
            $null = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath (Join-Path $TestDrive 'warned.journal.json') -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue
            $warned.Message | Should -Contain "=> failed: the value of 'p99-latency-of-consumer-service-for-past-2m-remained-under-300ms' is not within the tolerance: p99(latency_p99) = 889.303 ms > 300 ms over 60 samples (Exclusive)"
        }
    }

    It 'returns the rows of one table as chaostoolkit-pixie does: times in ns, UUIDs as text, strings decoded, _dt added' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance percentile_should_be_below @{ column = 'latency'; treshold = 1e10 })))
        $rows = $run.Journal.steady_states.before.probes[0].output
        $rows.Count | Should -Be 3
        $rows[0].time_ | Should -Be 1690000000123456000
        $rows[0].pod | Should -BeExactly '/consumer-1'
        $rows[0].upid | Should -Be '00112233-4455-6677-8899-aabbccddeeff'
        $rows[0]._dt | Should -Be '2023-07-22T04:26:40.123456+00:00'
        $rows[1]._dt | Should -Be '2023-07-22T04:26:50+00:00'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'n'
    }

    It 'judges percentiles as chaostoolkit-pixie does (Exclusive): p99 of [0.5, 0.8, 0.9] s is 0.996 s, so 0.99 fails' {
        $tolerance = New-PixieTolerance percentile_should_be_below @{ column = 'latency'; treshold = 0.99; convert_from_nanoseconds = 'seconds' }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.tolerance_met | Should -BeFalse
        [Math]::Round($probe.tolerance_result.value, 12) | Should -Be 0.996
    }

    It 'keeps the rows whose target matches, and rows without the target key, as upstream''s group_values' {
        $tolerance = New-PixieTolerance median_should_be_below @{ column = 'latency'; treshold = 650; convert_from_nanoseconds = 'milliseconds'; target = @('pod', '/consumer.*') }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $result = $run.Journal.steady_states.before.probes[0].tolerance_result
        $result.sample_count | Should -Be 2
        $result.value | Should -Be 650
        $run.Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
    }

    It 'takes table_name, and fails the probe when the script does not produce that table' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Arguments @{ table_name = 'nope' } -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Result.Status | Should -Be 'failed'
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.status | Should -Be 'failed'
        $probe.exception[-1] | Should -BeLike "chaoslib.exceptions.ActivityFailed: PixieError(NotFound): The script produced no table named 'nope'*"
    }

    It 'lets PIXIE_API_KEY override the secret, as chaostoolkit-pixie''s get_auth does' {
        $env:PIXIE_API_KEY = 'px-api-from-the-environment'
        try {
            $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        }
        finally { Remove-Item Env:PIXIE_API_KEY }
        $run.Journal.steady_states.before.probes[0].exception[-1] | Should -BeLike '*PixieError(Authentication)*refused the API key*'
    }

    It 'masks the key of PIXIE_API_KEY too, wherever an activity lets it out' {
        $env:PIXIE_API_KEY = 'px-api-env-only-5d1c'
        try {
            $leak = [ordered]@{ type = 'action'; name = 'print-environment'; provider = [ordered]@{ type = 'powershell'; script = '"key: $env:PIXIE_API_KEY"' } }
            $run = Invoke-Experiment (New-Experiment -Method $leak)
        }
        finally { Remove-Item Env:PIXIE_API_KEY }
        $run.Journal.run[0].output | Should -Be 'key: ***'
        $run.Text | Should -Not -BeLike '*px-api-env-only-5d1c*'
    }

    It 'fails the probe with a clear message when no API key is given' {
        $noKey = [ordered]@{ configuration = $settings.configuration }
        $run = Invoke-Experiment (New-Experiment -Extra $noKey -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Journal.steady_states.before.probes[0].exception[-1] | Should -BeLike "*InvalidExperiment: no Pixie API key*PIXIE_API_KEY*"
    }

    It 'never writes the secret API key into the journal' {
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance (New-PixieTolerance median_should_be_above @{ column = 'latency'; treshold = 0 })))
        $run.Text | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }

    It 'judges a powershell tolerance that returns Test-PercentileBelow -Detailed by its verdict, and records it' {
        $tolerance = [ordered]@{ type = 'probe'; name = 'judge'; provider = [ordered]@{ type = 'powershell'; script = 'param($value) $value | Test-PercentileBelow -Column latency -Threshold 0.7 -Unit Seconds -Detailed'; arguments = [ordered]@{} } }
        $run = Invoke-Experiment (New-Experiment -Extra $settings -Probes (New-PixieProbe -Tolerance $tolerance))
        $probe = $run.Journal.steady_states.before.probes[0]
        $probe.tolerance_met | Should -BeFalse
        $probe.tolerance_result.verdict | Should -Be 'Failed'
        $probe.tolerance_result.explanation | Should -BeLike 'p99(latency) = 0.898 s > 0.7 s over 3 samples (Inclusive)'
    }
}

Describe 'JUnit results (-JUnitPath)' {
    BeforeAll {
        # Validates a file against the JUnit schema (tests/Pester/Fixtures/junit.xsd); returns the problems found.
        function script:Test-JUnitSchema([string] $Path) {
            $problems = [System.Collections.Generic.List[string]]::new()
            $settings = [System.Xml.XmlReaderSettings]::new()
            $null = $settings.Schemas.Add($null, (Join-Path $PSScriptRoot 'Fixtures/junit.xsd'))
            $settings.ValidationType = [System.Xml.ValidationType]::Schema
            $settings.add_ValidationEventHandler({ param($s, $e) $problems.Add("$($e.Severity): $($e.Message) (line $($e.Exception.LineNumber))") })
            $reader = [System.Xml.XmlReader]::Create($Path, $settings)
            try { while ($reader.Read()) { } } finally { $reader.Dispose() }
            , $problems.ToArray()
        }

        function script:Invoke-JUnit([System.Collections.IDictionary] $Experiment, [hashtable] $Parameters = @{}) {
            $junit = Join-Path $TestDrive "$([guid]::NewGuid().ToString('n')).xml"
            $run = Invoke-Experiment $Experiment -Parameters (@{ JUnitPath = $junit } + $Parameters)
            $run | Add-Member -PassThru -NotePropertyMembers @{ JUnitPath = $junit; Xml = [xml](Get-Content -Raw -LiteralPath $junit) }
        }

        $script:marker = Join-Path $TestDrive 'junit.marker'
        $gate = New-Probe 'gate' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $second = New-Probe 'second' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $timeout = New-Activity 'slow' 'chaos-sleep' @(5, (Join-Path $TestDrive 'junit-slow.pids'))
        $timeout.provider.timeout = 0.2
        $experiment = New-Experiment -Probes $gate, $second -Method (New-Activity 'break' 'chaos-touch' @($marker)), $timeout -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')) -Extra ([ordered]@{ title = 'Consumer survives' })
        $script:deviated = Invoke-JUnit $experiment
        $script:suite = $deviated.Xml.testsuites.testsuite
    }

    It 'is valid against the JUnit schema, with one testsuite per experiment inside a testsuites root' {
        Test-JUnitSchema $deviated.JUnitPath | Should -BeNullOrEmpty
        $deviated.Xml.DocumentElement.LocalName | Should -Be 'testsuites'
        @($suite) | Should -HaveCount 1
        $suite.name | Should -Be 'Consumer survives'
        $suite.hostname | Should -Be ([Environment]::MachineName)
        $suite.timestamp | Should -Be ([datetimeoffset]$deviated.Journal.start).UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss')
    }

    It 'has a testcase per steady-state probe per phase and per method activity, counted on the suite' {
        $suite.testcase | ForEach-Object { "$($_.classname)/$($_.name)" } | Should -Be @(
            'Consumer survives.steady-state.before/gate'
            'Consumer survives.steady-state.before/second'
            'Consumer survives.steady-state.after/gate'
            'Consumer survives.steady-state.after/second'
            'Consumer survives.method/break'
            'Consumer survives.method/slow'
            'Consumer survives.rollbacks/undo')
        $suite.tests | Should -Be 7
        $suite.failures | Should -Be 1
        $suite.errors | Should -Be 1
        $suite.skipped | Should -Be 1
        ($suite.properties.property | Where-Object name -EQ 'verdict').value | Should -Be 'Deviated'
    }

    It 'gives a failure for the tolerance not met, an error with the last exception line for the activity that failed, and skips the probe not run' {
        $after = $suite.testcase | Where-Object classname -Like '*.after'
        $after[0].failure.type | Should -Be 'ToleranceNotMet'
        $after[0].failure.message | Should -Be 'tolerance not met: 1 (status = 0)'
        $after[1].skipped.message | Should -BeLike '*stopped at an earlier probe*'
        $slow = $suite.testcase | Where-Object name -EQ 'slow'
        $slow.error.type | Should -Be 'ActivityFailed'
        $slow.error.message | Should -Be $deviated.Journal.run[1].exception[-1].Trim()
    }

    It 'uses the tolerance''s own explanation as the failure message when it gives one' {
        $probe = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{ type = 'powershell'; script = '[pscustomobject]@{ passed = $false; Explanation = "p99 312 ms is above 250 ms" }' }; tolerance = [ordered]@{ type = 'jsonpath'; path = '$.passed'; expect = $true } }
        $run = Invoke-JUnit (New-Experiment -Probes $probe -Method (New-Activity 'act' 'chaos-echo' @('x')))
        $case = $run.Xml.testsuites.testsuite.testcase | Where-Object classname -Like '*.before'
        $case.failure.message | Should -Be 'p99 312 ms is above 250 ms'
    }

    It 'skips the method and the after probes when the steady state did not hold before the method' {
        $miss = New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
        $run = Invoke-JUnit (New-Experiment -Probes $miss -Method (New-Activity 'act' 'chaos-echo' @('x')))
        Test-JUnitSchema $run.JUnitPath | Should -BeNullOrEmpty
        $cases = $run.Xml.testsuites.testsuite.testcase
        ($cases | Where-Object classname -Like '*.after').skipped.message | Should -BeLike '*not met before the method*'
        ($cases | Where-Object classname -Like '*.method').skipped.message | Should -BeLike '*method did not run*'
        $run.Xml.testsuites.testsuite.skipped | Should -Be 2
    }

    It 'holds one testsuite per experiment piped in, and stays valid for awkward names and control characters' {
        $first = Join-Path $TestDrive 'junit-a.json'
        $second = Join-Path $TestDrive 'junit-b.json'
        New-Experiment -Method (New-Activity "say <&> `"it`"" 'chaos-echo' @("bell`a")) -Extra ([ordered]@{ title = 'first & <one>' }) | ConvertTo-Json -Depth 10 | Set-Content $first
        New-Experiment -Method (New-Activity 'fails' 'chaos-exit' @(3)) -Extra ([ordered]@{ title = 'second' }) | ConvertTo-Json -Depth 10 | Set-Content $second
        $junit = Join-Path $TestDrive 'junit-many.xml'
        $results = Get-Item $first, $second | Invoke-ChaosExperiment -JournalPath (Join-Path $TestDrive 'junit-many.journal.json') -JUnitPath $junit -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        Test-JUnitSchema $junit | Should -BeNullOrEmpty
        $xml = [xml](Get-Content -Raw $junit)
        $xml.testsuites.testsuite.name | Should -Be @('first & <one>', 'second')
        $xml.testsuites.testsuite[0].testcase.name | Should -Be 'say <&> "it"'
        $xml.testsuites.tests | Should -Be 2
    }

    It 'reports a JUnit file it cannot write as JUnitWriteFailed, and still outputs the verdict' {
        $blocker = Join-Path $TestDrive 'junit-blocker'
        'x' | Set-Content $blocker
        $path = Join-Path $TestDrive 'junit-unwritable.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'ju.journal.json') -JUnitPath (Join-Path $blocker 'junit.xml') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JUnitWriteFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'WriteError'
        $errors[0].TargetObject | Should -Be (Join-Path $blocker 'junit.xml')
        $result.Status | Should -Be 'completed'
    }
}

Describe 'Azure Pipelines (-AzurePipelines)' {
    BeforeAll {
        # Runs an experiment file and returns the lines written to the host (the information stream tagged PSHOST).
        # -InformationAction Ignore keeps them off this run's own stdout, where an Azure Pipelines agent would obey them.
        function script:Invoke-Azure([string] $Path, [hashtable] $Parameters = @{ AzurePipelines = $true }) {
            $journal = [IO.Path]::ChangeExtension($Path, '.journal.json')
            $result = Invoke-ChaosExperiment -LiteralPath $Path -JournalPath $journal -WarningAction SilentlyContinue -InformationVariable info -InformationAction Ignore @Parameters
            [pscustomobject]@{
                Result  = $result
                Lines   = @($info | Where-Object { $_.Tags -contains 'PSHOST' -and $_.Tags -notcontains 'ChaosPixie.Run' } | ForEach-Object { "$($_.MessageData)" })
                Summary = [IO.Path]::ChangeExtension($journal, '.md')
            }
        }

        function script:Save-Experiment([System.Collections.IDictionary] $Experiment, [string] $Name) {
            $path = Join-Path $TestDrive $Name
            $Experiment | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
            $path
        }

        $script:marker = Join-Path $TestDrive 'azure.marker'
        $script:gate = New-Probe 'gate' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        # An activity that fails: a process that outlives its timeout.
        function script:New-FailingActivity([string] $Name) {
            $activity = New-Activity $Name 'chaos-sleep' @(5, (Join-Path $TestDrive "$Name-$([guid]::NewGuid().ToString('n')).pids"))
            $activity.provider.timeout = 0.2
            $activity
        }
    }

    It 'logs an error per tolerance not met and per failed activity, a warning per failed rollback, uploads the summary and completes Failed on deviation' {
        $path = Save-Experiment (New-Experiment -Probes $gate -Method (New-Activity 'break' 'chaos-touch' @($marker)), (New-FailingActivity 'fails') -Rollbacks (New-FailingActivity 'hang') -Extra ([ordered]@{ title = 'Azure deviated' })) 'azure-deviated.json'
        $run = Invoke-Azure $path
        $run.Lines | Should -HaveCount 5
        $run.Lines[0] | Should -Be "##vso[task.logissue type=error;sourcepath=$path;code=ToleranceNotMet]gate: tolerance not met: 1 (status = 0)"
        $run.Lines[1] | Should -BeLike "##vso[[]task.logissue type=error;sourcepath=$path;code=ActivityFailed]fails: chaoslib.exceptions.ActivityFailed: *"
        $run.Lines[2] | Should -BeLike "##vso[[]task.logissue type=warning;sourcepath=$path;code=RollbackFailed]hang: chaoslib.exceptions.ActivityFailed: *"
        $run.Lines[3] | Should -Be "##vso[task.uploadsummary]$($run.Summary)"
        $run.Lines[4] | Should -Be '##vso[task.complete result=Failed;]Deviated: Azure deviated'
        Get-Content -Raw $run.Summary | Should -Match '(?m)^# .*Deviated: Azure deviated'
        Get-Content -Raw $run.Summary | Should -Match 'gate'
    }

    It 'completes <result> for a <case> run' -ForEach @(
        @{ case = 'steady'; result = 'Succeeded' }
        @{ case = 'not tested'; result = 'SucceededWithIssues' }
        @{ case = 'failed action'; result = 'SucceededWithIssues' }
        @{ case = 'failed'; result = 'Failed' }
    ) {
        $experiment = switch ($case) {
            'steady' { New-Experiment -Probes $ok -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            'not tested' { New-Experiment -Probes (New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            'failed action' { New-Experiment -Probes $ok -Method (New-FailingActivity 'fails') }
            'failed' { New-Experiment -Probes (New-Probe 'down' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
        }
        $run = Invoke-Azure (Save-Experiment $experiment "azure-$($case -replace ' ', '-').json")
        $run.Lines[-1] | Should -BeLike "##vso[[]task.complete result=$result;]*"
    }

    It 'escapes property values and messages as the agent expects' {
        $path = Save-Experiment (New-Experiment -Probes (New-Probe "50% of;]`nall" (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method @()) 'odd;name]100%.json'
        $run = Invoke-Azure $path
        $escapedPath = $path.Replace('%', '%AZP25').Replace(';', '%3B').Replace(']', '%5D')
        $run.Lines[0] | Should -Be "##vso[task.logissue type=error;sourcepath=$escapedPath;code=ToleranceNotMet]50%AZP25 of;]%0Aall: tolerance not met: 1 (status = 0)"
        $run.Lines | ForEach-Object { $_ | Should -Not -Match '[\r\n]' }
    }

    It 'is on when TF_BUILD is set, and -AzurePipelines:$false turns it off' {
        $path = Save-Experiment (New-Experiment -Method (New-Activity 'calm' 'chaos-echo' @('x'))) 'azure-tf-build.json'
        $saved = $env:TF_BUILD
        try {
            $env:TF_BUILD = 'True'
            (Invoke-Azure $path @{}).Lines[-1] | Should -BeLike '##vso[[]task.complete result=Succeeded;]*'
            (Invoke-Azure $path @{ AzurePipelines = $false }).Lines | Should -BeNullOrEmpty
            $env:TF_BUILD = $null
            (Invoke-Azure $path @{}).Lines | Should -BeNullOrEmpty
        }
        finally { $env:TF_BUILD = $saved }
    }

    It 'reports an experiment that cannot run as an error issue with its error id, and completes Failed' {
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x'))
        $experiment.Remove('title')
        $path = Save-Experiment $experiment 'azure-invalid.json'
        $thrown = $null
        try { Invoke-ChaosExperiment -LiteralPath $path -AzurePipelines -InformationVariable info -InformationAction Ignore -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $lines = @($info | ForEach-Object { "$($_.MessageData)" })
        $lines[0] | Should -BeLike "##vso[[]task.logissue type=error;sourcepath=$path;code=ExperimentInvalid]*experiment requires a title*"
        $lines[1] | Should -Be '##vso[task.complete result=Failed;]The experiment could not run: ExperimentInvalid'
    }
}

Describe 'Exit codes (-DetailedExitCode and -EnableExit)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        $script:exitMarker = Join-Path $TestDrive 'exit.marker'
        $script:exitCases = @{
            steady      = { New-Experiment -Probes (New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            deviated    = { New-Experiment -Probes (New-Probe 'absent' (New-Activity -Path 'chaos-exists' -Arguments @($exitMarker)).provider 1) -Method (New-Activity 'break' 'chaos-touch' @($exitMarker)) }
            failed      = { New-Experiment -Probes (New-Probe 'down' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            aborted     = { New-Experiment -Method @{ ref = 'nowhere' } }
            interrupted = { New-Experiment -Method (New-Activity 'warns' 'chaos-exit' @(3)), (New-Activity 'hang' 'chaos-sleep' @(30, (Join-Path $TestDrive 'exit-hang.pids'))) }
            invalid     = { $e = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')); $e.Remove('title'); $e }
            'not tested' = { New-Experiment -Probes (New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
        }

        # Runs the case in a pwsh of its own and returns its exit code.
        function script:Invoke-ExitCase([string] $Case, [string] $ExitParameter) {
            Remove-Item $exitMarker -ErrorAction Ignore
            $name = "exit-$($Case -replace ' ', '-')-$($ExitParameter.TrimStart('-'))"
            $path = Join-Path $TestDrive "$name.json"
            & $exitCases[$Case] | ConvertTo-Json -Depth 10 | Set-Content $path
            $extra = @{ aborted = '-NoValidation'; interrupted = '-WarningAction Stop' }[$Case] ?? '-WarningAction SilentlyContinue'
            $command = "Import-Module ChaosPixie; `$null = Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$TestDrive/$name.journal.json' -AzurePipelines:`$false $ExitParameter $extra"
            Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $command *>&1 | Out-Null
            $LASTEXITCODE
        }
    }

    It '-DetailedExitCode exits <code> for a <case> run' -ForEach @(
        @{ case = 'steady'; code = 0 }
        @{ case = 'deviated'; code = 1 }
        @{ case = 'failed'; code = 2 }
        @{ case = 'aborted'; code = 2 }
        @{ case = 'interrupted'; code = 3 }
        @{ case = 'invalid'; code = 4 }
        @{ case = 'not tested'; code = 5 }
    ) {
        Invoke-ExitCase $case '-DetailedExitCode' | Should -Be $code
    }

    It '-EnableExit alone keeps chaos run''s code <code> for a <case> run' -ForEach @(
        @{ case = 'not tested'; code = 0 }
        @{ case = 'failed'; code = 1 }
        @{ case = 'invalid'; code = 1 }
    ) {
        Invoke-ExitCase $case '-EnableExit' | Should -Be $code
    }

    It 'gives the detailed code on the output object too' {
        $run = Invoke-Experiment (& $exitCases['not tested'])
        $run.Result.ExitCode | Should -Be 0
        $run.Result.DetailedExitCode | Should -Be 5
    }
}

Describe 'Secrets in every output' {
    It 'masks a secret that reached a probe''s stdout, an http header, an error message and a verbose line, in the journal, the reports, the JUnit file, the summary and every stream' {
        $secret = "tok-$([guid]::NewGuid().ToString('n'))"
        $env:CHAOSPIXIE_TEST_TOKEN = $secret
        try {
            $marker = Join-Path $TestDrive 'secret.marker'
            $echo = New-Probe 'echo-token' (New-Activity -Path 'chaos-echo' -Arguments @('${token}')).provider 0
            $header = New-Probe 'header-token' ([ordered]@{ type = 'http'; url = "$BaseUrl/echo"; headers = @{ 'X-Token' = '${token}' } }) 200
            # Passes before the method, misses after it, and explains itself with the secret in the explanation.
            $explained = [ordered]@{ type = 'probe'; name = 'explained'; tolerance = [ordered]@{ type = 'jsonpath'; path = '$.passed'; expect = $true }
                provider = [ordered]@{ type = 'powershell'; script = 'param($t, $m) [pscustomobject]@{ passed = -not (Test-Path $m); Explanation = "token $t rejected" }'; arguments = [ordered]@{ t = '${token}'; m = $marker } } }
            $method = @(
                New-Activity 'break' 'chaos-touch' @($marker)
                [ordered]@{ type = 'action'; name = 'denied'; provider = [ordered]@{ type = 'powershell'; script = 'param($t) throw "denied for $t"'; arguments = @{ t = '${token}' } } }
            )
            $experiment = New-Experiment -Probes $echo, $header, $explained -Method $method -Extra ([ordered]@{
                    title   = 'Secrets ${token}'
                    secrets = @{ api = [ordered]@{ token = @{ type = 'env'; key = 'CHAOSPIXIE_TEST_TOKEN' }; pin = 740417263 } }
                })
            $path = Join-Path $TestDrive 'secret.json'
            $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
            $journal = Join-Path $TestDrive 'secret.journal.json'
            $junit = Join-Path $TestDrive 'secret.junit.xml'
            $errorCount = $Error.Count
            # The logging commands are taken through -InformationVariable: written to the host stream, even redirected,
            # they reach this run's own transcript, where an agent would obey them.
            $streams = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -JUnitPath $junit -AzurePipelines -Verbose -InformationVariable info -InformationAction Ignore *>&1 | ForEach-Object { "$_" }
            $streams = @($streams) + @($info | ForEach-Object { "$_" })
            $html = Join-Path $TestDrive 'secret.html'
            $markdown = Join-Path $TestDrive 'secret.report.md'
            $null = Export-ChaosReport -LiteralPath $journal -OutputPath $html
            $null = Export-ChaosReport -LiteralPath $journal -Format Markdown -OutputPath $markdown

            $texts = [ordered]@{
                journal  = Get-Content -Raw $journal
                html     = Get-Content -Raw $html
                markdown = Get-Content -Raw $markdown
                summary  = Get-Content -Raw ([IO.Path]::ChangeExtension($journal, '.md'))
                junit    = Get-Content -Raw $junit
                streams  = $streams -join "`n"
                errors   = @($Error | Select-Object -First ($Error.Count - $errorCount) | ForEach-Object { "$_ $($_.Exception)" }) -join "`n"
            }
            foreach ($name in $texts.Keys) {
                $texts[$name] | Should -Not -BeLike "*$secret*" -Because "the $name must not hold the secret"
                $texts[$name] | Should -Not -BeLike '*740417263*' -Because "the $name must not hold the numeric secret"
            }

            # Each path was taken, and masked where the secret would have been.
            $json = $texts.journal | ConvertFrom-Json -DateKind String
            $json.steady_states.before.probes[0].output.stdout | Should -Be "***`n"
            $json.steady_states.before.probes[1].output.body.token | Should -Be '***'
            $json.run[1].exception[-1] | Should -BeLike '*denied for `*`*`**'
            $json.deviated | Should -BeTrue
            $json.experiment.secrets.api.pin | Should -Be '***'
            $texts.streams | Should -Match 'Running experiment: Secrets \*\*\*'
            $texts.streams | Should -Match 'task.complete result=Failed;\]Deviated: Secrets \*\*\*'
            $texts.streams | Should -Match 'code=ToleranceNotMet\]explained: token \*\*\* rejected'
            $texts.junit | Should -Match '<testsuite name="Secrets \*\*\*"'
            $texts.junit | Should -Match 'message="token \*\*\* rejected"'
            $texts.junit | Should -Match 'denied for \*\*\*'
        }
        finally { Remove-Item Env:CHAOSPIXIE_TEST_TOKEN -ErrorAction Ignore }
    }
}
