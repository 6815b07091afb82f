# Invoke-PixieScript against the Vizier emulator: decoding, tables, faults, what goes on the wire, TLS, cancellation.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:clusterId = 'c0ffee00-1234-4abc-8def-0123456789ab'
    $script:types = New-TypesScenario -ApiKey 'px-api-types' -ClusterId $clusterId
    $script:emulator = Start-VizierEmulator -Scenario $types -Record
    $script:key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = $key; ClusterId = $clusterId }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Invoke-PixieScript decoding' {
    BeforeAll {
        $script:rows = @(Invoke-PixieScript 'px.display(df, "all_types")' -TableName all_types @connection)
    }

    It 'returns one object per row' {
        $rows.Count | Should -Be 2
    }

    It 'types rows as ChaosPixie.PixieRow and as a row of their table' {
        $rows[0].PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieRow'
        $rows[0].PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieRow#all_types'
    }

    It 'decodes BOOLEAN, INT64 and FLOAT64 as Boolean, Int64 and Double' {
        $rows[0].ok | Should -BeOfType [bool]
        $rows[0].ok | Should -BeTrue
        $rows[1].ok | Should -BeFalse
        $rows[1].count | Should -BeOfType [long]
        $rows[1].count | Should -Be -7
        $rows[0].ratio | Should -BeOfType [double]
        $rows[1].ratio | Should -Be -0.25
    }

    It 'keeps durations as nanosecond numbers' {
        $rows[0].latency | Should -Be 5000000000
        $rows[0].latency | Should -BeOfType [long]
    }

    It 'decodes TIME64NS as a PixieTime: exact Unix nanoseconds, ISO 8601 UTC as text' {
        $rows[0].time_.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.PixieTime'
        $rows[0].time_.UnixNanoseconds | Should -Be 1690000000123456789
        "$($rows[0].time_)" | Should -BeExactly '2023-07-22T04:26:40.123456789Z'
        $rows[0].time_.ToDateTimeOffset().ToString('o') | Should -Be '2023-07-22T04:26:40.1234567+00:00'
        $rows[1].time_ -eq [DateTimeOffset]::UnixEpoch | Should -BeTrue
    }

    It 'decodes UINT128 as a Guid, high half then low half, big-endian' {
        $rows[0].upid | Should -BeOfType [guid]
        $rows[0].upid | Should -Be ([guid] '00112233-4455-6677-8899-aabbccddeeff')
        $rows[1].upid | Should -Be ([guid] 'ffffffff-0000-0000-0000-000000000001')
    }

    It 'decodes STRING as UTF-8 and replaces invalid bytes instead of failing' {
        $rows[0].body | Should -BeExactly 'héllo'
        $rows[1].body | Should -BeExactly "ab$([char]0xFFFD)c"
    }

    It 'parses quantiles columns into P01..P99' {
        $rows[0].latency_q.P50 | Should -Be 4
        $rows[0].latency_q.P99 | Should -Be 7000000
        $rows[0].latency_q.PSObject.Properties.Name | Should -Be @('P01', 'P10', 'P25', 'P50', 'P75', 'P90', 'P99')
    }

    It 'keeps the relation with the rows' {
        $table = $rows[0].GetTable()
        $table.Name | Should -Be 'all_types'
        ($table.Columns | Where-Object Name -EQ latency).SemanticType | Should -Be 'DurationNS'
        ($table.Columns | Where-Object Name -EQ latency_q).IsQuantiles | Should -BeTrue
        $table.Columns.Name | Should -Be @('ok', 'count', 'latency', 'ratio', 'time_', 'upid', 'body', 'latency_q')
    }

    It 'works with Where-Object and Sort-Object' {
        @($rows | Where-Object latency -GT 1e9).Count | Should -Be 1
        ($rows | Sort-Object count)[0].count | Should -Be -7
    }
}

Describe 'Invoke-PixieScript default view' {
    BeforeAll {
        $script:rows = Invoke-PixieScript 'px.display(df)' -TableName all_types @connection
    }

    It 'shows rows as a table under a header per table, with units: ms, percentages, UTC times' {
        $text = $rows | Out-String -Width 300
        $text | Should -Match '(?m)^Table: all_types$'
        $text | Should -Match '(?m)^ok +count +latency +ratio +time_ +upid +body +latency_q$'
        $line = ($text -split '\r?\n') -match '^True '
        $line | Should -HaveCount 1
        $line[0] | Should -Match '^True +42 +5000 ms +150\.00 % +2023-07-22 04:26:40\.123Z +00112233-4455-6677-8899-aabbccddeeff +héllo +p50 0 ms, p99 7 ms$'
    }

    It 'starts a new header when the table changes' {
        $text = @($rows) + @(Invoke-PixieScript 'px.display(df)' -TableName third @connection | Select-Object -First 3) | Out-String -Width 300
        ([regex]::Matches($text, '(?m)^Table: ')).Count | Should -Be 2
    }

    It 'keeps Pixie''s raw values on the rows for Where-Object, Select-Object and comparisons' {
        $rows[0].latency | Should -BeExactly 5000000000
        $rows[0].ratio | Should -Be 1.5
        $rows[0].time_.UnixNanoseconds | Should -BeExactly 1690000000123456789
        @($rows | Where-Object latency -GT 1e9).Count | Should -Be 1
        ($rows | Select-Object -First 1 -Property latency).latency | Should -BeExactly 5000000000
    }
}

Describe 'Invoke-PixieScript tables' {
    It 'returns every table of the script by default, all their rows' {
        $all = Invoke-PixieScript 'px.display(df)' @connection
        $counts = $all | Group-Object { $_.GetTable().Name } -AsHashTable
        $counts['all_types'].Count | Should -Be 2
        $counts['second'].Count | Should -Be 5000
        $counts['third'].Count | Should -Be 3000
    }

    It 'returns only the tables named by -TableName' {
        $rows = Invoke-PixieScript 'px.display(df)' -TableName second, third @connection
        ($rows | ForEach-Object { $_.GetTable().Name } | Sort-Object -Unique) | Should -Be @('second', 'third')
        $rows.Count | Should -Be 8000
    }

    It 'reports a -TableName the script does not produce, with the names it does produce' {
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -TableName nope @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -BeLike "*'nope'*'all_types'*'second'*'third'*"
    }

    It 'runs the scripts of Get-PixieScriptFile objects from the pipeline' {
        $file = Join-Path $TestDrive 'let.pxl'
        Set-Content $file 'px.display(df, "third")'
        $rows = Get-PixieScriptFile $file | Invoke-PixieScript -TableName third @connection
        $rows.Count | Should -Be 3000
    }
}

Describe 'Invoke-PixieScript failures' {
    It 'shows a compile error with its line, column, source line and a caret' {
        $script = "import px`ndf = px.DataFrame(tabel='http_events')`n#emulator: fault=compile-error line=2 column=6 message=""unexpected keyword argument 'tabel'"""
        $err = Get-ErrorRecord { Invoke-PixieScript $script @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieCompilationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be ([guid] $clusterId)
        $lines = $err.Exception.Message -split "`n"
        $lines[1] | Should -Be "PxL, line 2, column 6: unexpected keyword argument 'tabel'"
        $lines[2] | Should -Be "    df = px.DataFrame(tabel='http_events')"
        $lines[3] | Should -Be '         ^'
    }

    It 'puts the caret under the column in the default error view (ConciseView), at the prompt and in a script file' {
        Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1')
        $script = Join-Path $TestDrive 'compile.ps1'
        @"
`$PSStyle.OutputRendering = 'PlainText'
`$ErrorView = 'ConciseView'
Import-Module ChaosPixie
`$key = ConvertTo-SecureString '$($emulator.ApiKey)' -AsPlainText -Force
Invoke-PixieScript "import px``ndf = px.DataFrame(tabel='http_events')``n#emulator: fault=compile-error line=2 column=6 message=x" -ServerUrl '$($emulator.Url)' -ApiKey `$key -ClusterId '$clusterId'
"@ | Set-Content $script
        $fromFile = (Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $script 2>&1 | ForEach-Object { "$_" }) -join "`n"
        $atPrompt = (Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', ". { $(Get-Content -Raw $script) }" 2>&1 | ForEach-Object { "$_" }) -join "`n"
        foreach ($shown in $fromFile, $atPrompt) {
            $shown | Should -Match "PxL, line 2, column 6: x"
            $shown | Should -Match "(?m)^    df = px\.DataFrame\(tabel='http_events'\)\r?\n         \^\s*$"
        }
    }

    It 'reports a runtime error status from the cluster' {
        $err = Get-ErrorRecord { Invoke-PixieScript "#emulator: fault=runtime-error code=13 message=""Kelvin ran out of memory""" @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieExecutionFailed,*'
        $err.Exception.Message | Should -BeLike '*Kelvin ran out of memory*'
    }

    It 'reports a refused key as an authentication error that says what to do' {
        $wrong = ConvertTo-SecureString 'px-api-wrong' -AsPlainText -Force
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $wrong -ClusterId $clusterId }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieAuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*px-api-*'
        $err.Exception.Message | Should -Not -BeLike '*px-api-wrong*'
    }

    It 'stops the pipeline when the stream is cut mid-table, so nothing downstream sees a partial result' {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript '#emulator: fault=cut' @connection | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieConnectionReset,*'
        $measured | Should -BeNullOrEmpty
    }

    It 'reports <what> as the server ending the call, not as a cancel' -TestCases @(
        @{ what = 'an RST_STREAM with CANCEL'; fault = 'reset' }
        @{ what = 'an RST_STREAM with REFUSED_STREAM'; fault = 'reset code=7' }
        @{ what = 'a GOAWAY and a dropped connection'; fault = 'goaway' }
    ) {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript "#emulator: fault=$fault" @connection | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieConnectionReset,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike "Pixie at $($emulator.Url), or a proxy in between, ended the call before the result was complete*"
        $err.Exception.Message | Should -Not -BeLike '*cancelled*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike 'Run the script again*proxy or ingress*'
        $measured | Should -BeNullOrEmpty
    }

    It 'reports a table that never reached its end of stream' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=missing-eos' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.CategoryInfo.Category | Should -Be 'ProtocolError'
        $err.Exception.Message | Should -BeLike '*ended before the end of table*'
    }

    It 'reports a batch for a table no metadata announced' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=unknown-table' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.Exception.Message | Should -BeLike '*no metadata announced*'
    }

    It 'reports an unhealthy cluster as a connection error' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=unavailable' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieUnavailable,*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'waits for a slow server within the deadline' {
        $rows = Invoke-PixieScript "#emulator: fault=delay ms=300`npx.display(df)" -TableName all_types -TimeoutSec 30 @connection
        $rows.Count | Should -Be 2
    }

    It 'gives up at -TimeoutSec with a timeout error' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=hang' -TimeoutSec 1 @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieTimeout,*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -BeLike '*1 s*'
    }

    It 'gives up at -TimeoutSec on a server that stalls after some rows, and passes none of them on' {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript '#emulator: fault=stall' -TimeoutSec 1 @connection | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieTimeout,*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $measured | Should -BeNullOrEmpty
    }

    It 'waits 300 s by default, and without limit with -TimeoutSec 0, and says so' {
        $default = Invoke-PixieScript 'px.display(df)' -TableName all_types -Verbose @connection 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $default[0].Message | Should -BeLike '*, waiting up to 300 s (-TimeoutSec).'
        $output = Invoke-PixieScript "#emulator: fault=delay ms=300`npx.display(df)" -TableName all_types -TimeoutSec 0 -Verbose @connection 4>&1
        $output[0].Message | Should -BeLike '*, waiting without a time limit (-TimeoutSec 0).'
        @($output | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Count | Should -Be 2
    }

    It 'never shows the API key that a server echoes in <where>' -TestCases @(
        @{ where = 'its status message'; fault = 'echo-key' }
        @{ where = 'its trailers'; fault = 'echo-key in=trailer' }
    ) {
        $err = Get-ErrorRecord { Invoke-PixieScript "#emulator: fault=$fault" @connection }
        $err.Exception.Message | Should -BeLike "*token '``*``*``*' is not allowed*"
        $text = ($err | Format-List * -Force | Out-String) + ($err.Exception | Format-List * -Force | Out-String)
        for ($e = $err.Exception; $e; $e = $e.InnerException) { $text += $e.Message + $e.ToString() }
        $text | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }

    It 'rejects a cluster id that is not a UUID before calling Pixie' {
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId 'prod' }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieConfigurationMissing,*'
        $err.Exception.Message | Should -BeLike "*'prod' is not a UUID*"
    }
}

Describe 'Invoke-PixieScript against a server that breaks the protocol' {
    It 'rejects a batch whose num_rows is <value> while its columns hold 2 values, and passes no row on' -TestCases @(
        @{ value = -1; says = 'num_rows is -1' }
        @{ value = 0; says = "column 'ok' has 2 values in a batch whose num_rows is 0" }
        @{ value = 5; says = "column 'ok' has 2 values in a batch whose num_rows is 5" }
        @{ value = 3000000000; says = 'num_rows is 3,000,000,000' }
    ) {
        $measured = $null
        $err = Get-ErrorRecord { $script:measured = Invoke-PixieScript "#emulator: fault=num-rows value=$value" @connection | Measure-Object }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.CategoryInfo.Category | Should -Be 'ProtocolError'
        $err.Exception.Message | Should -BeLike "Pixie sent a malformed batch for table 'all_types': $says.*"
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*Pixie server or of a proxy*'
        $measured | Should -BeNullOrEmpty
    }

    It 'gives no verdict when a batch says it is empty but holds rows' {
        $verdict = $null
        $err = Get-ErrorRecord { $script:verdict = Invoke-PixieScript '#emulator: fault=num-rows value=0' @connection | Test-PercentileBelow count 100 }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $verdict | Should -BeNullOrEmpty
    }

    It 'rejects a column shorter than its batch' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=column-length' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.Exception.Message | Should -BeLike "*column 'ok' has 0 values in a batch whose num_rows is 2*"
    }

    It 'rejects a table announced again with another relation' {
        $err = Get-ErrorRecord { Invoke-PixieScript '#emulator: fault=relation-change' @connection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieProtocolError,*'
        $err.Exception.Message | Should -BeLike "Pixie announced table 'all_types' twice with different relations (ok Boolean, count Int64, *, then ok Int64, count Int64, *)."
    }

    It 'takes a table name of 5,000 characters: the name stays whole, the type name is made safe' {
        $rows = @(Invoke-PixieScript '#emulator: fault=long-table-name length=5000' -TableName second @connection)
        $long = @(Invoke-PixieScript '#emulator: fault=long-table-name length=5000' @connection | Where-Object { $_.GetTable().Name.Length -eq 5000 })
        $rows.Count | Should -Be 5000
        $long.Count | Should -Be 2
        $long[0].GetTable().Name | Should -BeLike 'all_types-é `[x`],-é*'
        $type = $long[0].GetType().FullName
        $type | Should -Match '^ChaosPixie\.PixieRow#all_types-___x__-_{3}x.*~[0-9a-f]{8}$'
        $type.Length | Should -BeLessThan 200
        $long[0].PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieRow'
        $long[0].count | Should -Be 42
        ($long | Format-Table | Out-String) | Should -BeLike '*42*'
    }

    It 'names a column that Pixie sent without a name after its position, with a warning' {
        $rows = @(Invoke-PixieScript '#emulator: fault=empty-column-name' -TableName all_types -WarningVariable warnings -WarningAction SilentlyContinue @connection)
        $rows[0].column_1 | Should -BeTrue
        $rows[0].GetTable().Columns[0].Name | Should -Be 'column_1'
        $rows[0].GetTable().Columns[0].SourceName | Should -Be ''
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Be "Table 'all_types' has a column without a name: its property is 'column_1'."
    }

    It 'keeps both columns of a duplicated name, the second with the suffix _2, with a warning' {
        $rows = @(Invoke-PixieScript '#emulator: fault=duplicate-column-name' -TableName all_types -WarningVariable warnings -WarningAction SilentlyContinue @connection)
        $rows[0].ok | Should -BeTrue
        $rows[0].ok_2 | Should -Be 42
        $rows[0].GetValue(1) | Should -Be 42
        $rows[0].GetTable().Columns[1].SourceName | Should -Be 'ok'
        @($rows | Where-Object ok_2 -LT 0).Length | Should -Be 1
        ($rows | Select-Object ok, ok_2)[1].ok_2 | Should -Be -7
        $warnings[0].Message | Should -BeLike "Table 'all_types': column 'ok' is the property 'ok_2'*"
    }

    It 'gives every one of 300 distinct relations its own row type' {
        $rows = @(Invoke-PixieScript '#emulator: fault=many-tables count=300' @connection)
        $rows.Count | Should -Be 300
        @($rows | ForEach-Object { $_.GetType() } | Select-Object -Unique).Count | Should -Be 300
        $rows[299].c300 | Should -Be 300
        $rows[299].PSObject.TypeNames[0] | Should -Be 'ChaosPixie.PixieRow#t300'
    }
}

Describe 'Invoke-PixieScript on the wire' {
    It 'sends the key, the client name, the script and the cluster id as pxapi does' {
        $marker = "# request $(New-Guid)"
        $null = Invoke-PixieScript "$marker`npx.display(df)" -TableName all_types @connection
        $request = Get-VizierEmulatorRequest $emulator | Where-Object { $_.body.queryStr -like "$marker*" }
        @($request).Count | Should -Be 1
        $request.method | Should -Be '/px.api.vizierpb.VizierService/ExecuteScript'
        $request.metadata.'pixie-api-key' | Should -Be $emulator.ApiKey
        $request.metadata.'pixie-api-client' | Should -Be 'powershell'
        $request.metadata.PSObject.Properties.Name | Should -Not -Contain 'referer'
        $request.body.clusterId | Should -Be $clusterId
        $request.body.PSObject.Properties.Name | Should -Not -Contain 'mutation'
        $request.body.encryptionOptions.keyAlg | Should -Be 'ECDH-ES'
    }
}

Describe 'Invoke-PixieScript verbose output' {
    It 'says what ran where, and what the cluster reported about the query, without the key' {
        $verbose = Invoke-PixieScript 'px.display(df)' -TableName all_types -Verbose @connection 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $verbose[0].Message | Should -BeLike "Running a PxL script (14 characters) on cluster $clusterId at $($emulator.Url)*"
        $verbose[-1].Message | Should -BeLike 'Received 2 rows of all_types in * s (query *); the cluster compiled it in * ms, ran it in * ms and processed * records (* bytes).'
        ($verbose.Message -join "`n") | Should -Not -BeLike "*$($emulator.ApiKey)*"
    }
}

Describe 'Invoke-PixieScript settings' {
    BeforeEach {
        $script:saved = @{ key = $env:PIXIE_API_KEY; cluster = $env:PIXIE_CLUSTER_ID; server = $env:PIXIE_SERVER_URL }
    }

    AfterEach {
        $env:PIXIE_API_KEY = $saved.key; $env:PIXIE_CLUSTER_ID = $saved.cluster; $env:PIXIE_SERVER_URL = $saved.server
    }

    It 'takes the key, cluster and server from PIXIE_API_KEY, PIXIE_CLUSTER_ID and PIXIE_SERVER_URL' {
        $env:PIXIE_API_KEY = $emulator.ApiKey; $env:PIXIE_CLUSTER_ID = $clusterId; $env:PIXIE_SERVER_URL = $emulator.Url
        (Invoke-PixieScript 'px.display(df)' -TableName all_types).Count | Should -Be 2
    }

    It 'prefers a parameter over the environment' {
        $env:PIXIE_API_KEY = 'px-api-wrong'; $env:PIXIE_CLUSTER_ID = $clusterId; $env:PIXIE_SERVER_URL = $emulator.Url
        (Invoke-PixieScript 'px.display(df)' -TableName all_types -ApiKey $key).Count | Should -Be 2
    }

    It 'says where a missing key can come from' {
        $env:PIXIE_API_KEY = $null
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ClusterId $clusterId }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieConfigurationMissing,*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*-ApiKey*Connect-Pixie*PIXIE_API_KEY*'
    }
}

Describe 'Invoke-PixieScript over TLS' {
    BeforeAll {
        $script:tls = Start-VizierEmulator -Scenario $types -Tls
        $script:tlsConnection = @{ ServerUrl = $tls.Url; ApiKey = $key; ClusterId = $clusterId; TableName = 'all_types' }
    }

    AfterAll {
        Stop-VizierEmulator $tls
    }

    It 'verifies the certificate by default and refuses an untrusted one' {
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' @tlsConnection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieTlsFailed,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*-CertificateAuthorityPath*'
        $err.Exception.Message | Should -Not -BeLike '*speak TLS*'
    }

    It 'trusts a server whose certificate chains to -CertificateAuthorityPath' {
        (Invoke-PixieScript 'px.display(df)' -CertificateAuthorityPath $tls.CaCertificatePath @tlsConnection).Count | Should -Be 2
    }

    It 'still checks the host name against a trusted authority' {
        $byAddress = @{} + $tlsConnection
        $byAddress.ServerUrl = $tls.Url -replace 'localhost', '127.0.0.2'
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -CertificateAuthorityPath $tls.CaCertificatePath @byAddress }
        $err.FullyQualifiedErrorId | Should -BeLike 'Pixie*,*'
    }

    It 'skips verification only when asked to' {
        (Invoke-PixieScript 'px.display(df)' -SkipCertificateCheck @tlsConnection).Count | Should -Be 2
    }

    It 'reports a -CertificateAuthorityPath that does not exist, with the path as target' {
        $missing = Join-Path $TestDrive 'missing-ca.pem'
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -CertificateAuthorityPath $missing @tlsConnection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieCertificateAuthorityNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $missing
    }

    It 'reports a -CertificateAuthorityPath that holds no PEM certificate, with the path as target' {
        $notPem = Join-Path $TestDrive 'not-a-ca.pem'
        Set-Content $notPem 'hello'
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' -CertificateAuthorityPath $notPem @tlsConnection }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieCertificateAuthorityInvalid,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.TargetObject | Should -Be $notPem
    }

    It 'says an http:// URL points at a TLS server' {
        $http = @{} + $tlsConnection
        $http.ServerUrl = $tls.Url -replace '^https://', 'http://'
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' @http }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieTlsFailed,*'
        $err.Exception.Message | Should -BeLike '*speaks TLS: use https://*'
        $err.Exception.Message | Should -Not -BeLike '*HttpIOException*'
    }

    It 'says an https:// URL points at a plaintext server, instead of blaming the certificate authority' {
        $https = @{ ServerUrl = $emulator.Url -replace '^http://', 'https://'; ApiKey = $key; ClusterId = $clusterId; TableName = 'all_types' }
        $err = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' @https }
        $err.FullyQualifiedErrorId | Should -BeLike 'PixieTlsFailed,*'
        $err.Exception.Message | Should -BeLike '*does not speak TLS: use http:// or check the port*'
        $err.ErrorDetails.RecommendedAction | Should -Not -BeLike '*-CertificateAuthorityPath*'
    }
}

Describe 'Invoke-PixieScript cancellation and progress' {
    It 'cancels a call that hangs when the pipeline is stopped, as Ctrl+C does' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($connection)
                    Import-Module ChaosPixie
                    Invoke-PixieScript '#emulator: fault=hang' @connection
                }).AddArgument($connection)
            $async = $ps.BeginInvoke()
            while ($ps.InvocationStateInfo.State -eq 'NotStarted') { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 500
            # Bounded, so that a call that ignores the stop fails the test instead of hanging the suite.
            $stopping = $ps.BeginStop($null, $null)
            $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(20)) | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $async.IsCompleted | Should -BeTrue
        }
        finally { $ps.Dispose() }
    }

    It 'reports the rows received as progress' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($connection)
                    Import-Module ChaosPixie
                    Invoke-PixieScript 'px.display(df)' @connection | Out-Null
                }).AddArgument($connection)
            $null = $ps.Invoke()
            $last = $ps.Streams.Progress | Select-Object -Last 1
            $last.RecordType | Should -Be 'Completed'
            $last.StatusDescription | Should -Be '8,002 rows received'
        }
        finally { $ps.Dispose() }
    }
}
