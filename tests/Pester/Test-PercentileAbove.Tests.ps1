# Test-PercentileAbove against the staged module: the mirror of Test-PercentileBelow (which covers the shared
# parameters, methods and errors in depth): inclusive >=, the worst rows are the smallest, and its Should operator.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function New-Row([double[]] $Value) { foreach ($v in $Value) { [pscustomobject]@{ throughput = $v } } }
}

Describe 'Test-PercentileAbove' {
    Context "chaostoolkit-pixie's cases" {
        It 'fails p99 of [0.5, 0.8, 0.9] above 1.0, as percentile_should_be_above does' {
            New-Row 0.5, 0.8, 0.9 | Test-PercentileAbove -Column throughput -Treshold 1.0 -Method Exclusive | Should -BeFalse
        }

        It 'fails the median of [0.5, 0.8, 0.9] above 1.0, as median_should_be_above does' {
            New-Row 0.5, 0.8, 0.9 | Test-PercentileAbove throughput 1.0 -Percentile 50 -Method Exclusive | Should -BeFalse
        }

        It 'measures p1 of [0.5, 0.8, 0.9] as 0.212 with Exclusive, below the smallest sample as Python does' {
            $result = New-Row 0.5, 0.8, 0.9 | Test-PercentileAbove throughput 0.2 -Percentile 1 -Method Exclusive -Detailed
            [math]::Abs($result.Value - 0.212) | Should -BeLessOrEqual 1e-12
            $result.Passed | Should -BeTrue
        }

        It 'never goes below the smallest sample with the default Inclusive (p1 of [0.5, 0.8, 0.9] is 0.506)' {
            $result = New-Row 0.5, 0.8, 0.9 | Test-PercentileAbove throughput 0.5 -Percentile 1 -Detailed
            [math]::Abs($result.Value - 0.506) | Should -BeLessOrEqual 1e-12
            $result.Method | Should -Be 'Inclusive'
        }

        It 'compares inclusively: a percentile equal to the threshold passes' {
            New-Row 5, 5, 5 | Test-PercentileAbove throughput 5 -Percentile 1 | Should -BeTrue
        }

        It 'applies the target and the unit as Test-PercentileBelow does' {
            $rows = @{ pod = '/consumer-a'; t = 2e9 }, @{ pod = '/producer'; t = 1e6 }, @{ t = 3e9 }
            $result = $rows | Test-PercentileAbove t 1.5 -Percentile 1 -Unit Seconds -Target pod, '/consumer' -Method NearestRank -Detailed
            $result.Value | Should -Be 2
            $result.SampleCount | Should -Be 2
        }
    }

    Context 'groups' {
        It 'judges each group with -GroupBy and names the one below the threshold' {
            $rows = @{ pod = 'a'; throughput = 100 }, @{ pod = 'b'; throughput = 5 }, @{ pod = 'a'; throughput = 120 }
            $rows | Test-PercentileAbove throughput 50 -Percentile 1 -GroupBy pod | Should -BeFalse
            $result = $rows | Test-PercentileAbove throughput 50 -Percentile 1 -GroupBy pod -Detailed
            $result.FailedGroups | Should -Be 'b'
            $result.Groups.Group | Should -Be 'b', 'a'
            $rows | Test-PercentileAbove throughput 50 -Percentile 1 -GroupBy pod -Require Any | Should -BeTrue
        }
    }

    Context 'verdicts and results' {
        It 'explains a failure with < and the measured value' {
            $result = New-Row 10, 20, 30 | Test-PercentileAbove throughput 15 -Percentile 10 -Method NearestRank -Detailed
            $result.Verdict | Should -Be 'Failed'
            $result.Expectation | Should -Be 'p10(throughput) >= 15'
            $result.Explanation | Should -Be 'p10(throughput) = 10 < 15 over 3 samples (NearestRank)'
        }

        It 'keeps the five smallest rows, worst first' {
            (New-Row 3, 9, 1, 7, 5, 8, 2, 6, 4 | Test-PercentileAbove throughput 0 -Detailed).WorstRows.throughput | Should -Be 1, 2, 3, 4, 5
        }

        It 'is Inconclusive, not a pass, with too few samples' {
            $result = New-Row 100 | Test-PercentileAbove throughput 1 -MinimumSamples 10 -Detailed
            $result.Verdict | Should -Be 'Inconclusive'
            $result.Passed | Should -BeFalse
            New-Row 100 | Test-PercentileAbove throughput 1 -MinimumSamples 10 -WarningAction SilentlyContinue | Should -BeFalse
        }

        It 'converts a Pixie duration column by its relation' {
            $emulator = Start-VizierEmulator -Scenario @{
                apiKey   = 'px-api-tolerance'
                clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'tolerance'; status = 'CS_HEALTHY' })
                tables   = @(@{ name = 'http'; columns = @(@{ name = 'latency'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }); rows = @(2000, 4000) })
            }
            try {
                $key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
                $rows = Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId $emulator.ClusterId
            }
            finally { Stop-VizierEmulator $emulator }
            $result = $rows | Test-PercentileAbove latency 2 -Percentile 50 -Unit Microseconds -Detailed
            $result.Value | Should -Be 3
            $result.Explanation | Should -Be 'p50(latency) = 3 us >= 2 us over 2 samples (Inclusive)'
        }
    }

    Context 'errors' {
        It 'fails with ToleranceNoRows on an empty pipeline' {
            { @() | Test-PercentileAbove throughput 1 } | Should -Throw -ErrorId 'ToleranceNoRows,ChaosPixie.PowerShell.Commands.TestPercentileAboveCommand'
        }

        It 'fails with ToleranceColumnNotFound, ToleranceValueNotNumeric and TolerancePercentileOutOfRange' {
            { New-Row 1 | Test-PercentileAbove nope 1 } | Should -Throw -ErrorId 'ToleranceColumnNotFound,*'
            { @{ throughput = 'many' } | Test-PercentileAbove throughput 1 } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -ExpectedMessage "Row 1 has 'many' (String)*"
            { New-Row 1 | Test-PercentileAbove throughput 1 -Percentile 0 } | Should -Throw -ErrorId 'TolerancePercentileOutOfRange,*'
        }
    }

    Context 'Should -HavePercentileAbove' {
        It 'passes when the percentile is at least the threshold' {
            New-Row 10, 20, 30 | Should -HavePercentileAbove -Column throughput -Threshold 10 -Percentile 1
        }

        It 'fails with a message that states the measured value' {
            { New-Row 10, 20, 30 | Should -HavePercentileAbove -Column throughput -Threshold 15 -Percentile 10 -Method NearestRank } |
                Should -Throw -ExpectedMessage 'Expected p10(throughput) >= 15, but p10(throughput) = 10 < 15 over 3 samples (NearestRank).'
        }

        It 'supports -Not' {
            New-Row 10, 20, 30 | Should -Not -HavePercentileAbove -Column throughput -Threshold 40 -Percentile 50
        }
    }
}
