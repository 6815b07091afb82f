# One secret planted everywhere an experiment can carry it (a process's stdout, base64 and JSON-escaped too; an http
# header, path and form body; a JSON key; every stream of a powershell activity; an error and a throw), run in a child
# pwsh under Start-Transcript. Then the journal, the JUnit file, the build summary, the transcript, the console output
# and $Error are searched for the secret in every encoding it travels in: none may hold it.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
    Add-Type -AssemblyName System.Web

    # Answers every request with what it received, as JSON: the raw path and query, the body, and the X-Token header,
    # also as a key.
    $port = & {
        $socket = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $socket.Start()
        try { $socket.LocalEndpoint.Port } finally { $socket.Stop() }
    }
    $script:Listener = [System.Net.HttpListener]::new()
    $Listener.Prefixes.Add("http://127.0.0.1:$port/")
    $Listener.Start()
    $script:Server = [powershell]::Create()
    $null = $Server.AddScript({
            param($Listener)
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                try {
                    $body = [IO.StreamReader]::new($context.Request.InputStream).ReadToEnd()
                    $token = $context.Request.Headers['X-Token']
                    $text = [ordered]@{ url = $context.Request.RawUrl; body = $body; header = $token; "$token" = 'as a key' } | ConvertTo-Json -Compress
                    $bytes = [Text.Encoding]::UTF8.GetBytes($text)
                    $context.Response.ContentType = 'application/json'
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                }
                catch { }
                finally { try { $context.Response.Close() } catch { } }
            }
        }).AddArgument($Listener)
    $null = $Server.BeginInvoke()
    $script:BaseUrl = "http://127.0.0.1:$port"

    # The encodings the secret is searched for, computed here with other code than the redactor's.
    function Get-SecretForm([string] $Secret) {
        $bytes = [Text.Encoding]::UTF8.GetBytes($Secret)
        [ordered]@{
            raw                = $Secret
            'percent-encoded'  = [uri]::EscapeDataString($Secret)
            'form-encoded'     = [System.Net.WebUtility]::UrlEncode($Secret)
            'form, lower hex'  = [System.Web.HttpUtility]::UrlEncode($Secret)
            'json-escaped'     = [System.Text.Json.JsonEncodedText]::Encode($Secret).ToString()
            'python json'      = ([regex]::Replace(($Secret | ConvertTo-Json -EscapeHandling EscapeNonAscii).Trim('"'), '\\u([0-9A-F]{4})', { '\u' + $args[0].Groups[1].Value.ToLowerInvariant() }))
            base64             = [Convert]::ToBase64String($bytes)
        }
    }
}

AfterAll {
    $Listener.Stop()
    $Server.Dispose()
}

Describe 'A secret in every place an experiment can carry it' -Skip:$IsWindows {
    BeforeAll {
        # A space, '+', '/', '&', '=' and '<': each encoding differs from the others (ASCII only: it goes in a header).
        $script:Secret = "Tok $([guid]::NewGuid().ToString('n').Substring(0, 10))+/&=<"
        $streams = 'param($t) Write-Warning "warning $t"; Write-Verbose "verbose $t" -Verbose; Write-Debug "debug $t" -Debug; Write-Information "information $t" -InformationAction Continue; Write-Host "host $t"; [ordered]@{ $t = "as a key"; escaped = [System.Text.Json.JsonEncodedText]::Encode($t).ToString() }'
        function New-PowerShellAction([string] $Name, [string] $Script) {
            [ordered]@{ type = 'action'; name = $Name; provider = [ordered]@{ type = 'powershell'; script = $Script; arguments = [ordered]@{ t = '${token}' } } }
        }
        $experiment = [ordered]@{
            title       = 'Secrets'
            description = 'one secret everywhere'
            secrets     = @{ api = @{ token = @{ type = 'env'; key = 'CHAOSPIXIE_SECRETS_TOKEN' } } }
            method      = @(
                [ordered]@{ type = 'action'; name = 'stdout'; provider = [ordered]@{ type = 'process'; path = 'sh'; arguments = @('-c', 'printf "%s\n" "$1"; printf "%s" "$1" | base64', 'sh', '${token}') } }
                [ordered]@{ type = 'action'; name = 'http'; provider = [ordered]@{ type = 'http'; method = 'POST'; url = "$BaseUrl/a/`${token}/b?q=`${token}"; headers = @{ 'X-Token' = '${token}' }; arguments = @{ value = '${token}' } } }
                New-PowerShellAction 'streams' $streams
                New-PowerShellAction 'error' 'param($t) Write-Error "error $t"'
                New-PowerShellAction 'throw' 'param($t) throw "thrown $t"'
            )
        }
        $directory = Join-Path $TestDrive 'secrets'
        $null = New-Item -ItemType Directory $directory
        $path = Join-Path $directory 'experiment.json'
        $experiment | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8NoBOM
        $script:Files = [ordered]@{
            journal    = Join-Path $directory 'journal.json'
            junit      = Join-Path $directory 'junit.xml'
            summary    = Join-Path $directory 'journal.md'
            transcript = Join-Path $directory 'transcript.txt'
            errors     = Join-Path $directory 'errors.txt'
        }

        $command = @"
Start-Transcript -LiteralPath '$($Files.transcript)' | Out-Null
Import-Module ChaosPixie
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$InformationPreference = 'Continue'
Invoke-ChaosExperiment -LiteralPath '$path' -JournalPath '$($Files.journal)' -JUnitPath '$($Files.junit)' -AzurePipelines | Out-Host
Stop-Transcript | Out-Null
'`$Error:' + (@(`$Error | ForEach-Object { "`$_ `$(`$_.Exception) `$(`$_.ScriptStackTrace)" }) -join "``n") | Set-Content -LiteralPath '$($Files.errors)'
"@
        $env:CHAOSPIXIE_SECRETS_TOKEN = $Secret
        try { $script:Console = (Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $command 2>&1 | ForEach-Object { "$_" }) -join "`n" }
        finally { Remove-Item Env:CHAOSPIXIE_SECRETS_TOKEN }
        if (-not (Test-Path $Files.errors)) { throw "The child pwsh did not finish: $Console" }
        $script:Texts = [ordered]@{ console = $Console }
        foreach ($name in $Files.Keys) { $Texts[$name] = Get-Content -Raw -LiteralPath $Files[$name] }
        $script:Journal = $Texts.journal | ConvertFrom-Json -DateKind String -AsHashtable
    }

    It 'holds it in no encoding in the <_>' -ForEach 'journal', 'junit', 'summary', 'console', 'errors' {
        $Texts[$_] | Should -Not -BeNullOrEmpty
        $forms = Get-SecretForm $Secret
        foreach ($form in $forms.Keys) {
            $Texts[$_].Contains($forms[$form]) | Should -BeFalse -Because "the $_ must not hold the $form secret '$($forms[$form])'"
        }
    }

    It 'took every path, masked: process output, http path, query, body and header, JSON key, and each stream' {
        $run = $Journal.run
        $run[0].output.stdout | Should -Be "***`n***`n"
        $run[1].output.body.url | Should -Be '/a/***/b?q=***'
        $run[1].output.body.body | Should -Be 'value=***'
        $run[1].output.body.header | Should -Be '***'
        $run[1].output.body.Keys | Should -Contain '***'
        $run[2].output.Keys | Should -Contain '***'
        $run[2].output.escaped | Should -Be '***'
        $run[3].status | Should -Be 'failed'
        $run[3].exception[-1] | Should -BeLike '*error `*`*`**'
        $run[4].exception[-1] | Should -BeLike '*thrown `*`*`**'
        foreach ($stream in 'warning', 'verbose', 'debug', 'information', 'host') {
            $Texts.console | Should -Match "$stream \*\*\*" -Because "the $stream stream goes through, masked"
        }
    }

    # PowerShell transcribes an activity's Write-Error and throw itself, before the cmdlet sees them: the activity runs
    # with the transcript held back, and the transcript still gets what the cmdlet forwards, masked.
    It 'holds it in no encoding in the transcript, which still records the masked errors and the rest of the session' {
        $forms = Get-SecretForm $Secret
        foreach ($form in $forms.Keys) { $Texts.transcript.Contains($forms[$form]) | Should -BeFalse -Because "the transcript must not hold the $form secret" }
        $Texts.transcript | Should -Match 'error \*\*\*'
        $Texts.transcript | Should -Match 'thrown \*\*\*'
        $Texts.transcript | Should -Match 'warning \*\*\*'
        $Texts.transcript | Should -Match 'PowerShell transcript end'
    }
}

Describe 'The redactor''s keys' {
    It 'keeps two keys that differ only by a secret, both masked' {
        $secret = "k-$([guid]::NewGuid().ToString('n'))"
        $directory = Join-Path $TestDrive 'keys'
        $null = New-Item -ItemType Directory $directory
        $path = Join-Path $directory 'keys.json'
        [ordered]@{
            title = 'keys'; description = 'two keys'; secrets = @{ s = @{ v = $secret } }
            method = @([ordered]@{ type = 'action'; name = 'keys'; provider = [ordered]@{ type = 'powershell'; script = 'param($t) [ordered]@{ "a$t" = 1; "a***" = 2 }'; arguments = @{ t = '${v}' } } })
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $directory 'journal.json')
        $text = Get-Content -Raw (Join-Path $directory 'journal.json')
        $text | Should -Not -Match $secret
        ($text | ConvertFrom-Json -AsHashtable).run[0].output.Keys | Should -Be 'a***', 'a*** (2)'
        $result.Status | Should -Be 'completed'
    }
}

Describe 'A one-character secret' {
    BeforeAll {
        $directory = Join-Path $TestDrive 'short'
        $null = New-Item -ItemType Directory $directory
        $path = Join-Path $directory 'short.json'
        $echo = [ordered]@{ type = 'powershell'; script = 'param($p, $start) "pin=$p start=$start"'; arguments = [ordered]@{ p = '${pin}'; start = 'round 1' } }
        [ordered]@{
            title                     = 'short'; description = 'a secret of one digit'
            secrets                   = @{ pixie = @{ pin = '1' } }
            'steady-state-hypothesis' = [ordered]@{ title = 'holds'; probes = @([ordered]@{ type = 'probe'; name = 'pin'; tolerance = 0; provider = [ordered]@{ type = 'process'; path = 'sh'; arguments = @('-c', 'printf "pin=%s" "$1"', 'sh', '${pin}') } }) }
            method                    = @([ordered]@{ type = 'action'; name = 'echo'; provider = $echo })
        } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
        $journalPath = Join-Path $directory 'journal.json'
        $script:Result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journalPath -WarningAction SilentlyContinue
        $script:Journal = Get-Content -Raw $journalPath | ConvertFrom-Json -DateKind String -AsHashtable
        $script:Records = @($Journal.steady_states.before.probes) + @($Journal.run) + @($Journal.steady_states.after.probes)
    }

    It 'leaves the times, durations and statuses the engine writes as they are, in the journal and every run record' {
        $iso = '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$'
        $Journal.start | Should -Match $iso
        $Journal.end | Should -Match $iso
        $Journal.duration | Should -BeOfType [double]
        $Journal.status | Should -Be 'completed'
        foreach ($key in 'chaoslib-version', 'platform', 'node') { $Journal[$key] | Should -Not -Match '\*\*\*' }
        $Journal['chaoslib-version'] | Should -Match '^\d+\.\d+\.\d+'
        $Records.Count | Should -Be 3
        foreach ($record in $Records) {
            $record.start | Should -Match $iso
            $record.end | Should -Match $iso
            $record.duration | Should -BeOfType [double]
            $record.status | Should -Be 'succeeded'
        }
        $Journal.steady_states.before.probes[0].tolerance_met | Should -BeTrue
        $Journal.steady_states.after.steady_state_met | Should -BeTrue
        $Result.Status | Should -Be 'completed'
    }

    It 'still masks the secret in what came from the user, a key named start included' {
        $Journal.steady_states.before.probes[0].output.stdout | Should -Be 'pin=***'
        $Journal.steady_states.after.probes[0].output.stdout | Should -Be 'pin=***'
        $Journal.run[0].output | Should -Be 'pin=*** start=round ***'
        $Journal.run[0].activity.provider.arguments.start | Should -Be 'round ***'
        $Journal.experiment.secrets.pixie.pin | Should -Be '***'
        $Journal.experiment.method[0].provider.arguments.start | Should -Be 'round ***'
    }
}
