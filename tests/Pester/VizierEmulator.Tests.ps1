# The Vizier emulator as the other test files use it through TestHelpers.psm1: start, TLS, recording, stop.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot TestHelpers.psm1) -Force

    # A bare gRPC unary call over h2c: no generated client, just the wire format.
    function Invoke-RawGrpc([string] $Url, [string] $Path, [hashtable] $Headers = @{}) {
        $client = [Net.Http.HttpClient]::new()
        try {
            $request = [Net.Http.HttpRequestMessage]::new([Net.Http.HttpMethod]::Post, "$Url$Path")
            $request.Version = [Version]'2.0'
            $request.VersionPolicy = [Net.Http.HttpVersionPolicy]::RequestVersionExact
            # An empty message: not compressed, length 0.
            $request.Content = [Net.Http.ByteArrayContent]::new([byte[]]::new(5))
            $request.Content.Headers.ContentType = 'application/grpc'
            $request.Headers.TryAddWithoutValidation('te', 'trailers') | Out-Null
            foreach ($name in $Headers.Keys) { $request.Headers.TryAddWithoutValidation($name, $Headers[$name]) | Out-Null }
            $response = $client.SendAsync($request).GetAwaiter().GetResult()
            $body = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            # A call that fails before any message is "trailers-only": its status comes in the headers.
            $trailers = @{}
            foreach ($header in @($response.Headers) + @($response.TrailingHeaders)) { $trailers[$header.Key] = $header.Value -join ',' }
            [pscustomobject]@{ Status = [int]$trailers['grpc-status']; Message = $trailers['grpc-message']; Body = $body }
        }
        finally { $client.Dispose() }
    }
}

Describe 'Start-VizierEmulator' {
    It 'starts from a scenario file on a loopback port and reports its key and first cluster' {
        $emulator = Start-VizierEmulator -Scenario (Get-TestScenarioPath all-types)
        try {
            $emulator.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $emulator.ApiKey | Should -Be 'px-api-4f9c2a61-8d3e-4b7a-a1c5-0e6d2b9f7a34'
            $emulator.ClusterId | Should -Be '1d3e6f2a-7b4c-4e8d-9a01-5c2b3d4e5f60'
            $emulator.Process.HasExited | Should -BeFalse
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'answers gRPC: a call with the scenario key lists the clusters, a call without it fails as the cloud does' {
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario)
        try {
            $path = '/px.cloudapi.VizierClusterInfo/GetClusterInfo'
            $denied = Invoke-RawGrpc $emulator.Url $path
            $denied.Status | Should -Be 13
            [Uri]::UnescapeDataString($denied.Message) | Should -Be 'Auth middleware failed: failed to fetch token - unauthenticated'

            $listed = Invoke-RawGrpc $emulator.Url $path @{ 'pixie-api-key' = $emulator.ApiKey }
            $listed.Status | Should -Be 0
            # One length-prefixed message holding the cluster named test-cluster.
            $listed.Body.Length | Should -BeGreaterThan 5
            [Text.Encoding]::UTF8.GetString($listed.Body) | Should -Match 'test-cluster'
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'serves TLS over HTTP/2 with a certificate for localhost and 127.0.0.1 signed by the CA it writes' {
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario) -Tls
        try {
            $emulator.Url | Should -Match '^https://localhost:\d+$'
            $tcp = [Net.Sockets.TcpClient]::new('127.0.0.1', ([Uri]$emulator.Url).Port)
            # Accept during the handshake; the chain is checked below against the emulator's CA alone.
            $ssl = [Net.Security.SslStream]::new($tcp.GetStream(), $false, { $true })
            try {
                $options = [Net.Security.SslClientAuthenticationOptions]::new()
                $options.TargetHost = 'localhost'
                $options.ApplicationProtocols = [Collections.Generic.List[Net.Security.SslApplicationProtocol]]@([Net.Security.SslApplicationProtocol]::Http2)
                $ssl.AuthenticateAsClient($options)
                $ssl.NegotiatedApplicationProtocol | Should -Be ([Net.Security.SslApplicationProtocol]::Http2)
                $server = [Security.Cryptography.X509Certificates.X509Certificate2]::new($ssl.RemoteCertificate)
            }
            finally { $ssl.Dispose(); $tcp.Dispose() }

            $ca = [Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content -Raw $emulator.CaCertificatePath))
            $chain = [Security.Cryptography.X509Certificates.X509Chain]::new()
            $chain.ChainPolicy.TrustMode = 'CustomRootTrust'
            $chain.ChainPolicy.RevocationMode = 'NoCheck'
            $chain.ChainPolicy.CustomTrustStore.Add($ca) | Out-Null
            $chain.Build($server) | Should -BeTrue
            $server.MatchesHostname('localhost') | Should -BeTrue
            $server.MatchesHostname('127.0.0.1') | Should -BeTrue
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'records each request with its metadata when started with -Record' {
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario) -Record
        try {
            Invoke-RawGrpc $emulator.Url '/px.cloudapi.VizierClusterInfo/GetClusterInfo' @{ 'pixie-api-key' = 'px-api-wrong'; 'pixie-api-client' = 'pester' } | Out-Null
            $requests = @(Get-VizierEmulatorRequest $emulator -Method GetClusterInfo)
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be '/px.cloudapi.VizierClusterInfo/GetClusterInfo'
            $requests[0].metadata.'pixie-api-key' | Should -Be 'px-api-wrong'
            $requests[0].metadata.'pixie-api-client' | Should -Be 'pester'
            @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript).Count | Should -Be 0
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'serves a one-column table whose rows PowerShell flattened into bare values' {
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario -Table @{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64' }); rows = @(@(1), @(2)) })
        try {
            $key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
            $rows = @(Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId $emulator.ClusterId)
            $rows.n | Should -Be @(1, 2)
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'serves the phases of a scenario in turn, the last one to every later query' {
        $one = @{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64' }); rows = @(1) }
        $two = @{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64' }); rows = @(2) }
        $emulator = Start-VizierEmulator -Scenario @{ apiKey = 'px-api-phases'; clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'c' }); phases = @(@{ tables = @($one) }, @{ tables = @($two) }) }
        try {
            $connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $emulator.ClusterId }
            (1..3 | ForEach-Object { (Invoke-PixieScript 'px.display(df)' @connection).n }) | Should -Be @(1, 2, 2)
        }
        finally { Stop-VizierEmulator $emulator }
    }

    It 'fails with the reason when the scenario is invalid' {
        $scenario = New-TestScenario -Table @{ name = 'output'; columns = @(@{ name = 'x'; type = 'INT65' }) }
        { Start-VizierEmulator -Scenario $scenario } | Should -Throw '*exited with code 2 before listening*'
    }
}

Describe 'The emulator''s fault lines' {
    BeforeAll {
        $script:emulator = Start-VizierEmulator -Scenario (New-TestScenario -Table @{ name = 'output'; columns = @(@{ name = 'n'; type = 'INT64' }); rows = @() })
        $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $emulator.ClusterId }
    }

    AfterAll {
        Stop-VizierEmulator $emulator
    }

    It 'refuses a fault line it cannot play: <line>' -TestCases @(
        @{ line = 'fault=num-rows value=many'; says = '*value=many: expected a whole number*' }
        @{ line = 'fault=echo-key in=body'; says = '*in=body: expected status or trailer*' }
        @{ line = 'fault=reset code=99'; says = '*code=99: expected a whole number from 0 to 13*' }
        @{ line = 'fault=goaway code=8'; says = "*fault 'goaway' takes no 'code'*" }
        @{ line = 'fault=cut-once lose=all'; says = '*lose=all: expected none, next or eos*' }
        @{ line = 'fault=cut-once first=once'; says = '*first=once: expected a whole number from 0 to*' }
        @{ line = 'fault=bad-tag after=1'; says = "*fault 'bad-tag' takes no 'after'*" }
        @{ line = 'fault=num-rows'; says = '*emulator: this fault needs a first table with rows*' }
    ) {
        { Invoke-PixieScript "#emulator: $line" @connection } | Should -Throw $says
    }
}

Describe 'Stop-VizierEmulator' {
    It 'ends the emulator through its stdin, without killing it, and removes its files' {
        $emulator = Start-VizierEmulator -Scenario (New-TestScenario) -Tls -Record
        Stop-VizierEmulator $emulator
        $emulator.Process.HasExited | Should -BeTrue
        $emulator.Process.ExitCode | Should -Be 0
        $emulator.WorkingDirectory | Should -Not -Exist
    }
}
