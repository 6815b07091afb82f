# End-to-end encryption of Invoke-PixieScript's results against the emulator, which seals each batch as a JWE for the
# public key the request carries: what goes on the wire, rows identical to plaintext ones, and every way an encrypted
# result can be wrong ending in an error, never in a skipped batch.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:clusterId = 'e2e0e2e0-1234-4abc-8def-0123456789ab'
    # The Invoke-PixieScript tests' scenario, in batches of 700 rows: 8,002 rows, a dozen encrypted batches.
    $script:emulator = Start-VizierEmulator -Scenario (New-TypesScenario -ApiKey 'px-api-encryption' -ClusterId $clusterId -BatchSize 700) -Record
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $clusterId }

    # The engine's types, once a call has loaded it into its private context.
    $null = Get-PixieCluster -ServerUrl $emulator.Url -ApiKey $connection.ApiKey
    $script:engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ChaosPixie.Engine' }
    # The decode path every encrypted batch takes (DecryptingReader.Open): JWE, then the protobuf row batch.
    $script:open = $engine.GetType('ChaosPixie.Engine.Pixie.Encryption.DecryptingReader', $true).GetMethod('Open', [Reflection.BindingFlags]'Static, NonPublic')

    # The module's key pair of that algorithm, from a PEM private key (a test key that protects nothing) or fresh.
    function script:New-JweKey([string] $Algorithm, [string] $Pem) {
        $name, $parameters = if ($Algorithm -eq 'ECDH-ES') {
            $ecdh = [Security.Cryptography.ECDiffieHellman]::Create()
            if ($Pem) { $ecdh.ImportFromPem($Pem) } else { $ecdh.GenerateKey([Security.Cryptography.ECCurve+NamedCurves]::nistP256) }
            'EcdhEsKey', $ecdh.ExportParameters($true)
        }
        else {
            $rsa = if ($Pem) { [Security.Cryptography.RSA]::Create() } else { [Security.Cryptography.RSA]::Create(2048) }
            if ($Pem) { $rsa.ImportFromPem($Pem) }
            'RsaOaepKey', $rsa.ExportParameters($true)
        }
        $type = $engine.GetType("ChaosPixie.Engine.Pixie.Encryption.$name", $true)
        $type.GetConstructor([Reflection.BindingFlags]'Instance, NonPublic', $null, [type[]]@($parameters.GetType()), $null).Invoke(@($parameters))
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
    It 'asks for an encrypted result by default, with a fresh P-256 public key for ECDH-ES' {
        $marker = "# encrypted $(New-Guid)"
        $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types @connection
        $request = Get-Request $marker
        $request.Count | Should -Be 1
        $options = $request[0].body.encryptionOptions
        $options.keyAlg | Should -Be 'ECDH-ES'
        $options.contentAlg | Should -Be 'A256GCM'
        $options.compressionAlg | Should -Be 'DEF'
        $jwk = $options.jwkKey | ConvertFrom-Json -AsHashtable
        # The public half only: no private member (d) goes on the wire.
        $jwk.Keys | Sort-Object | Should -Be @('crv', 'kty', 'x', 'y')
        $jwk.kty | Should -Be 'EC'
        $jwk.crv | Should -Be 'P-256'
        # 32-byte coordinates: 43 base64url characters without padding.
        $jwk.x.Length | Should -Be 43
        $jwk.y.Length | Should -Be 43
    }

    It 'asks with -KeyAlgorithm RSA-OAEP-256 for a fresh RSA-4096 public key and the Go client''s algorithms' {
        $marker = "# rsa $(New-Guid)"
        $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types -KeyAlgorithm RSA-OAEP-256 @connection
        $options = (Get-Request $marker)[0].body.encryptionOptions
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

    It 'asks for <asked> after Connect-Pixie <flag>, on that server only' -ForEach @(
        @{ asked = 'plaintext'; flag = '-NoEncryption'; setting = @{ NoEncryption = $true }; keyAlg = $null }
        @{ asked = 'the key algorithm it set'; flag = '-KeyAlgorithm RSA-OAEP-256'; setting = @{ KeyAlgorithm = 'RSA-OAEP-256' }; keyAlg = 'RSA-OAEP-256' }
    ) {
        $marker = "# session $(New-Guid)"
        # A runspace of its own: Connect-Pixie's settings belong to the runspace that ran it.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('Import-Module ChaosPixie').AddStatement().AddScript({
                    param($url, $key, $id, $marker, $otherUrl, $setting)
                    Connect-Pixie -ServerUrl $url -ApiKey $key -ClusterId $id @setting
                    $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types
                    $null = Invoke-PixieScript "$marker other`npx.display(df)" -TableName all_types -ServerUrl $otherUrl
                }).AddArgument($emulator.Url).AddArgument($connection.ApiKey).AddArgument($clusterId).AddArgument($marker).AddArgument("http://localhost:$(([uri]$emulator.Url).Port)").AddArgument($setting)
            $null = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
        $requests = Get-Request $marker
        $requests.Count | Should -Be 2
        if ($keyAlg) { $requests[0].body.encryptionOptions.keyAlg | Should -Be $keyAlg }
        else { $requests[0].body.PSObject.Properties.Name | Should -Not -Contain 'encryptionOptions' }
        $requests[1].body.encryptionOptions.keyAlg | Should -Be 'ECDH-ES'
    }

    It 'refuses a -KeyAlgorithm it does not know before sending anything' {
        $marker = "# unknown $(New-Guid)"
        $err = Get-ErrorRecord { Invoke-PixieScript "$marker`npx.display(df)" -KeyAlgorithm A128KW @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        Get-Request $marker | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-PixieScript and a server that refuses ECDH-ES' {
    It 'runs the script again once with RSA-OAEP-256, says so in the verbose stream, and returns the rows' {
        $marker = "# refuse $(New-Guid)"
        $verbose = $null
        $rows = @(Invoke-PixieScript "$marker`n#emulator: fault=refuse-ec-keys`npx.display(df)" @connection -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
        $verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $rows.Count | Should -Be 8002
        $requests = Get-Request $marker
        $requests.Count | Should -Be 2
        $requests[0].body.encryptionOptions.keyAlg | Should -Be 'ECDH-ES'
        $requests[1].body.encryptionOptions.keyAlg | Should -Be 'RSA-OAEP-256'
        $requests[1].body.queryStr | Should -Be $requests[0].body.queryStr
        $note = @($verbose | Where-Object { $_ -like '*refused to encrypt with ECDH-ES*' })
        $note.Count | Should -Be 1
        $note[0] | Should -BeLike '*invalid jwa.KeyEncryptionAlgorithm value*running the script again with RSA-OAEP-256*'
        # The note names algorithms, never key material.
        $note[0] | Should -Not -Match ([regex]::Escape(($requests[0].body.encryptionOptions.jwkKey | ConvertFrom-Json).x))
    }

    It 'does not fall back when -KeyAlgorithm ECDH-ES was chosen: the refusal is the error' {
        $marker = "# insist $(New-Guid)"
        $err = Get-ErrorRecord { Invoke-PixieScript "$marker`n#emulator: fault=refuse-ec-keys`npx.display(df)" -KeyAlgorithm ECDH-ES @connection }
        $err.Exception.Message | Should -BeLike '*invalid jwa.KeyEncryptionAlgorithm value*'
        (Get-Request $marker).Count | Should -Be 1
    }
}

Describe 'Invoke-PixieScript encrypted rows' {
    BeforeAll {
        $script:plain = @(Invoke-PixieScript 'px.display(df)' -NoEncryption @connection)
    }

    It 'decrypts with <algorithm> to the very rows a plaintext result has, in every table and type' -TestCases @(
        @{ algorithm = 'ECDH-ES' }
        @{ algorithm = 'RSA-OAEP-256' }
    ) {
        $encrypted = @(Invoke-PixieScript 'px.display(df)' -KeyAlgorithm $algorithm @connection)
        $encrypted.Count | Should -Be 8002
        ConvertTo-RowText $encrypted | Should -Be (ConvertTo-RowText $plain)
        $encrypted[0].body | Should -Be 'héllo'
        $encrypted[1].body | Should -Be "ab$([char]0xFFFD)c"
    }

    It 'decrypts batches that inflate to far more than 4 times their compressed size' {
        # 2,000 rows of the same 2,000-character text: each deflated batch is a few kilobytes for about 2 MB of rows,
        # past the buffer first taken for it, so that the inflated bytes are read across growing buffers.
        $text = -join (0..1999 | ForEach-Object { [char](97 + ($_ % 26)) })
        $scenario = @{
            apiKey = 'px-api-squeeze'; clusters = @(@{ id = $clusterId; name = 'squeeze'; status = 'CS_HEALTHY' }); batchSize = 1000
            tables = @(@{ name = 'same'; columns = @(@{ name = 'text'; type = 'STRING'; semanticType = 'ST_NONE'; generate = @{ values = @($text) } }, @{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }); generate = @{ count = 2000; seed = 3 } })
        }
        $squeeze = Start-VizierEmulator -Scenario $scenario
        try {
            $parameters = @{ ServerUrl = $squeeze.Url; ApiKey = (ConvertTo-SecureString $squeeze.ApiKey -AsPlainText -Force); ClusterId = $clusterId }
            $encrypted = @(Invoke-PixieScript 'px.display(df)' @parameters)
            $encrypted.Count | Should -Be 2000
            @($encrypted | Where-Object text -CNE $text).Count | Should -Be 0
            ConvertTo-RowText $encrypted | Should -Be (ConvertTo-RowText @(Invoke-PixieScript 'px.display(df)' -NoEncryption @parameters))
        }
        finally { Stop-VizierEmulator $squeeze }
    }
}

Describe 'Invoke-PixieScript encryption failures' {
    It 'stops at a batch whose authentication tag does not match, and passes no row on (<algorithm>)' -TestCases @(
        @{ algorithm = 'ECDH-ES' }
        @{ algorithm = 'RSA-OAEP-256' }
    ) {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript "#emulator: fault=bad-tag`npx.display(df)" -KeyAlgorithm $algorithm @connection | Measure-Object }
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

Describe 'a JWE made by another implementation: <algorithm>' -ForEach @(
    @{ algorithm = 'RSA-OAEP-256'; jweFile = 'batch.jwe'; keyFile = 'test-key.pem' }
    @{ algorithm = 'ECDH-ES'; jweFile = 'batch-ecdh-es.jwe'; keyFile = 'test-ec-key.pem' }
) {
    # Made once by Encryption/Interop/make_fixture.py beside the emulator's encryptor: the RSA-OAEP-256 one step by step
    # with Python's cryptography and zlib, the ECDH-ES one whole by jwcrypto, so that a mistake the module's decryptor
    # shares with the emulator's encryptor cannot pass unseen.
    BeforeAll {
        $interop = Join-Path $PSScriptRoot '../ChaosPixie.VizierEmulator/Encryption/Interop'
        $script:expected = Get-Content -Raw (Join-Path $interop 'batch.expected.json') | ConvertFrom-Json
        $script:jwe = [IO.File]::ReadAllBytes((Join-Path $interop $jweFile))
        $script:key = New-JweKey $algorithm (Get-Content -Raw (Join-Path $interop $keyFile))
        $script:batch = $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($jwe), $key, [long]1))
    }

    AfterAll {
        $key.Dispose()
    }

    It 'decrypts to the very payload, as jwx lays it out' {
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

    It 'refuses it for another key of the same algorithm, as a batch of this call' {
        $other = New-JweKey $algorithm $null
        try {
            $err = { $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($jwe), $other, [long]7)) } | Should -Throw -PassThru
            # RSA-OAEP cannot unwrap the key; an ECDH-ES key agrees on another content key, which the tag refuses.
            $err.Exception.InnerException.Message | Should -BeLike "Batch 7 of the result cannot be decrypted: $(if ($algorithm -eq 'ECDH-ES') { 'its authentication tag does not match' } else { 'its content key was not encrypted for this call''s public key' })*"
        }
        finally { $other.Dispose() }
    }

    It 'refuses it for a key of the other algorithm, naming both' {
        $other = New-JweKey $(if ($algorithm -eq 'ECDH-ES') { 'RSA-OAEP-256' } else { 'ECDH-ES' }) $null
        try {
            $err = { $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($jwe), $other, [long]2)) } | Should -Throw -PassThru
            $err.Exception.InnerException.Message | Should -BeLike "Batch 2 of the result cannot be decrypted: it uses alg '$algorithm', enc 'A256GCM' and zip 'DEF'; this request asked for $($other.Algorithm), A256GCM and DEF*"
        }
        finally { $other.Dispose() }
    }
}

Describe 'a JWE that is not what it should be' {
    # Sealed here step by step for a fresh RSA key (RFC 7516 with RSA-OAEP-256, A256GCM and raw DEFLATE), so that a
    # JWE can be made wrong in one way at a time.
    BeforeAll {
        $script:rsa = [Security.Cryptography.RSA]::Create(2048)
        $script:key = New-JweKey 'RSA-OAEP-256' $rsa.ExportRSAPrivateKeyPem()
        function script:ConvertTo-Base64Url([byte[]] $Bytes) { [Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        function script:New-Jwe([byte[]] $Payload, [switch] $PlusInCiphertext) {
            $deflated = [IO.MemoryStream]::new()
            $deflate = [IO.Compression.DeflateStream]::new($deflated, [IO.Compression.CompressionLevel]::Optimal, $true)
            $deflate.Write($Payload, 0, $Payload.Length)
            $deflate.Dispose()
            $plaintext = $deflated.ToArray()
            $header = ConvertTo-Base64Url ([Text.Encoding]::ASCII.GetBytes('{"alg":"RSA-OAEP-256","enc":"A256GCM","zip":"DEF"}'))
            $contentKey = [Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
            $iv = [Security.Cryptography.RandomNumberGenerator]::GetBytes(12)
            $ciphertext = [byte[]]::new($plaintext.Length)
            $tag = [byte[]]::new(16)
            $aes = [Security.Cryptography.AesGcm]::new($contentKey, 16)
            $aes.Encrypt($iv, $plaintext, $ciphertext, $tag, [Text.Encoding]::ASCII.GetBytes($header))
            $aes.Dispose()
            $encryptedKey = $rsa.Encrypt($contentKey, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
            $ciphertextText = ConvertTo-Base64Url $ciphertext
            # Standard base64's 62nd symbol, which base64url writes as '-'.
            if ($PlusInCiphertext) { $ciphertextText = '+' + $ciphertextText.Substring(1) }
            [Text.Encoding]::ASCII.GetBytes("$header.$(ConvertTo-Base64Url $encryptedKey).$(ConvertTo-Base64Url $iv).$ciphertextText.$(ConvertTo-Base64Url $tag)")
        }
        function script:Get-OpenError([byte[]] $Jwe) {
            try { $null = $open.Invoke($null, @([ReadOnlyMemory[byte]]::new($Jwe), $key, [long]3)) } catch { return $_.Exception.InnerException }
            throw 'Expected the batch to be refused.'
        }
    }

    AfterAll {
        $key.Dispose()
        $rsa.Dispose()
    }

    It 'opens a sealed row batch (the check that the JWEs below differ only in what each test makes wrong)' {
        $batch = $open.Invoke($null, @([ReadOnlyMemory[byte]]::new((New-Jwe ([byte[]](0x10, 0x2A)))), $key, [long]1))
        $batch.NumRows | Should -Be 42
    }

    It 'refuses a payload that inflates past 64 MB, the most a batch can hold' {
        # 65 MB of zeros deflate to about 64 KB: a bomb, not a batch.
        $jwe = New-Jwe ([byte[]]::new(65MB))
        $jwe.Length | Should -BeLessThan 200KB
        (Get-OpenError $jwe).Message | Should -BeLike 'Batch 3 of the result cannot be decrypted: its payload is larger than 64 MB, the most a batch can hold*'
    }

    It 'refuses a ciphertext with a symbol of standard base64, which base64url has not' {
        (Get-OpenError (New-Jwe ([byte[]](0x10, 0x2A)) -PlusInCiphertext)).Message | Should -BeLike 'Batch 3 of the result cannot be decrypted: its ciphertext is not base64url*'
    }
}

Describe 'chaospixie probes and encryption' {
    BeforeAll {
        # A chaostoolkit-pixie probe; configuration holds the cluster, the server and, when given, pixie_no_encryption or
        # pixie_key_algorithm.
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

    It 'asks for the key algorithm pixie_key_algorithm names: <value>' -TestCases @(
        @{ value = $null; keyAlg = 'ECDH-ES' }
        @{ value = 'RSA-OAEP-256'; keyAlg = 'RSA-OAEP-256' }
        @{ value = 'ecdh-es'; keyAlg = 'ECDH-ES' }
    ) {
        $marker = "# probe $(New-Guid)"
        $result = Invoke-ProbeExperiment $marker $(if ($value) { @{ pixie_key_algorithm = $value } } else { @{} })
        $result.Status | Should -Be 'completed'
        (Get-Request $marker)[0].body.encryptionOptions.keyAlg | Should -Be $keyAlg
    }

    It 'refuses a pixie_key_algorithm it does not know' {
        $marker = "# probe $(New-Guid)"
        $result = Invoke-ProbeExperiment $marker @{ pixie_key_algorithm = 'A128KW' }
        $result.Status | Should -Be 'failed'
        Get-Request $marker | Should -BeNullOrEmpty
    }

    It 'refuses a pixie_no_encryption that is not true or false' {
        $marker = "# probe $(New-Guid)"
        $result = Invoke-ProbeExperiment $marker @{ pixie_no_encryption = 'maybe' }
        # A steady-state probe that fails before the method fails the experiment.
        $result.Status | Should -Be 'failed'
        Get-Request $marker | Should -BeNullOrEmpty
    }
}
