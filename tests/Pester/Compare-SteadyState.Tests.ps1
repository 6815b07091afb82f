# Compare-SteadyState against the staged module: p-values and Hodges-Lehmann intervals checked live against scipy
# and a direct Python implementation on the same seeded arrays, each verdict, the false-alarm rate and the power on
# random samples, per-group verdicts on the Vizier emulator, and the errors.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:python = '/usr/bin/python3'
    & $python -c 'import scipy, numpy' 2>$null
    if ($LASTEXITCODE -ne 0) { throw "The reference needs Python 3 with scipy and numpy: apt-get install -y python3-scipy." }

    # Runs a Python script with a JSON document on stdin and returns its JSON output.
    function Invoke-PythonReference([string] $Script, $InputObject) {
        $file = New-TemporaryFile
        try {
            Set-Content -LiteralPath $file -Value $Script
            $output = ConvertTo-Json -InputObject $InputObject -Depth 8 -Compress | & $python $file
            if ($LASTEXITCODE -ne 0) { throw "The Python reference failed (exit $LASTEXITCODE)." }
            $output | ConvertFrom-Json
        }
        finally { Remove-Item -LiteralPath $file }
    }

    # Seeded samples: integers keep the differences exact, so the reference can evaluate f at the differences themselves.
    function New-IntegerSample([Random] $Random, [int] $Count, [int] $Max) { , [double[]] @(1..$Count | ForEach-Object { $Random.Next(0, $Max) }) }

    # Lognormal-ish latencies (ms) by Box-Muller, scaled by $Factor.
    function New-Latency([Random] $Random, [int] $Count, [double] $Factor = 1, [double] $Median = 50, [double] $Sigma = 0.3) {
        $values = [double[]]::new($Count)
        for ($i = 0; $i -lt $Count; $i++) {
            $z = [math]::Sqrt(-2 * [math]::Log(1 - $Random.NextDouble())) * [math]::Cos(2 * [math]::PI * $Random.NextDouble())
            $values[$i] = $Factor * $Median * [math]::Exp($Sigma * $z)
        }
        , $values
    }
}

Describe 'Compare-SteadyState' {
    Context 'the statistics against scipy and a direct implementation' {
        BeforeAll {
            $random = [Random]::new(20261130)
            $script:cases = @(
                @{ Name = 'small, no ties (exact)'; X = New-IntegerSample $random 5 100000; Y = New-IntegerSample $random 7 100000; Exact = $true }
                @{ Name = 'one side of 8 against 40, no ties (exact)'; X = New-IntegerSample $random 8 100000; Y = New-IntegerSample $random 40 100000; Exact = $true }
                @{ Name = 'small with ties (asymptotic)'; X = New-IntegerSample $random 6 5; Y = New-IntegerSample $random 7 5; Exact = $false }
                @{ Name = 'large, no ties (asymptotic)'; X = New-IntegerSample $random 40 1000000; Y = New-IntegerSample $random 35 1000000; Exact = $false }
                @{ Name = 'large with ties (asymptotic)'; X = New-IntegerSample $random 45 12; Y = New-IntegerSample $random 38 10; Exact = $false }
                @{ Name = 'shifted, no ties'; X = [double[]] @((New-IntegerSample $random 30 1000) | ForEach-Object { $_ + 400 }); Y = New-IntegerSample $random 30 1000; Exact = $false }
            )
            $reference = @'
import json, sys
import numpy as np
from scipy.stats import mannwhitneyu, rankdata, norm

def f(d, x, y, zq):
    # The spec's function, literally: rank {x - d} with y, average ranks, ties counted on the shifted sample.
    nx, ny = len(x), len(y)
    combined = np.concatenate([x - d, y])
    ranks = rankdata(combined)
    dz = ranks[:nx].sum() - nx * (nx + 1) / 2 - nx * ny / 2
    _, t = np.unique(combined, return_counts=True)
    n = nx + ny
    sigma = np.sqrt(nx * ny / 12 * ((n + 1) - (t ** 3 - t).sum() / (n * (n - 1))))
    return (dz - 0.5 * np.sign(dz)) / sigma - zq

def root(x, y, zq):
    # f at every distinct pairwise difference and between them; the root is the difference where f first drops to <= 0.
    d = np.unique(np.subtract.outer(x, y).ravel())
    points = []
    for k in range(len(d)):
        points.append((d[k], d[k]))
        if k + 1 < len(d):
            points.append(((d[k] + d[k + 1]) / 2, d[k]))
    for at, difference in points:
        if f(at, x, y, zq) <= 0:
            return float(difference)
    return float(d[-1])

out = []
for case in json.load(sys.stdin):
    x, y = np.array(case['X'], float), np.array(case['Y'], float)
    z = norm.ppf(1 - (1 - case['Confidence']) / 2)
    out.append({
        'p': float(mannwhitneyu(x, y, alternative='two-sided', method='auto').pvalue),
        'estimate': float(np.median(np.subtract.outer(x, y))),
        'lower': root(x, y, z),
        'upper': root(x, y, -z),
    })
print(json.dumps(out))
'@
            $script:expected = Invoke-PythonReference $reference @($cases | ForEach-Object { @{ X = $_.X; Y = $_.Y; Confidence = 0.98 } })
            $script:actual = @($cases | ForEach-Object { Compare-SteadyState -Baseline $_.Y -Candidate $_.X -MinimumSamples 1 })
        }

        It 'gives scipy''s two-sided p-value to 1e-9 (<Name>)' -ForEach @(0..5 | ForEach-Object { @{ Index = $_; Name = @('small, no ties (exact)', 'one side of 8 against 40, no ties (exact)', 'small with ties (asymptotic)', 'large, no ties (asymptotic)', 'large with ties (asymptotic)', 'shifted, no ties')[$_] } }) {
            [math]::Abs($actual[$Index].PValue - $expected[$Index].p) | Should -BeLessOrEqual 1e-9 -Because "scipy gives $($expected[$Index].p)"
            $actual[$Index].PValueMethod | Should -Be $(if ($cases[$Index].Exact) { 'Exact' } else { 'Asymptotic' })
        }

        It 'gives the Hodges-Lehmann estimate and its 98% interval of the direct implementation (<Name>)' -ForEach @(0..5 | ForEach-Object { @{ Index = $_; Name = @('small', 'one side of 8', 'small with ties', 'large', 'large with ties', 'shifted')[$_] } }) {
            $actual[$Index].Shift | Should -Be $expected[$Index].estimate
            $actual[$Index].ShiftLower | Should -Be $expected[$Index].lower
            $actual[$Index].ShiftUpper | Should -Be $expected[$Index].upper
        }

        It "gives scipy's normal tail and quantiles to about 1e-15 relative (.NET has no erfc to lean on)" {
            $engine = [Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([Reflection.AssemblyName] 'ChaosPixie.Engine')
            $normal = $engine.GetType('ChaosPixie.Engine.Statistics.NormalDistribution', $true)
            $z = -8.5, -3, -1.25, -0.3, 0, 0.1, 0.7, 1.5, 2.326, 2.9, 4, 6.5, 9, 12
            $p = 1e-12, 1e-6, 0.001, 0.01, 0.02, 0.1, 0.25, 0.5, 0.8, 0.99, 0.999999
            $reference = Invoke-PythonReference @'
import json, sys
from scipy.stats import norm
d = json.load(sys.stdin)
print(json.dumps({'sf': [float(norm.sf(z)) for z in d['z']], 'ppf': [float(norm.ppf(p)) for p in d['p']]}))
'@ @{ z = $z; p = $p }
            for ($i = 0; $i -lt $z.Count; $i++) {
                $actual = $normal::UpperTail($z[$i])
                # scipy's ndtr rounds z / sqrt 2 before its erfc, which costs it about z^2 * 1e-16 in the far tail.
                $tolerance = (4e-15 + 2e-16 * $z[$i] * $z[$i]) * $reference.sf[$i]
                [math]::Abs($actual - $reference.sf[$i]) | Should -BeLessOrEqual $tolerance -Because "the upper tail at $($z[$i])"
            }
            for ($i = 0; $i -lt $p.Count; $i++) {
                $actual = $normal::InverseCdf($p[$i])
                [math]::Abs($actual - $reference.ppf[$i]) | Should -BeLessOrEqual (1e-14 * [math]::Max(1, [math]::Abs($reference.ppf[$i]))) -Because "the quantile of $($p[$i])"
            }
            $normal::InverseCdf(0.01) | Should -Be (-2.3263478740408408)
        }

        It "matches scipy's documented example: U = 17 and the exact p = 1/9" {
            $result = Compare-SteadyState -Baseline 20, 11, 17, 12 -Candidate 19, 22, 16, 29, 24 -MinimumSamples 1
            [math]::Abs($result.PValue - 0.1111111111111111) | Should -BeLessOrEqual 1e-12
            $result.PValueMethod | Should -Be 'Exact'
        }

        It "matches Kayenta's test: x = 10..40, y = 1..4 at 0.95 give the estimate 22.5 and the interval [6, 39]" {
            $result = Compare-SteadyState -Baseline 1, 2, 3, 4 -Candidate 10, 20, 30, 40 -ConfidenceLevel 0.95 -MinimumSamples 1
            $result.Shift | Should -Be 22.5
            $result.ShiftLower | Should -Be 6
            $result.ShiftUpper | Should -Be 39
        }
    }

    Context 'verdicts' {
        BeforeAll {
            $random = [Random]::new(7)
            $script:before = New-Latency $random 30
            $script:same = New-Latency $random 30
            $script:slower = New-Latency $random 30 -Factor 2
            $script:faster = New-Latency $random 30 -Factor 0.5
        }

        It 'passes when nothing changed, and explains the figures in one line' {
            $result = $same | Compare-SteadyState -Baseline $before
            $result.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.SteadyStateComparison'
            $result.Verdict | Should -Be 'Pass'
            $result.Passed | Should -BeTrue
            $result.Explanation | Should -Match '^values: median [\d.]+ vs [\d.]+, shift [-+][\d.]+ \(98% CI [-+]?[\d.]+ to [-+]?[\d.]+\), mean ratio [\d.]+, p = [\d.e-]+, 30 vs 30 samples: no significant shift: pass$'
            "$result" | Should -Be $result.Explanation
        }

        It 'is High when the candidate is twice as slow, with the shift, the medians and the mean ratio' {
            $result = $slower | Compare-SteadyState -Baseline $before
            $result.Verdict | Should -Be 'High'
            $result.Passed | Should -BeFalse
            $result.ShiftLower | Should -BeGreaterThan (0.25 * $result.Shift)
            $result.MeanRatio | Should -BeGreaterThan 1.5
            $result.CandidateMedian | Should -BeGreaterThan $result.BaselineMedian
            $result.CandidateCount, $result.BaselineCount | Should -Be 30, 30
            $result.Explanation | Should -BeLike '*: higher'
        }

        It 'is Low for a drop with -Direction Decrease or Either, and passes it with the default Increase' {
            ($faster | Compare-SteadyState -Baseline $before -Direction Decrease).Verdict | Should -Be 'Low'
            ($faster | Compare-SteadyState -Baseline $before -Direction Either).Verdict | Should -Be 'Low'
            $pass = $faster | Compare-SteadyState -Baseline $before
            $pass.Verdict | Should -Be 'Pass'
            $pass.Explanation | Should -BeLike '*lower, which direction Increase allows: pass'
            ($slower | Compare-SteadyState -Baseline $before -Direction Decrease).Verdict | Should -Be 'Pass'
        }

        It 'passes a significant increase whose mean ratio stays under -AllowedIncrease' {
            $result = $slower | Compare-SteadyState -Baseline $before -AllowedIncrease 3
            $result.Verdict | Should -Be 'Pass'
            $result.Explanation | Should -BeLike '*below the allowed increase 3: pass'
        }

        It 'is Inconclusive with fewer than -MinimumSamples on a side, or an empty side, and -Quiet says $false with a warning' {
            $few = $slower[0..3] | Compare-SteadyState -Baseline $before
            $few.Verdict | Should -Be 'Inconclusive'
            $few.Explanation | Should -BeLike '*4 vs 30 samples: inconclusive, at least 5 per side required'
            $empty = Compare-SteadyState -Baseline @() -Candidate $slower
            $empty.Verdict | Should -Be 'Inconclusive'
            $empty.Explanation | Should -BeLike '*no baseline values*'
            $quiet = $slower[0..3] | Compare-SteadyState -Baseline $before -Quiet -WarningVariable warnings -WarningAction SilentlyContinue
            $quiet | Should -BeOfType [bool]
            $quiet | Should -BeFalse
            $warnings | Should -HaveCount 1
        }

        It 'is Inconclusive when the sample sizes cannot reach the confidence whatever the values' {
            $result = Compare-SteadyState -Baseline 1, 2, 3, 4 -Candidate 100, 200, 300, 400 -MinimumSamples 1
            $result.Verdict | Should -Be 'Inconclusive'
            $result.Explanation | Should -BeLike '*cannot show a shift at 98% confidence*'
        }

        It 'judges two constant, different sides without noise, the same on every run' {
            1..3 | ForEach-Object { (Compare-SteadyState -Baseline (@(10) * 6) -Candidate (@(12) * 6)).Verdict } | Should -Be 'High', 'High', 'High'
            (Compare-SteadyState -Baseline (@(10) * 6) -Candidate (@(10) * 6)).Verdict | Should -Be 'Pass'
        }

        It 'returns $true or $false with -Quiet' {
            $same | Compare-SteadyState -Baseline $before -Quiet | Should -BeTrue
            $slower | Compare-SteadyState -Baseline $before -Quiet | Should -BeFalse
        }

        It 'leaves NaN out and counts it' {
            $result = Compare-SteadyState -Baseline ($before + [double]::NaN) -Candidate $same
            $result.NaNLeftOut | Should -Be 1
            $result.BaselineCount | Should -Be 30
            $result.Explanation | Should -BeLike '*30 vs 30 samples, 1 NaN left out*'
        }

        It 'writes the verdict by name in JSON' {
            $json = $slower | Compare-SteadyState -Baseline $before | ConvertTo-Json | ConvertFrom-Json
            $json.Verdict | Should -Be 'High'
            $json.Direction | Should -Be 'Increase'
            (New-Object psobject -Property @{ latency = 1 } | Test-PercentileBelow latency 2 -Detailed | ConvertTo-Json | ConvertFrom-Json).Verdict | Should -Be 'Passed'
        }

        It 'shows a table with the verdict, the medians, the shift and the samples' {
            $text = $slower | Compare-SteadyState -Baseline $before | Format-Table | Out-String
            $text | Should -Match 'Group\s+Verdict\s+Baseline\s+Candidate\s+Shift\s+MeanRatio\s+PValue\s+Samples'
            $text | Should -Match 'High\s+[\d.]+\s+[\d.]+\s+\+[\d.]+\s+[\d.]+\s+[\d.e-]+\s+30/30'
        }
    }

    Context 'error rates on random samples' {
        It 'raises a false alarm on at most 1 - ConfidenceLevel (+ 1.5 points) of 400 unchanged pairs' {
            $random = [Random]::new(400)
            $high = 0; $either = 0
            for ($i = 0; $i -lt 400; $i++) {
                $a = New-Latency $random 30; $b = New-Latency $random 30
                if (-not ($b | Compare-SteadyState -Baseline $a -Quiet)) { $high++ }
                if (-not ($b | Compare-SteadyState -Baseline $a -Direction Either -Quiet)) { $either++ }
            }
            $high / 400 | Should -BeLessOrEqual 0.035 -Because "$high of 400 unchanged pairs were judged High"
            $either / 400 | Should -BeLessOrEqual 0.035 -Because "$either of 400 unchanged pairs were judged High or Low"
        }

        It 'detects a 1.5x latency increase at 50 samples in nearly all of 100 trials' {
            $random = [Random]::new(150)
            $detected = 0
            for ($i = 0; $i -lt 100; $i++) {
                $a = New-Latency $random 50; $b = New-Latency $random 50 -Factor 1.5
                if (($b | Compare-SteadyState -Baseline $a).Verdict -eq 'High') { $detected++ }
            }
            $detected | Should -BeGreaterOrEqual 95
        }
    }

    Context 'Pixie rows, one service of five degrading' {
        BeforeAll {
            # Before: five services at their usual p99. After: carts 1.6x slower. 30 windows of 10 s per service and phase.
            $random = [Random]::new(5)
            $services = 'carts', 'catalogue', 'orders', 'payment', 'user'
            $usual = @{ carts = 40; catalogue = 25; orders = 45; payment = 30; user = 20 }
            $phase = {
                param([string] $Degraded)
                $rows = foreach ($window in 0..29) {
                    foreach ($service in $services) {
                        $factor = if ($service -eq $Degraded) { 1.6 } else { 1 }
                        $ms = (New-Latency $random 1 -Factor $factor -Median $usual[$service] -Sigma 0.1)[0]
                        , @((1690000000000000000 + $window * 10000000000), "px-sock-shop/$service", [long]($ms * 1e6), 0.001)
                    }
                }
                @{ tables = @(@{
                            name    = 'output'
                            columns = @(
                                @{ name = 'time_'; type = 'TIME64NS' }
                                @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME' }
                                @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }
                                @{ name = 'error_rate'; type = 'FLOAT64'; semanticType = 'ST_PERCENT' }
                            )
                            rows    = @($rows)
                        })
                }
            }
            $script:emulator = Start-VizierEmulator -Scenario @{
                apiKey   = 'px-api-steady-state'
                clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'steady'; status = 'CS_HEALTHY' })
                phases   = @((& $phase ''), (& $phase 'carts'))
            }
            $key = ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force
            $script:beforeRows = Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId $emulator.ClusterId
            $script:afterRows = Invoke-PixieScript 'px.display(df)' -ServerUrl $emulator.Url -ApiKey $key -ClusterId $emulator.ClusterId
        }

        AfterAll {
            Stop-VizierEmulator $emulator
        }

        It 'names the degraded service with Test-PercentileBelow -GroupBy service, failing first' {
            $afterRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service | Should -BeFalse
            $result = $afterRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service -Detailed
            $result.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.ToleranceGroupResult'
            $result.Verdict | Should -Be 'Failed'
            $result.FailedGroups | Should -Be 'px-sock-shop/carts'
            $result.Groups | Should -HaveCount 5
            $result.Groups[0].Group | Should -Be 'px-sock-shop/carts'
            $result.Groups[0].Verdict | Should -Be 'Failed'
            $result.Explanation | Should -BeLike 'p99(latency_p99) by service: 1 of 5 groups failed (all must pass): px-sock-shop/carts (* ms); 4 passed: fail'
            $beforeRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service | Should -BeTrue
        }

        It 'passes with -Require Any or -AllowFailures 1, and fails with -AllowFailures 0' {
            $afterRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service -Require Any | Should -BeTrue
            $afterRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service -AllowFailures 1 | Should -BeTrue
            $afterRows | Test-PercentileBelow latency_p99 70 -Unit Milliseconds -GroupBy service -AllowFailures 0 | Should -BeFalse
        }

        It 'compares before and after per service with Compare-SteadyState -GroupBy, naming carts as High' {
            $result = $afterRows | Compare-SteadyState -Baseline $beforeRows -Column latency_p99 -Unit Milliseconds -GroupBy service
            $result.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.SteadyStateGroupComparison'
            $result.Verdict | Should -Be 'Fail'
            $result.FailedGroups | Should -Be 'px-sock-shop/carts'
            $result.Groups[0].Verdict | Should -Be 'High'
            $result.Groups[0].Unit | Should -Be 'Milliseconds'
            $result.Groups[0].MeanRatio | Should -BeGreaterThan 1.4
            @($result.Groups | Where-Object Verdict -EQ 'Pass') | Should -HaveCount 4
            $result.Explanation | Should -BeLike 'latency_p99 by service, 5 groups at 98% each, false-alarm chance up to 4.9%: 1 of 5 groups failed (all must pass): px-sock-shop/carts (High); 4 passed: fail'
            $afterRows | Compare-SteadyState -Baseline $beforeRows -Column latency_p99 -GroupBy service -Quiet | Should -BeFalse
            $beforeRows | Compare-SteadyState -Baseline $afterRows -Column latency_p99 -GroupBy service -Direction Decrease -Quiet | Should -BeFalse
        }

        It 'judges each group at 1 - (1 - c)/G with -Bonferroni' {
            $result = $afterRows | Compare-SteadyState -Baseline $beforeRows -Column latency_p99 -GroupBy service -Bonferroni
            $result.ConfidenceLevel | Should -BeGreaterOrEqual (0.996 - 1e-12)
            $result.Groups[0].ConfidenceLevel | Should -BeGreaterOrEqual (0.996 - 1e-12)
            $result.Explanation | Should -BeLike '*at 99.6% each (Bonferroni)*'
        }

        It 'groups by a note property such as ClusterId' {
            $tag = { param($rows, $cluster) foreach ($row in $rows) { $row | Add-Member -NotePropertyName ClusterId -NotePropertyValue $cluster -Force -PassThru } }
            $before = @(& $tag $beforeRows 'eu') + @(& $tag ($beforeRows | Where-Object service -NE 'px-sock-shop/carts') 'us')
            $after = @(& $tag $afterRows 'eu') + @(& $tag ($afterRows | Where-Object service -NE 'px-sock-shop/carts') 'us')
            $result = $after | Compare-SteadyState -Baseline $before -Column latency_p99 -GroupBy ClusterId
            $result.Groups.Group | Should -Be 'eu', 'us'
            $result.FailedGroups | Should -Be 'eu'
        }

        It 'refuses -Unit on a column that is not a duration, naming its semantic type' {
            { $afterRows | Compare-SteadyState -Baseline $beforeRows -Column error_rate -Unit Milliseconds } | Should -Throw -ErrorId 'ToleranceUnitNotApplicable,*' -ExpectedMessage '*semantic type is Percent*'
        }
    }

    Context 'errors' {
        It 'fails with ToleranceColumnNotFound when no row has the column, listing the columns of the first' {
            { @{ latency = 1 } | Compare-SteadyState -Baseline @(@{ latency = 2 }) -Column latncy } | Should -Throw -ErrorId 'ToleranceColumnNotFound,ChaosPixie.PowerShell.Commands.CompareSteadyStateCommand' -ExpectedMessage "None of the 1 baseline rows has a column 'latncy'*The first row has: latency."
        }

        It 'fails with ToleranceValueNotNumeric on text, naming the row' {
            $err = { @{ latency = 1 } | Compare-SteadyState -Baseline @(@{ latency = 2 }, @{ latency = 'slow'; name = 'second' }) -Column latency } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -PassThru
            $err.Exception.Message | Should -Be "Row 2 has 'slow' (String) in column 'latency', which is not a number."
            $err.TargetObject.name | Should -Be 'second'
        }

        It 'asks for -Column when rows are not numbers' {
            { @{ latency = 1 } | Compare-SteadyState -Baseline 1, 2 } | Should -Throw -ErrorId 'ComparisonColumnRequired,*' -ExpectedMessage '*give -Column*'
        }

        It 'refuses a confidence level outside (0, 1), a ratio that is not positive and -AllowFailures below 0' {
            { 1 | Compare-SteadyState -Baseline 1 -ConfidenceLevel 1.5 } | Should -Throw -ErrorId 'ComparisonConfidenceLevelInvalid,*'
            { 1 | Compare-SteadyState -Baseline 1 -AllowedIncrease 0 } | Should -Throw -ErrorId 'ComparisonAllowedRatioInvalid,*'
            { 1 | Compare-SteadyState -Baseline 1 -GroupBy x -AllowFailures -1 } | Should -Throw -ErrorId 'ToleranceAllowFailuresInvalid,*'
            { 1 | Compare-SteadyState -Baseline 1 -MinimumSamples 0 } | Should -Throw -ErrorId 'ToleranceMinimumSamplesInvalid,*'
        }

        It 'refuses an infinite value' {
            { 1 | Compare-SteadyState -Baseline 1, ([double]::PositiveInfinity) } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -ExpectedMessage '*infinite*'
        }
    }
}
