# Export-PixieResult and Import-PixieResult: evidence files written from the Vizier emulator's stream and read back as
# the same rows, relations and verdicts; files cut short, altered or of another kind; exports of partial results.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:clusterId = '00112233-4455-6677-8899-aabbccddeeff'
    # Every data type, a renamed column (two 'n'), a quantiles column (one value unparseable: null), NaN and infinity,
    # a time with nanoseconds, bytes that are not UTF-8; then windows of five services before and after carts slows.
    $random = [Random]::new(11)
    $phase = {
        param([double] $CartsFactor)
        $rows = foreach ($window in 0..29) {
            foreach ($service in 'carts', 'catalogue', 'orders', 'payment', 'user') {
                $factor = if ($service -eq 'carts') { $CartsFactor } else { 1 }
                , @((1690000000000000000 + $window * 10000000000 + 123456789), "px-sock-shop/$service", [long](40e6 * $factor * (0.9 + 0.2 * $random.NextDouble())), (0.001 * $random.NextDouble()))
            }
        }
        @{ tables = @(
                @{
                    name    = 'all_types'
                    columns = @(
                        @{ name = 'ok'; type = 'BOOLEAN'; semanticType = 'ST_NONE' }
                        @{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }
                        @{ name = 'N'; type = 'FLOAT64'; semanticType = 'ST_NONE' }
                        @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                        @{ name = 'upid'; type = 'UINT128'; semanticType = 'ST_UPID' }
                        @{ name = 'body'; type = 'STRING'; semanticType = 'ST_NONE' }
                        @{ name = 'latency'; type = 'STRING'; semanticType = 'ST_DURATION_NS_QUANTILES' }
                    )
                    rows    = @(
                        , @($true, 9007199254740993, 0.1, 1690000000123456789, '00112233-4455-6677-8899-aabbccddeeff', 'héllo "world"', '{"p01":1,"p10":2,"p25":3,"p50":4,"p75":5,"p90":6,"p99":7000000}')
                        , @($false, -7, 'NaN', 0, 'ffffffff-0000-0000-0000-000000000001', @{ base64 = 'YWL/Yw==' }, 'not quantiles')
                        , @($true, [long]::MinValue, '-Infinity', 1690000000000000001, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '', '{"p50":1.5}')
                    )
                }
                @{
                    name    = 'output'
                    columns = @(
                        @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                        @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }
                        @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                        @{ name = 'error_rate'; type = 'FLOAT64'; semanticType = 'ST_PERCENT' }
                    )
                    rows    = @($rows)
                }
                @{ name = 'empty'; columns = @(@{ name = 'x'; type = 'INT64'; semanticType = 'ST_NONE' }); rows = @() }
            )
        }
    }
    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey   = 'px-api-evidence'
        clusters = @(@{ id = $clusterId; name = 'evidence'; status = 'CS_HEALTHY' })
        phases   = @((& $phase 1), (& $phase 1.6))
    }
    $key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
    # The relation renames its second 'n' (N_2): Invoke-PixieScript warns once per call.
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = $key; ClusterId = $clusterId; WarningAction = 'SilentlyContinue' }
    $script:folder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "evidence-$([guid]::NewGuid().ToString('N'))")
    $script:beforePath = Join-Path $folder 'before.pxevidence.jsonl'
    $script:afterPath = Join-Path $folder 'after.pxevidence.jsonl.gz'
    $script:before = @(Invoke-PixieScript 'px.display(df)' @connection | Export-PixieResult -Path $beforePath -PassThru)
    $script:after = @(Invoke-PixieScript 'px.display(df)' @connection | Export-PixieResult -Path $afterPath -PassThru)

    function script:Get-ErrorRecord([scriptblock] $Action) {
        try { & $Action | Out-Null } catch { return $_ }
        throw 'Expected a terminating error, got none.'
    }

    # Every property of every row as text, exact: the round trip must change nothing.
    function script:ConvertTo-RowText($Rows) {
        foreach ($row in $Rows) {
            $table = $row.GetTable()
            $values = for ($i = 0; $i -lt $table.Columns.Count; $i++) {
                $value = $row.GetValue($i)
                if ($value -is [double]) { $value.ToString('R', [cultureinfo]::InvariantCulture) }
                elseif ($value -and $value.GetType().Name -eq 'PixieTime') { $value.UnixNanoseconds }
                elseif ($value -and $value.GetType().Name -eq 'PixieQuantiles') { ($value.P01, $value.P10, $value.P25, $value.P50, $value.P75, $value.P90, $value.P99) -join '/' }
                else { "$value" }
            }
            "$($row.GetType().FullName)|$($values -join '|')"
        }
    }

    # The lines of an evidence file, changed by a script block, written to a new file.
    function script:Copy-Evidence([string] $Name, [scriptblock] $Change) {
        $lines = [Collections.Generic.List[string]] [IO.File]::ReadAllLines($beforePath)
        & $Change $lines
        $path = Join-Path $folder $Name
        [IO.File]::WriteAllText($path, (($lines -join "`n") + "`n"))
        $path
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
}

Describe 'Export-PixieResult' {
    It 'passes every row on with -PassThru and writes nothing to the pipeline without it' {
        $before.Count | Should -Be 153
        $before[0].PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieRow#all_types'
        $quiet = Invoke-PixieScript 'px.display(df)' @connection -TableName all_types | Export-PixieResult -Path (Join-Path $folder 'quiet.pxevidence.jsonl')
        $quiet | Should -BeNullOrEmpty
    }

    It 'writes the query, each relation with semantic types, exact nanosecond times and the end of each table, as JSON Lines' {
        $records = Get-Content -LiteralPath $beforePath | ConvertFrom-Json -AsHashtable
        $records[0]._kind | Should -Be 'header'
        $records[0].format_version | Should -Be 1
        $query = $records[1]
        $query._kind | Should -Be 'query'
        $query.cluster_id | Should -Be $clusterId
        $query.script | Should -Be 'px.display(df)'
        $query.script_sha256 | Should -Be ([Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes('px.display(df)'))).ToLowerInvariant())
        $query.query_id | Should -Not -BeNullOrEmpty
        $table = $records | Where-Object { $_._kind -eq 'table' -and $_.name -eq 'all_types' }
        $table.columns.name | Should -Be 'ok', 'n', 'N', 'time_', 'upid', 'body', 'latency'
        $table.columns.semantic_type | Should -Contain 'ST_DURATION_NS_QUANTILES'
        $rows = @($records | Where-Object { $_._tableName_ -eq 'all_types' })
        $rows[0].time_ | Should -Be 1690000000123456789
        $rows[0].n | Should -Be 9007199254740993
        $rows[0].N_2 | Should -Be 0.1
        $rows[1].N_2 | Should -Be 'NaN'
        # A value that is not Pixie's quantiles JSON stays its text, as the live row keeps it.
        $rows[1].latency | Should -Be 'not quantiles'
        $rows[2].N_2 | Should -Be '-Infinity'
        ($records | Where-Object { $_._kind -eq 'eos' }).rows | Should -Be 3, 150, 0
        $records[-1]._kind | Should -Be 'end'
        $records[-1].rows | Should -Be 153
    }

    It 'leaves no file when the rows stop before the result ends' {
        $path = Join-Path $folder 'first.pxevidence.jsonl'
        $record = Get-ErrorRecord { Invoke-PixieScript 'px.display(df)' @connection | Select-Object -First 3 | Export-PixieResult -Path $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceIncompleteResult,*'
        $record.Exception.Message | Should -Match 'did not end'
        Test-Path -LiteralPath $path | Should -BeFalse
        Get-ChildItem -LiteralPath $folder -Force -Filter '*.partial' | Should -BeNullOrEmpty
    }

    It 'refuses objects that are not Pixie rows, naming their type, and leaves no file' {
        $path = Join-Path $folder 'custom.pxevidence.jsonl'
        $record = Get-ErrorRecord { $before[0..2] | Select-Object n, ok | Export-PixieResult -Path $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceInputNotPixieRow,*'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'PSCustomObject'
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'refuses to replace a file with -NoClobber, and writes nothing with -WhatIf' {
        $record = Get-ErrorRecord { $before | Export-PixieResult -Path $beforePath -NoClobber }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceOutputFailed,*'
        $whatIf = Join-Path $folder 'whatif.pxevidence.jsonl'
        $before | Export-PixieResult -Path $whatIf -WhatIf
        Test-Path -LiteralPath $whatIf | Should -BeFalse
    }

    It 'refuses the rows of an earlier query after those of a later one' {
        $record = Get-ErrorRecord { @($after[0]) + @($before[0]) + @($after[1]) | Export-PixieResult -Path (Join-Path $folder 'mixed.pxevidence.jsonl') }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceQueryOrder,*'
    }
}

Describe 'Import-PixieResult' {
    BeforeAll {
        $script:beforeBack = @(Import-PixieResult -Path $beforePath)
        $script:afterBack = @(Get-Item -LiteralPath $afterPath | Import-PixieResult)
    }

    It 'gives back identical rows of the same row types, from plain and compressed files' {
        ConvertTo-RowText $beforeBack | Should -Be (ConvertTo-RowText $before)
        ConvertTo-RowText $afterBack | Should -Be (ConvertTo-RowText $after)
        $beforeBack[0].GetType() | Should -Be $before[0].GetType()
        $beforeBack[0].PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieRow#all_types'
        $beforeBack[0].N_2 | Should -Be 0.1
    }

    It 'gives back the relation and the query' {
        $live = $before[0].GetTable()
        $back = $beforeBack[0].GetTable()
        $back.Name | Should -Be $live.Name
        ($back.Columns | ForEach-Object { "$($_.Name) $($_.SourceName) $($_.DataType) $($_.SemanticType)" }) |
            Should -Be ($live.Columns | ForEach-Object { "$($_.Name) $($_.SourceName) $($_.DataType) $($_.SemanticType)" })
        $back.Query.Script | Should -Be 'px.display(df)'
        $back.Query.ClusterId | Should -Be $clusterId
        $back.Query.QueryId | Should -Be $live.Query.QueryId
        $back.Query.Tables.Name | Should -Be 'all_types', 'output', 'empty'
        $back.Query.IsComplete | Should -BeTrue
    }

    It 'gives the same verdicts as the live rows: Test-PercentileBelow -Unit and Compare-SteadyState -GroupBy' {
        $live = $after | Test-PercentileBelow latency_p99 50 -Unit Milliseconds -GroupBy service -Detailed
        $back = $afterBack | Test-PercentileBelow latency_p99 50 -Unit Milliseconds -GroupBy service -Detailed
        $back.Verdict | Should -Be $live.Verdict
        $back.Passed | Should -BeFalse
        $back.Explanation | Should -Be $live.Explanation
        $compareLive = $after | Compare-SteadyState -Baseline $before -Column latency_p99 -Unit Milliseconds -GroupBy service
        $compareBack = $afterBack | Compare-SteadyState -Baseline $beforeBack -Column latency_p99 -Unit Milliseconds -GroupBy service
        $compareBack.Verdict | Should -Be $compareLive.Verdict
        $compareBack.FailedGroups | Should -Be 'px-sock-shop/carts'
        ($compareBack.Groups | ForEach-Object { "$($_.Group) $($_.Verdict) $($_.PValue)" }) | Should -Be ($compareLive.Groups | ForEach-Object { "$($_.Group) $($_.Verdict) $($_.PValue)" })
    }

    It 'shows the rows as the live ones in the default view' {
        ($beforeBack | Out-String) | Should -Be ($before | Out-String)
    }

    It 'writes again, line for line, the file it read' {
        $again = Join-Path $folder 'again.pxevidence.jsonl'
        Import-PixieResult $beforePath | Export-PixieResult -Path $again
        $original = [IO.File]::ReadAllLines($beforePath)
        $copy = [IO.File]::ReadAllLines($again)
        # The header's creation time, and so the digest, differ; every other line is the same.
        $copy[1..($copy.Count - 2)] | Should -Be $original[1..($original.Count - 2)]
    }

    It 'reports a file cut short at a line end, naming the line after the last, and judges nothing' {
        $path = Copy-Evidence 'cut.pxevidence.jsonl' { param($lines) $lines.RemoveRange($lines.Count - 5, 5) }
        $lineCount = [IO.File]::ReadAllLines($path).Count
        $verdicts = $null
        $record = Get-ErrorRecord { $script:verdicts = Import-PixieResult $path | Test-PercentileBelow latency_p99 500 -Unit Milliseconds }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceTruncated,*'
        $record.Exception.Message | Should -Match "ends after line $lineCount without its end record"
        $record.Exception.InnerException.Line | Should -Be ($lineCount + 1)
        $verdicts | Should -BeNullOrEmpty
    }

    It 'reports a file cut in the middle of a line, naming it' {
        $path = Copy-Evidence 'cut-mid.pxevidence.jsonl' { param($lines) }
        $bytes = [IO.File]::ReadAllBytes($path)
        [IO.File]::WriteAllBytes($path, $bytes[0..($bytes.Length - 40)])
        $lineCount = [IO.File]::ReadAllLines($path).Count
        $record = Get-ErrorRecord { Import-PixieResult $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceTruncated,*'
        $record.Exception.Message | Should -Match "line $lineCount stops in the middle of its JSON"
    }

    It 'reports a changed value through the digest, naming the end record' {
        $path = Copy-Evidence 'changed.pxevidence.jsonl' { param($lines)
            $i = $lines.FindIndex({ param($l) $l -like '*px-sock-shop/carts*' })
            $lines[$i] = $lines[$i] -replace '"latency_p99":\d+', '"latency_p99":1000'
        }
        $lineCount = [IO.File]::ReadAllLines($path).Count
        $record = Get-ErrorRecord { Import-PixieResult $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceAltered,*'
        $record.Exception.Message | Should -Match "line $lineCount holds a SHA-256 that does not match"
    }

    It 'reports a removed row at the end of its table, naming that line' {
        $path = Copy-Evidence 'removed.pxevidence.jsonl' { param($lines) $lines.RemoveAt($lines.FindIndex({ param($l) $l -like '*px-sock-shop/orders*' })) }
        $eos = [array]::FindIndex([IO.File]::ReadAllLines($path), [Predicate[string]] { param($l) $l -like '*"eos","table":"output"*' }) + 1
        $record = Get-ErrorRecord { Import-PixieResult $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceAltered,*'
        $record.Exception.Message | Should -Match "line $eos says table 'output' has 150 rows, but the file holds 149"
    }

    It 'reports a value of the wrong type, naming its line and column' {
        $path = Copy-Evidence 'wrong-type.pxevidence.jsonl' { param($lines)
            $i = $lines.FindIndex({ param($l) $l -like '*px-sock-shop/user*' })
            $lines[$i] = $lines[$i] -replace '"latency_p99":(\d+)', '"latency_p99":"$1"'
        }
        $line = [array]::FindIndex([IO.File]::ReadAllLines($path), [Predicate[string]] { param($l) $l -like '*"latency_p99":"*' }) + 1
        $record = Get-ErrorRecord { Import-PixieResult $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceInvalid,*'
        $record.Exception.Message | Should -Match "line $line is a row of table 'output' whose column 'latency_p99' is a string of another form, not an integer"
    }

    It 'refuses a file of another kind, and one of a newer format version' {
        $csv = Join-Path $folder 'rows.csv'
        $before | Select-Object -Skip 3 | Export-Csv -LiteralPath $csv
        (Get-ErrorRecord { Import-PixieResult $csv }).FullyQualifiedErrorId | Should -BeLike 'EvidenceNotEvidence,*'
        $newer = Copy-Evidence 'newer.pxevidence.jsonl' { param($lines) $lines[0] = $lines[0] -replace '"format_version":1', '"format_version":3' }
        $record = Get-ErrorRecord { Import-PixieResult $newer }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceVersionUnsupported,*'
        $record.Exception.Message | Should -Match 'format version 3'
    }

    It 'writes a non-terminating error for a path that names no file, and reads the others' {
        $rows = Import-PixieResult -Path (Join-Path $folder 'missing.pxevidence.jsonl'), $beforePath -ErrorVariable problems -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 153
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'EvidenceNotFound,*'
    }
}

Describe 'evidence of one call on several clusters' {
    BeforeAll {
        $script:east = 'ea57ea57-1234-4abc-8def-0123456789ab'
        $script:west = 'be57be57-1234-4abc-8def-0123456789ab'
        $script:multi = Start-VizierEmulator -Scenario @{
            apiKey    = 'px-api-evidence-clusters'
            clusters  = @(@{ id = $east; name = 'east'; status = 'CS_HEALTHY' }, @{ id = $west; name = 'west'; status = 'CS_HEALTHY' })
            batchSize = 50
            tables    = @(@{
                    name     = 'output'
                    columns  = @(
                        @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                        @{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS'; generate = @{ min = 1000000; max = 2000000 } }
                    )
                    generate = @{ count = 400; seed = 4 }
                })
        }
        $script:multiServer = @{ ServerUrl = $multi.Url; ApiKey = (ConvertTo-SecureString $multi.ApiKey -AsPlainText -Force) }
        $script:multiPath = Join-Path $folder 'clusters.pxevidence.jsonl'
        $script:live = @(Invoke-PixieScript 'px.display(df)' -ClusterId $east, $west @multiServer 6>$null | Export-PixieResult -Path $multiPath -PassThru)

        function script:ConvertTo-ClusterRowText($Rows) {
            foreach ($row in $Rows) { '{0}|{1}|{2}|{3}' -f $row.ClusterId, $row.ClusterName, $row.time_.UnixNanoseconds, $row.latency }
        }
    }

    AfterAll {
        Stop-VizierEmulator $multi
    }

    It 'writes a query per cluster, each row''s ClusterId and ClusterName, and the clusters in the header (format version 2)' {
        $records = @(Get-Content -LiteralPath $multiPath | ConvertFrom-Json -AsHashtable)
        $records[0].format_version | Should -Be 2
        @($records[0].clusters | ForEach-Object { "$($_.id)|$($_.name)" }) | Should -Be @("$east|east", "$west|west")
        $queries = @($records | Where-Object { $_._kind -eq 'query' })
        @($queries | ForEach-Object { "$($_.cluster_id)|$($_.cluster_name)" } | Sort-Object) | Should -Be @("$west|west", "$east|east")
        $rows = @($records | Where-Object { $_._tableName_ })
        $rows.Count | Should -Be 800
        @($rows[0].Keys)[0..2] | Should -Be @('_tableName_', 'ClusterId', 'ClusterName')
        @($rows | Where-Object ClusterName -EQ 'west' | ForEach-Object ClusterId | Sort-Object -Unique) | Should -Be @($west)
        @($records | Where-Object { $_._kind -eq 'eos' } | ForEach-Object { "$($_.query)|$($_.rows)" } | Sort-Object) | Should -Be @('1|400', '2|400')
    }

    It 'gives back every row with its ClusterId and ClusterName, as the live rows have them' {
        $imported = @(Import-PixieResult $multiPath)
        $imported.Count | Should -Be 800
        ConvertTo-ClusterRowText $imported | Sort-Object | Should -Be (ConvertTo-ClusterRowText $live | Sort-Object)
        $imported[0].ClusterId | Should -BeOfType [guid]
        @($imported | Group-Object ClusterName | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) | Should -Be @('east=400', 'west=400')
        ($imported | Test-PercentileBelow latency 5 -Unit Milliseconds -GroupBy ClusterName -Detailed).Groups.Count | Should -Be 2
    }

    It 'refuses a row whose cluster no query of the file ran on, naming its line' {
        $lines = [Collections.Generic.List[string]] [IO.File]::ReadAllLines($multiPath)
        $index = $lines.FindIndex({ param($line) $line.StartsWith('{"_tableName_"') })
        $lines[$index] = $lines[$index] -replace '"ClusterId":"[^"]+"', '"ClusterId":"d0d0d0d0-1234-4abc-8def-0123456789ab"'
        $path = Join-Path $folder 'stranger.pxevidence.jsonl'
        [IO.File]::WriteAllText($path, (($lines -join "`n") + "`n"))
        $record = Get-ErrorRecord { Import-PixieResult $path }
        $record.FullyQualifiedErrorId | Should -BeLike 'EvidenceInvalid,*'
        $record.Exception.Message | Should -BeLike "*line $($index + 1) is a row of cluster 'd0d0d0d0-1234-4abc-8def-0123456789ab', which no open query of this file ran on."
    }
}
