# Invoke-ChaosExperiment: the http provider, against a real HTTP server on 127.0.0.1
# (Fixtures/Experiments/run/HttpServer.ps1) and a TLS one. Each test runs a real experiment and reads the journal the
# run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Fixtures = Initialize-ExperimentFixture
    $script:Http = Start-TestHttpServer
    $script:BaseUrl = $Http.BaseUrl
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

AfterAll {
    Stop-TestHttpServer $Http
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
