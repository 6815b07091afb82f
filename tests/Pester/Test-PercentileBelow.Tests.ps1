# Test-PercentileBelow against the staged module: chaostoolkit-pixie's own cases, the three percentile methods,
# units, targets, quantiles, Pixie rows, the verdicts, every error, and the Pester operator.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function New-Row([double[]] $Value) { foreach ($v in $Value) { [pscustomobject]@{ latency = $v } } }

    # Reference values from Python 3.11's statistics.quantiles(data[:n], n=100) (method 'exclusive' and 'inclusive').
    $script:data = 12.5, 3.25, 7.0, 19.75, 1.5, 8.125, 30.0, 4.0, 15.5, 2.75, 11.0, 6.5, 25.25, 9.0, 0.5, 13.75, 5.0
    $script:percentiles = 1, 5, 10, 25, 50, 75, 90, 95, 99
    $script:python = @{
        'Exclusive 2'  = -5.7225, -4.6125, -3.225, 0.9375, 7.875, 14.8125, 18.975, 20.3625, 21.4725
        'Inclusive 2'  = 3.3425, 3.7125, 4.175, 5.5625, 7.875, 10.1875, 11.575, 12.0375, 12.4075
        'Exclusive 3'  = -0.35, 0.25, 1.0, 3.25, 7.0, 12.5, 15.8, 16.9, 17.78
        'Inclusive 3'  = 3.325, 3.625, 4.0, 5.125, 7.0, 9.75, 11.4, 11.95, 12.39
        'Exclusive 10' = 0.3875, 0.9375, 1.625, 3.125, 7.5625, 16.5625, 28.975, 34.6125, 39.1225
        'Inclusive 10' = 1.6125, 2.0625, 2.625, 3.4375, 7.5625, 14.75, 20.775, 25.3875, 29.0775
        'Exclusive 17' = -0.32, 0.4, 1.3, 3.625, 8.125, 14.625, 26.2, 30.475, 33.895
        'Inclusive 17' = 0.66, 1.3, 2.25, 4.0, 8.125, 13.75, 21.95, 26.2, 29.24
    }
}

Describe 'Test-PercentileBelow' {
    Context "chaostoolkit-pixie's cases" {
        It 'measures p99 of [0.5, 0.8, 0.9] as 0.996 with Exclusive, as Python does, and passes under 1.0' {
            $result = New-Row 0.5, 0.8, 0.9 | Test-PercentileBelow -Column latency -Threshold 1.0 -Method Exclusive -Detailed
            $result.Value | Should -BeGreaterOrEqual (0.996 - 1e-12)
            $result.Value | Should -BeLessOrEqual (0.996 + 1e-12)
            $result.Passed | Should -BeTrue
        }

        It 'measures p99 of [1, 2] as 2.97 with Exclusive' {
            [math]::Abs((New-Row 1, 2 | Test-PercentileBelow latency 3 -Method Exclusive -Detailed).Value - 2.97) | Should -BeLessOrEqual 1e-12
        }

        It 'keeps only the rows whose target matches at the start, and rows without the target key' {
            $rows = @(
                @{ pod = '/consumer-a'; latency = 0.5 }
                @{ pod = '/consumer-b'; latency = 0.8 }
                @{ pod = '/producer'; latency = 0.9 }
                @{ pod = 'x/consumer'; latency = 0.7 }
            )
            $result = $rows | Test-PercentileBelow latency 1 -Target pod, '/consumer.*' -Detailed
            $result.SampleCount | Should -Be 2
            $result.WorstRows.latency | Should -Be 0.8, 0.5
            $result.RowsOutsideTarget | Should -Be 2
            $result.Target | Should -Be "pod =~ '/consumer.*'"

            $kept = @{ latency = 0.3 }, @{ pod = '/producer'; latency = 0.9 } | Test-PercentileBelow latency 1 -Target pod, '/consumer' -Detailed
            $kept.SampleCount | Should -Be 1
            $kept.WorstRows.latency | Should -Be 0.3
        }

        It 'converts 5e9 ns to <Value> <Unit>' -ForEach @(
            @{ Unit = 'Seconds'; Value = 5 }
            @{ Unit = 'Milliseconds'; Value = 5000 }
            @{ Unit = 'Microseconds'; Value = 5000000 }
            @{ Unit = 'Nanoseconds'; Value = 5e9 }
        ) {
            $result = @{ latency = 5e9 } | Test-PercentileBelow latency $Value -Unit $Unit -Detailed
            $result.Value | Should -Be $Value
            $result.Unit | Should -Be $Unit
            $result.Passed | Should -BeTrue
        }

        It 'accepts the threshold under its upstream spelling -Treshold' {
            New-Row 0.5, 0.8, 0.9 | Test-PercentileBelow -Column latency -Treshold 1.0 | Should -BeTrue
        }

        It 'compares inclusively: a percentile equal to the threshold passes' {
            New-Row 5, 5, 5 | Test-PercentileBelow latency 5 | Should -BeTrue
        }
    }

    Context 'percentile methods' {
        It 'matches Python statistics.quantiles(method=<Method>) to 1e-12 on <Count> values' -ForEach @(
            @{ Method = 'Exclusive'; Count = 2 }, @{ Method = 'Inclusive'; Count = 2 }
            @{ Method = 'Exclusive'; Count = 3 }, @{ Method = 'Inclusive'; Count = 3 }
            @{ Method = 'Exclusive'; Count = 10 }, @{ Method = 'Inclusive'; Count = 10 }
            @{ Method = 'Exclusive'; Count = 17 }, @{ Method = 'Inclusive'; Count = 17 }
        ) {
            $rows = New-Row $data[0..($Count - 1)]
            $expected = $python["$Method $Count"]
            for ($i = 0; $i -lt $percentiles.Count; $i++) {
                $value = ($rows | Test-PercentileBelow latency 100 -Percentile $percentiles[$i] -Method $Method -Detailed).Value
                [math]::Abs($value - $expected[$i]) | Should -BeLessOrEqual 1e-12 -Because "p$($percentiles[$i]) of $Count values"
            }
        }

        It 'matches Python for a fractional percentile (p99.9 = quantiles(n=1000)[998])' {
            [math]::Abs((New-Row $data | Test-PercentileBelow latency 100 -Percentile 99.9 -Method Exclusive -Detailed).Value - 34.6645) | Should -BeLessOrEqual 1e-12
            [math]::Abs((New-Row $data | Test-PercentileBelow latency 100 -Percentile 99.9 -Method Inclusive -Detailed).Value - 29.924) | Should -BeLessOrEqual 1e-12
        }

        It 'uses Inclusive by default, which never goes past the largest sample' {
            $result = New-Row 0.5, 0.8, 0.9 | Test-PercentileBelow latency 1 -Detailed
            $result.Method | Should -Be 'Inclusive'
            $result.Value | Should -Be 0.898
            $result.Percentile | Should -Be 99
        }

        It "gives numpy's and Excel PERCENTILE.INC's value with Inclusive (p90 of 1..4 is 3.7)" {
            [math]::Abs((New-Row 1, 2, 3, 4 | Test-PercentileBelow latency 5 -Percentile 90 -Detailed).Value - 3.7) | Should -BeLessOrEqual 1e-12
        }

        It 'gives the smallest value with at least p% at or below it with NearestRank (p<Percentile> = <Expected>)' -ForEach @(
            @{ Percentile = 5; Expected = 15 }, @{ Percentile = 30; Expected = 20 }, @{ Percentile = 40; Expected = 20 }
            @{ Percentile = 50; Expected = 35 }, @{ Percentile = 99; Expected = 50 }
        ) {
            (New-Row 15, 20, 35, 40, 50 | Test-PercentileBelow latency 100 -Percentile $Percentile -Method NearestRank -Detailed).Value | Should -Be $Expected
        }

        It 'does not round a whole rank up with NearestRank (p7 of 1..100 is 7)' {
            (New-Row (1..100) | Test-PercentileBelow latency 100 -Percentile 7 -Method NearestRank -Detailed).Value | Should -Be 7
        }

        It "gives Python's median with -Percentile 50 -Method Exclusive, on even and odd counts" {
            (New-Row 4, 1, 3, 2 | Test-PercentileBelow latency 5 -Percentile 50 -Method Exclusive -Detailed).Value | Should -Be 2.5
            (New-Row 1, 5, 2 | Test-PercentileBelow latency 5 -Percentile 50 -Method Exclusive -Detailed).Value | Should -Be 2
        }

        It 'takes a single sample as its own percentile with every method' -ForEach @(@{ Method = 'Exclusive' }, @{ Method = 'Inclusive' }, @{ Method = 'NearestRank' }) {
            (New-Row 42 | Test-PercentileBelow latency 50 -Method $Method -Detailed).Value | Should -Be 42
        }

        It 'orders infinite values like any other' {
            (New-Row 1, 2, ([double]::PositiveInfinity) | Test-PercentileBelow latency 5 -Percentile 50 -Detailed).Value | Should -Be 2
            New-Row 1, 2, ([double]::PositiveInfinity) | Test-PercentileBelow latency 5 | Should -BeFalse
        }
    }

    Context 'verdicts and results' {
        It 'returns a single [bool] by default' {
            $verdict = New-Row 1, 2, 3 | Test-PercentileBelow latency 2
            $verdict | Should -BeOfType [bool]
            $verdict | Should -BeFalse
        }

        It 'explains a failure in one line with the measured value, the unit and the method' {
            $result = 100, 200, 312.4e6 | ForEach-Object { @{ latency_p99 = $_ } } | Test-PercentileBelow latency_p99 300 -Unit Milliseconds -Method NearestRank -Detailed
            $result.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.ToleranceResult'
            $result.Verdict | Should -Be 'Failed'
            $result.Explanation | Should -Be 'p99(latency_p99) = 312.4 ms > 300 ms over 3 samples (NearestRank)'
            $result.Expectation | Should -Be 'p99(latency_p99) <= 300 ms'
            "$result" | Should -Be $result.Explanation
        }

        It 'keeps the five largest rows, worst first' {
            $result = New-Row 3, 9, 1, 7, 5, 8, 2, 6, 4 | Test-PercentileBelow latency 100 -Detailed
            $result.WorstRows.latency | Should -Be 9, 8, 7, 6, 5
            $result.SampleCount | Should -Be 9
        }

        It 'is Inconclusive, not a pass, with fewer samples than -MinimumSamples, and warns' {
            $result = New-Row 1, 2 | Test-PercentileBelow latency 10 -MinimumSamples 3 -Detailed
            $result.Verdict | Should -Be 'Inconclusive'
            $result.Passed | Should -BeFalse
            $result.Value | Should -Be 1.99
            $result.Explanation | Should -BeLike '*inconclusive, at least 3 required*'

            $verdict = New-Row 1, 2 | Test-PercentileBelow latency 10 -MinimumSamples 3 -WarningVariable warnings -WarningAction SilentlyContinue
            $verdict | Should -BeFalse
            $warnings | Should -HaveCount 1
        }

        It 'is Inconclusive when the target leaves no sample, and says so' {
            $result = @{ pod = '/producer'; latency = 1 } | Test-PercentileBelow latency 10 -Target pod, '/consumer' -Detailed
            $result.Verdict | Should -Be 'Inconclusive'
            $result.Value | Should -BeNullOrEmpty
            $result.Explanation | Should -Be "p99(latency) has no samples: inconclusive, at least 1 required; 1 row did not match the target pod =~ '/consumer'"
        }

        It 'reads rows from -InputObject, hashtables, numeric text and any number type' {
            Test-PercentileBelow -InputObject (New-Row 1, 2, 3) -Column latency -Threshold 3 -Percentile 50 | Should -BeTrue
            $mixed = @{ latency = [int]1 }, @{ latency = [long]2 }, @{ latency = [decimal]3 }, @{ latency = '4.5' }, @{ latency = [float]5 }
            ($mixed | Test-PercentileBelow latency 10 -Method NearestRank -Percentile 80 -Detailed).Value | Should -Be 4.5
        }

        It 'matches the target against the text of non-string values' {
            $rows = @{ status = 503; latency = 9 }, @{ status = 200; latency = 1 }, @{ status = 500; latency = 8 }
            ($rows | Test-PercentileBelow latency 100 -Target status, '5\d\d' -Detailed).SampleCount | Should -Be 2

            # pxapi >= 0.7 gives strings as bytes; they are matched as UTF-8 text. A null is matched as ''.
            $bytes = @{ pod = [Text.Encoding]::UTF8.GetBytes('/consumer-1'); latency = 1 }, @{ pod = $null; latency = 2 }
            ($bytes | Test-PercentileBelow latency 100 -Target pod, '/consumer' -Detailed).WorstRows.latency | Should -Be 1
        }

        It 'reads one quantile of a quantiles value with -Quantile' {
            $rows = '{"p50": 1e6, "p99": 4e6}', '{"p50": 2e6, "p99": 8e6}' | ForEach-Object { @{ latency = $_ } }
            $result = $rows | Test-PercentileBelow latency 10 -Quantile P99 -Unit Milliseconds -Method NearestRank -Detailed
            $result.Value | Should -Be 8
            $result.Explanation | Should -BeLike 'p99(latency`[P99`]) = 8 ms <= 10 ms*'
        }

        It 'shows results as a table with the verdict, the expectation and the measured value' {
            $text = New-Row 1, 2 | Test-PercentileBelow latency 10 -Detailed | Out-String
            $text | Should -Match 'Verdict\s+Measured\s+Samples\s+Method\s+Expected'
            $text | Should -Match 'Passed\s+1\.99\s+2\s+Inclusive\s+p99\(latency\) <= 10'
        }
    }

    Context 'groups' {
        BeforeAll {
            # a: p99 near 3, passes under 5; b: near 9, fails; c: one sample, inconclusive with -MinimumSamples 2.
            $script:grouped = @(
                @{ service = 'a'; latency = 1 }, @{ service = 'b'; latency = 8 }, @{ service = 'a'; latency = 3 }
                @{ service = 'b'; latency = 9 }, @{ service = 'c'; latency = 1 }
            )
        }

        It 'judges each group and fails when one does (-Require All)' {
            $grouped | Test-PercentileBelow latency 5 -GroupBy service | Should -BeFalse
            $grouped | Where-Object { $_.service -ne 'b' } | Test-PercentileBelow latency 5 -GroupBy service | Should -BeTrue
        }

        It 'lists the failing groups first with -Detailed, with their values, then the inconclusive, then the passing' {
            $result = $grouped | Test-PercentileBelow latency 5 -GroupBy service -MinimumSamples 2 -Detailed
            $result.Verdict | Should -Be 'Failed'
            $result.Groups.Group | Should -Be 'b', 'c', 'a'
            $result.Groups.Verdict | Should -Be 'Failed', 'Inconclusive', 'Passed'
            $result.FailedGroups | Should -Be 'b'
            $result.Explanation | Should -Be 'p99(latency) by service: 1 of 3 groups failed (all must pass): b (8.99); 1 inconclusive: c; 1 passed: fail'
            $result.Expectation | Should -Be 'p99(latency) <= 5 for each service'
        }

        It 'is Inconclusive when no group fails but one has too few samples, and warns' {
            $grouped | Where-Object { $_.service -ne 'b' } | Test-PercentileBelow latency 5 -GroupBy service -MinimumSamples 2 -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeFalse
            $warnings | Should -HaveCount 1
            ($grouped | Where-Object { $_.service -ne 'b' } | Test-PercentileBelow latency 5 -GroupBy service -MinimumSamples 2 -Detailed).Verdict | Should -Be 'Inconclusive'
        }

        It 'passes when one group passes with -Require Any, and when at most N fail with -AllowFailures N' {
            $grouped | Test-PercentileBelow latency 5 -GroupBy service -Require Any | Should -BeTrue
            $grouped | Where-Object { $_.service -eq 'b' } | Test-PercentileBelow latency 5 -GroupBy service -Require Any | Should -BeFalse
            $grouped | Test-PercentileBelow latency 5 -GroupBy service -AllowFailures 1 | Should -BeTrue
            $grouped | Test-PercentileBelow latency 2 -GroupBy service -AllowFailures 1 | Should -BeFalse
        }

        It 'gathers rows without the group field under (none), and leaves out groups whose rows lack the column' {
            $result = @{ latency = 1 }, @{ service = 'x'; other = 2 }, @{ service = 'a'; latency = 2 } | Test-PercentileBelow latency 5 -GroupBy service -Detailed
            $result.Groups.Group | Should -Be '(none)', 'a'
        }

        It 'keeps the errors of a single tolerance when no group can be measured' {
            { @{ service = 'a'; other = 1 } | Test-PercentileBelow latency 5 -GroupBy service } | Should -Throw -ErrorId 'ToleranceColumnNotFound,*'
            { @() | Test-PercentileBelow latency 5 -GroupBy service } | Should -Throw -ErrorId 'ToleranceNoRows,*'
        }

        It 'refuses -Require together with -AllowFailures' {
            { $grouped | Test-PercentileBelow latency 5 -GroupBy service -Require Any -AllowFailures 1 } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        }
    }

    Context 'Pixie rows' {
        BeforeAll {
            # Real rows, decoded from the wire by Invoke-PixieScript.
            $script:emulator = Start-VizierEmulator -Scenario @{
                apiKey   = 'px-api-tolerance'
                clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'tolerance'; status = 'CS_HEALTHY' })
                tables   = @(@{
                        name    = 'output'
                        columns = @(
                            @{ name = 'pod'; type = 'STRING'; semanticType = 'ST_POD_NAME' }
                            @{ name = 'latency_ns'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                            @{ name = 'latency'; type = 'STRING'; semanticType = 'ST_DURATION_NS_QUANTILES' }
                            @{ name = 'requests'; type = 'INT64'; semanticType = 'ST_NONE' }
                            @{ name = 'ratio'; type = 'FLOAT64'; semanticType = 'ST_PERCENT' }
                        )
                        rows    = @(
                            , @('/consumer-1', 100000000, '{"p50": 1000000, "p99": 100000000}', 10, 0.5)
                            , @('/consumer-2', 250000000, '{"p50": 1000000, "p99": 200000000}', 20, 'NaN')
                            , @('/producer-1', 900000000, '{"p50": 1000000, "p99": 300000000}', 30, 0.7)
                        )
                    })
            }
            $key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
            $script:pixieRows = Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId $emulator.ClusterId
        }

        AfterAll {
            Stop-VizierEmulator $emulator
        }

        It 'converts a duration column by the unit its relation declares' {
            $result = $pixieRows | Test-PercentileBelow latency_ns 300 -Unit Milliseconds -Target pod, '/consumer' -Detailed
            $result.Value | Should -Be 248.5
            $result.SampleCount | Should -Be 2
            $result.WorstRows[0].pod | Should -Be '/consumer-2'
        }

        It 'reports nanoseconds for a duration column tested without -Unit' {
            $result = $pixieRows | Test-PercentileBelow latency_ns 1e9 -Percentile 50 -Detailed
            $result.Unit | Should -Be 'Nanoseconds'
            $result.Explanation | Should -Be 'p50(latency_ns) = 250000000 ns <= 1000000000 ns over 3 samples (Inclusive)'
        }

        It 'tests one quantile of a quantiles column with -Quantile, in the unit asked for' {
            $result = $pixieRows | Test-PercentileBelow latency 300 -Quantile P99 -Unit Milliseconds -Method NearestRank -Detailed
            $result.Value | Should -Be 300
            $result.Passed | Should -BeTrue
        }

        It 'refuses -Unit on a column that is not a duration, naming its semantic type' {
            { $pixieRows | Test-PercentileBelow requests 25 -Unit Seconds } | Should -Throw -ErrorId 'ToleranceUnitNotApplicable,*' -ExpectedMessage "*'requests' of table 'output' is not a duration*semantic type is None*"
        }

        It 'asks for -Quantile on a quantiles column, and refuses it on a plain one' {
            { $pixieRows | Test-PercentileBelow latency 1 } | Should -Throw -ErrorId 'ToleranceQuantileRequired,*' -ExpectedMessage '*holds quantiles*P99*'
            { $pixieRows | Test-PercentileBelow requests 1 -Quantile P99 } | Should -Throw -ErrorId 'ToleranceQuantileNotApplicable,*'
        }

        It 'names the row of a NaN value' {
            $err = { $pixieRows | Test-PercentileBelow ratio 1 } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -PassThru
            $err.Exception.Message | Should -BeLike "Row 2 has 'NaN' (Double) in column 'ratio'*"
            $err.TargetObject.pod | Should -Be '/consumer-2'
        }

        It "lists the relation's columns when the column is missing" {
            { $pixieRows | Test-PercentileBelow latncy 1 } | Should -Throw -ErrorId 'ToleranceColumnNotFound,*' -ExpectedMessage '*pod, latency_ns, latency, requests, ratio*'
        }
    }

    Context 'errors' {
        It 'fails with ToleranceNoRows on an empty pipeline and without input' {
            $err = { @() | Test-PercentileBelow latency 1 } | Should -Throw -ErrorId 'ToleranceNoRows,ChaosPixie.PowerShell.Commands.TestPercentileBelowCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -BeLike 'No rows were given*'
            { Test-PercentileBelow latency 1 } | Should -Throw -ErrorId 'ToleranceNoRows,*'
        }

        It 'fails with ToleranceColumnNotFound when no row has the column, listing the columns of the first' {
            $err = { New-Row 1, 2 | Test-PercentileBelow latncy 1 } | Should -Throw -ErrorId 'ToleranceColumnNotFound,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Be "None of the 2 rows has a column 'latncy'. Check the column's name. The first row has: latency."
        }

        It 'skips rows without the column when others have it' {
            (@{ other = 1 }, @{ latency = 2 } | Test-PercentileBelow latency 5 -Detailed).SampleCount | Should -Be 1
        }

        It 'names the first row with a non-numeric value (<Description>)' -ForEach @(
            @{ Description = 'text'; Value = 'fast'; Message = "Row 2 has 'fast' (String) in column 'latency', which is not a number." }
            @{ Description = 'null'; Value = $null; Message = "Row 2 has no value (null) in column 'latency', which is not a number." }
            @{ Description = 'a boolean'; Value = $true; Message = "Row 2 has 'True' (Boolean) in column 'latency', which is not a number." }
        ) {
            $rows = @{ latency = 1 }, @{ latency = $Value; name = 'second' }, @{ latency = 'also bad' }
            $err = { $rows | Test-PercentileBelow latency 5 } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -Be $Message
            $err.TargetObject.name | Should -Be 'second'
        }

        It 'refuses the percentile <Percentile>, which is not between 0 and 100' -ForEach @(
            @{ Percentile = 0 }, @{ Percentile = 100 }, @{ Percentile = -1 }, @{ Percentile = 100.5 }, @{ Percentile = [double]::NaN }
        ) {
            $err = { New-Row 1 | Test-PercentileBelow latency 5 -Percentile $Percentile } | Should -Throw -ErrorId 'TolerancePercentileOutOfRange,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike 'The percentile must be greater than 0 and less than 100*'
        }

        It 'refuses a target pattern that is not a regular expression, and a target that is not a pair' {
            { New-Row 1 | Test-PercentileBelow latency 5 -Target pod, '/consumer(' } | Should -Throw -ErrorId 'ToleranceTargetInvalid,*' -ExpectedMessage "*'/consumer(' for column 'pod' is not a valid regular expression*"
            { New-Row 1 | Test-PercentileBelow latency 5 -Target pod } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        }

        It 'refuses -MinimumSamples below 1 and a NaN threshold' {
            { New-Row 1 | Test-PercentileBelow latency 5 -MinimumSamples 0 } | Should -Throw -ErrorId 'ToleranceMinimumSamplesInvalid,*'
            { New-Row 1 | Test-PercentileBelow latency ([double]::NaN) } | Should -Throw -ErrorId 'ToleranceThresholdInvalid,*'
        }

        It 'refuses a quantiles value without -Quantile' {
            { @{ latency = '{"p50": 1, "p99": 2}' } | Test-PercentileBelow latency 5 } | Should -Throw -ErrorId 'ToleranceQuantileRequired,*'
        }
    }

    Context 'Should -HavePercentileBelow' {
        It 'passes when the percentile is at most the threshold' {
            New-Row 0.5, 0.8, 0.9 | Should -HavePercentileBelow -Column latency -Threshold 0.9
        }

        It 'fails with a message that states the measured value' {
            { New-Row 0.5, 0.8, 0.9 | Should -HavePercentileBelow -Column latency -Threshold 0.85 -Because 'the SLO says so' } |
                Should -Throw -ExpectedMessage 'Expected p99(latency) <= 0.85 because the SLO says so, but p99(latency) = 0.898 > 0.85 over 3 samples (Inclusive).'
        }

        It 'takes the cmdlet parameters, and -Not' {
            @{ latency = 5e9 } | Should -HavePercentileBelow -Column latency -Threshold 5 -Unit Seconds -Method Exclusive
            New-Row 1, 2, 3 | Should -Not -HavePercentileBelow -Column latency -Threshold 2
            { New-Row 1, 2, 3 | Should -Not -HavePercentileBelow -Column latency -Threshold 3 } | Should -Throw -ExpectedMessage 'Expected not p99(latency) <= 3, but *'
        }

        It 'fails on an inconclusive verdict, with and without -Not' {
            { New-Row 1 | Should -HavePercentileBelow -Column latency -Threshold 3 -MinimumSamples 2 } | Should -Throw -ExpectedMessage '*inconclusive*'
            { New-Row 1 | Should -Not -HavePercentileBelow -Column latency -Threshold 0 -MinimumSamples 2 } | Should -Throw -ExpectedMessage '*inconclusive*'
        }

        It 'fails, rather than throwing a raw error, when the rows cannot be measured' {
            { New-Row 1 | Should -HavePercentileBelow -Column nope -Threshold 3 } | Should -Throw -ExpectedMessage "Expected rows whose percentile can be measured, but: None of the 1 rows has a column 'nope'*"
        }
    }

    Context 'the engine API the experiment runner uses' {
        BeforeAll {
            # The engine is in the module's private load context; its resolver hands it over by name.
            $engine = [Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([Reflection.AssemblyName] 'ChaosPixie.Engine')
            $script:percentiles = $engine.GetType('ChaosPixie.Engine.Statistics.Percentiles', $true)
            $script:units = $engine.GetType('ChaosPixie.Engine.Statistics.DurationUnits', $true)
        }

        It "gives Python's statistics.median of <Values>" -ForEach @(
            @{ Values = @(1.0, 2.0, 3.0, 4.0); Expected = 2.5 }
            @{ Values = @(1.0, 2.0, 5.0); Expected = 2.0 }
            @{ Values = @(0.1, 0.2); Expected = 0.15000000000000002 }
            @{ Values = @(7.0); Expected = 7.0 }
        ) {
            $percentiles::MedianOfSorted([double[]] $Values) | Should -Be $Expected
        }

        It "maps chaostoolkit-pixie's convert_from_nanoseconds '<Name>' to <Unit>" -ForEach @(
            @{ Name = 'seconds'; Unit = 'Seconds' }, @{ Name = 'milliseconds'; Unit = 'Milliseconds' }, @{ Name = 'microseconds'; Unit = 'Microseconds' }
            @{ Name = 'Seconds'; Unit = $null }, @{ Name = 'milisecond'; Unit = $null }, @{ Name = $null; Unit = $null }
        ) {
            $unit = $units::FromChaosToolkitName($Name)
            if ($null -eq $Unit) { $unit | Should -BeNullOrEmpty } else { "$unit" | Should -Be $Unit }
        }
    }
}
