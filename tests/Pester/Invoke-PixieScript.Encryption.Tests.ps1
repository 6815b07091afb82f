# End-to-end encryption of Invoke-PixieScript's results against the emulator, which seals each batch as a JWE for the
# public key the request carries: what goes on the wire, rows identical to plaintext ones, and every way an encrypted
# result can be wrong ending in an error, never in a skipped batch.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:clusterId = 'e2e0e2e0-1234-4abc-8def-0123456789ab'
    $script:scenario = @{
        apiKey    = 'px-api-encryption'
        clusters  = @(@{ id = $clusterId; name = 'sealed'; status = 'CS_HEALTHY' })
        batchSize = 700
        tables    = @(
            @{
                name    = 'all_types'
                columns = @(
                    @{ name = 'ok'; type = 'BOOLEAN'; semanticType = 'ST_NONE' }
                    @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                    @{ name = 'ratio'; type = 'FLOAT64'; semanticType = 'ST_PERCENT' }
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                    @{ name = 'upid'; type = 'UINT128'; semanticType = 'ST_UPID' }
                    @{ name = 'body'; type = 'STRING'; semanticType = 'ST_NONE' }
                )
                rows    = @(
                    , @($true, 5000000000, 1.5, 1690000000123456789, '00112233-4455-6677-8899-aabbccddeeff', 'héllo')
                    , @($false, 1500000, -0.25, 0, 'ffffffff-0000-0000-0000-000000000001', @{ base64 = 'YWL/Yw==' })
                )
            }
            @{
                name     = 'many'
                columns  = @(@{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }, @{ name = 'pod'; type = 'STRING'; semanticType = 'ST_POD_NAME' })
                generate = @{ count = 5000; seed = 3 }
            }
        )
    }
    $script:emulator = Start-VizierEmulator -Scenario $scenario -Record
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $clusterId }

    function script:Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null } catch { return $_ }
        throw 'Expected a terminating error, got none.'
    }

    # The request the emulator recorded for a script that starts with a unique marker line.
    function script:Get-Request([string] $Marker) {
        @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript | Where-Object { $_.body.queryStr -like "$Marker*" })
    }

    # Every row as one line of text: the table, then each property's value.
    function script:ConvertTo-RowText([object[]] $Rows) {
        foreach ($row in $Rows) { "$($row.GetTable().Name)|" + (($row.PSObject.Properties | ForEach-Object { [string]$_.Value }) -join '|') }
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Invoke-PixieScript encryption on the wire' {
    It 'asks for an encrypted result by default, with a fresh RSA-4096 public key and the Go client''s algorithms' {
        $marker = "# encrypted $(New-Guid)"
        $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types @connection
        $request = Get-Request $marker
        $request.Count | Should -Be 1
        $options = $request[0].body.encryptionOptions
        $options.keyAlg | Should -Be 'RSA-OAEP-256'
        $options.contentAlg | Should -Be 'A256GCM'
        $options.compressionAlg | Should -Be 'DEF'
        $jwk = $options.jwkKey | ConvertFrom-Json -AsHashtable
        $jwk.Keys | Sort-Object | Should -Be @('e', 'kty', 'n')
        $jwk.kty | Should -Be 'RSA'
        $jwk.e | Should -Be 'AQAB'
        # 4096 bits: 512 bytes, 683 base64url characters without padding.
        $jwk.n.Length | Should -Be 683
    }

    It 'uses a key pair no other call used' {
        $first, $second = "# first $(New-Guid)", "# second $(New-Guid)"
        $null = Invoke-PixieScript "$first`npx.display(df)" -TableName all_types @connection
        $null = Invoke-PixieScript "$second`npx.display(df)" -TableName all_types @connection
        (Get-Request $first)[0].body.encryptionOptions.jwkKey | Should -Not -Be (Get-Request $second)[0].body.encryptionOptions.jwkKey
    }

    It 'asks for plaintext with -NoEncryption' {
        $marker = "# plain $(New-Guid)"
        $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types -NoEncryption @connection
        (Get-Request $marker)[0].body.PSObject.Properties.Name | Should -Not -Contain 'encryptionOptions'
    }

    It 'asks for plaintext after Connect-Pixie -NoEncryption, on that server only' {
        $marker = "# session $(New-Guid)"
        # A runspace of its own: Connect-Pixie's settings belong to the runspace that ran it.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('Import-Module ChaosPixie').AddStatement().AddScript({
                    param($url, $key, $id, $marker, $otherUrl)
                    Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id -NoEncryption
                    $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types
                    $null = Invoke-PixieScript "$marker other`npx.display(df)" -TableName all_types -ServerUrl $otherUrl
                }).AddArgument($emulator.Url).AddArgument($connection.ApiKey).AddArgument($clusterId).AddArgument($marker).AddArgument("http://localhost:$(([uri]$emulator.Url).Port)")
            $null = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
        $requests = Get-Request $marker
        $requests.Count | Should -Be 2
        $requests[0].body.PSObject.Properties.Name | Should -Not -Contain 'encryptionOptions'
        $requests[1].body.encryptionOptions.keyAlg | Should -Be 'RSA-OAEP-256'
    }
}

Describe 'Invoke-PixieScript encrypted rows' {
    It 'decrypts to the very rows a plaintext result has, in every table and type' {
        $encrypted = @(Invoke-PixieScript 'px.display(df)' @connection)
        $plain = @(Invoke-PixieScript 'px.display(df)' -NoEncryption @connection)
        $encrypted.Count | Should -Be 5002
        ConvertTo-RowText $encrypted | Should -Be (ConvertTo-RowText $plain)
        $encrypted[0].body | Should -Be 'héllo'
        $encrypted[1].body | Should -Be "ab$([char]0xFFFD)c"
    }
}

Describe 'Invoke-PixieScript encryption failures' {
    It 'stops at a batch whose authentication tag does not match, and passes no row on' {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript "#emulator: fault=bad-tag`npx.display(df)" @connection | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieDecryptionFailed,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -BeLike 'Batch 1 of the result cannot be decrypted: its authentication tag does not match*'
        $measured | Should -BeNullOrEmpty
    }

    It 'refuses a plaintext batch on an encrypted request, naming -NoEncryption' {
        $err = Get-ErrorRecord { Invoke-PixieScript "#emulator: fault=plaintext-batch`npx.display(df)" @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieDecryptionFailed,*'
        $err.Exception.Message | Should -BeLike '*plaintext batch although this request asked for end-to-end encryption*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*-NoEncryption*'
    }

    It 'refuses an encrypted batch on a request that did not ask for encryption' {
        $err = Get-ErrorRecord { Invoke-PixieScript "#emulator: fault=encrypt-unasked`npx.display(df)" -NoEncryption @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.Exception.Message | Should -Be 'Pixie sent an encrypted batch, but this request did not ask for encryption.'
    }
}

Describe 'a JWE made by another implementation' {
    # Made once by Encryption/Interop/make_fixture.py beside the emulator's encryptor, with Python's cryptography and
    # zlib, so that a mistake the module's decryptor shares with the emulator's encryptor cannot pass unseen.
    BeforeAll {
        $interop = Join-Path $PSScriptRoot '../ChaosPixie.VizierEmulator/Encryption/Interop'
        $script:expected = Get-Content -Raw (Join-Path $interop 'batch.expected.json') | ConvertFrom-Json
        $script:jwe = [IO.File]::ReadAllBytes((Join-Path $interop 'batch.jwe'))
        $script:rsa = [Security.Cryptography.RSA]::Create()
        $rsa.ImportFromPem((Get-Content -Raw (Join-Path $interop 'test-key.pem')))
        # The decode path every encrypted batch takes (DecryptingReader.Open): JWE, then the protobuf row batch.
        $null = Get-PixieCluster -ServerUrl $emulator.Url -ApiKey $connection.ApiKey
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ChaosPixie.Engine' }
        $script:open = $engine.GetType('ChaosPixie.Engine.Pixie.Encryption.DecryptingReader', $true).GetMethod('Open', [Reflection.BindingFlags]'Static, NonPublic')
        $script:batch = $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($jwe), $rsa, [long]1))
    }

    AfterAll {
        $rsa.Dispose()
    }

    It 'decrypts to the very payload: RSA-OAEP-256, A256GCM and raw DEFLATE level 1 as jwx lays them out' {
        $expected.payloadBytes | Should -BeGreaterThan 190000
        $protobuf = $batch.Cols.GetType().Assembly
        $bytes = $protobuf.GetType('Google.Protobuf.MessageExtensions').GetMethod('ToByteArray', [type[]]@($protobuf.GetType('Google.Protobuf.IMessage'))).Invoke($null, @($batch))
        $bytes.Length | Should -Be $expected.payloadBytes
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$bytes)).ToLowerInvariant() | Should -Be $expected.payloadSha256
    }

    It 'gives the expected rows, every value of every column' {
        $batch.TableId | Should -Be $expected.tableId
        $batch.NumRows | Should -Be $expected.rows.Count
        $batch.Eos | Should -BeTrue
        $times, $latencies, $ratios, $oks, $bodies = $batch.Cols[0].Time64NsData.Data, $batch.Cols[1].Int64Data.Data, $batch.Cols[2].Float64Data.Data, $batch.Cols[3].BooleanData.Data, $batch.Cols[4].StringData.Data
        $mismatches = for ($i = 0; $i -lt $expected.rows.Count; $i++) {
            $row = $expected.rows[$i]
            $actual = $times[$i], $latencies[$i], $ratios[$i], $oks[$i], $bodies[$i].ToStringUtf8()
            if ($actual[0] -ne [long]$row[0] -or $actual[1] -ne [long]$row[1] -or $actual[2] -ne [double]$row[2] -or $actual[3] -ne [bool]$row[3] -or $actual[4] -cne [string]$row[4]) { "row ${i}: $($actual -join '|') is not $($row -join '|')" }
        }
        $mismatches | Should -BeNullOrEmpty
        $bodies[1].ToStringUtf8() | Should -BeLike '*héllo*'
    }

    It 'refuses it for another key, as a batch of this call' {
        $other = [Security.Cryptography.RSA]::Create(2048)
        try {
            $err = { $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($jwe), $other, [long]7)) } | Should -Throw -PassThru
            $err.Exception.InnerException.Message | Should -BeLike 'Batch 7 of the result cannot be decrypted: its content key was not encrypted for this call''s public key*'
        }
        finally { $other.Dispose() }
    }
}

Describe 'chaospixie probes and encryption' {
    BeforeAll {
        # A chaostoolkit-pixie probe; configuration holds the cluster, the server and, when given, pixie_no_encryption.
        function script:Invoke-ProbeExperiment([string] $Marker, [hashtable] $Configuration = @{}) {
            $settings = [ordered]@{ pixie_cluster_id = $clusterId; px_server_url = $emulator.Url }
            foreach ($key in $Configuration.Keys) { $settings[$key] = $Configuration[$key] }
            $experiment = [ordered]@{
                title                     = 'encryption'
                description               = 'a chaospixie probe'
                configuration             = $settings
                secrets                   = [ordered]@{ pixie = [ordered]@{ api_key = $emulator.ApiKey } }
                'steady-state-hypothesis' = [ordered]@{
                    title  = 'rows arrive'
                    probes = @([ordered]@{
                            type      = 'probe'; name = 'rows'; tolerance = $true
                            provider  = [ordered]@{ type = 'python'; module = 'chaospixie.probes'; func = 'run_script'; secrets = @('pixie'); arguments = [ordered]@{ script = "$Marker`npx.display(df)"; table_name = 'all_types' } }
                        })
                }
                method                    = @()
            }
            $path = Join-Path $TestDrive "experiment-$(New-Guid).json"
            $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
            Invoke-ChaosExperiment -Path $path -JournalPath (Join-Path $TestDrive "journal-$(New-Guid).json") -WarningAction SilentlyContinue
        }
    }

    It 'encrypts a probe''s result by default and not with pixie_no_encryption: <value>' -TestCases @(
        @{ value = $true; encrypted = $false }
        @{ value = 'true'; encrypted = $false }
        @{ value = $false; encrypted = $true }
    ) {
        $marker = "# probe $(New-Guid)"
        $result = Invoke-ProbeExperiment $marker @{ pixie_no_encryption = $value }
        $result.Status | Should -Be 'completed'
        $result.Deviated | Should -BeFalse
        ((Get-Request $marker)[0].body.PSObject.Properties.Name -contains 'encryptionOptions') | Should -Be $encrypted
    }

    It 'honours pixie_no_encryption when PIXIE_SERVER_URL names the server and the configuration does not' {
        $marker = "# probe $(New-Guid)"
        $saved = $env:PIXIE_SERVER_URL
        try {
            $env:PIXIE_SERVER_URL = $emulator.Url
            $result = Invoke-ProbeExperiment $marker @{ pixie_no_encryption = $true; px_server_url = $null }
        }
        finally { $env:PIXIE_SERVER_URL = $saved }
        $result.Status | Should -Be 'completed'
        ((Get-Request $marker)[0].body.PSObject.Properties.Name -contains 'encryptionOptions') | Should -BeFalse
    }

    It 'refuses a pixie_no_encryption that is not true or false' {
        $marker = "# probe $(New-Guid)"
        $result = Invoke-ProbeExperiment $marker @{ pixie_no_encryption = 'maybe' }
        # A steady-state probe that fails before the method fails the experiment.
        $result.Status | Should -Be 'failed'
        Get-Request $marker | Should -BeNullOrEmpty
    }
}
