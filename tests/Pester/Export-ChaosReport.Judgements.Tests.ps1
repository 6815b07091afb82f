# Export-ChaosReport with Compare-SteadyState's results and per-group tolerances beside the journals: binding by type
# from the pipeline, the two distributions of each comparison as inline SVG, the groups failing first, Markdown, and
# the page as Chromium renders it 1280 pixels wide.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Journal = Join-Path $PSScriptRoot 'Fixtures/Journals/deviated.json'

    # 30 windows before and after; one service (with a long name, which must wrap, not widen the page) 40 ms slower after.
    $slowService = 'checkout-service-' + ('x' * 70)
    $services = 'carts', $slowService, 'users'
    $before = 1..30 | ForEach-Object { [pscustomobject]@{ service = $services[$_ % 3]; latency = 200 + ($_ * 7 % 23) } }
    $after = 1..30 | ForEach-Object { [pscustomobject]@{ service = $services[$_ % 3]; latency = 200 + ($_ * 7 % 23) + $(if ($_ % 3 -eq 1) { 40 } else { 0 }) } }
    $script:SlowService = $slowService
    $script:Single = $after | Compare-SteadyState -Baseline $before -Column latency
    $script:Grouped = $after | Compare-SteadyState -Baseline $before -Column latency -GroupBy service
    $script:PerGroup = $after | Test-PercentileBelow -Column latency -Percentile 90 -Threshold 230 -GroupBy service -Detailed

    # Each inline SVG of the page, parsed as XML with DTDs prohibited.
    function Get-Svg([string] $Html, [string] $Class) {
        $settings = [Xml.XmlReaderSettings]@{ DtdProcessing = [Xml.DtdProcessing]::Prohibit }
        foreach ($match in [regex]::Matches($Html, "<svg[^>]*class=""$Class"".*?</svg>", 'Singleline')) {
            $document = [Xml.XmlDocument]::new()
            $document.Load([Xml.XmlReader]::Create([IO.StringReader]::new($match.Value), $settings))
            , $document
        }
    }

    function Get-Article([string] $Html, [int] $Index) {
        [regex]::Match($Html, "(?s)<article class=""run judgement [^""]*"" id=""judgement-$Index"">.*?</article>").Value
    }

    $script:Html = $Single, $Grouped, $PerGroup | Export-ChaosReport -LiteralPath $Journal
    $script:Charts = @(Get-Svg $Html 'distribution-chart')
}

Describe 'Comparisons and per-group tolerances on the report''s page' {
    It 'binds the results from the pipeline by type and shows them after the journal, in the order given' {
        $Html | Should -HaveCount 1
        $Html.IndexOf('id="run-1"') | Should -BeLessThan $Html.IndexOf('id="judgement-1"')
        (Get-Article $Html 1) | Should -Match '<div class="badge">Pass</div><div><h1>latency: candidate against baseline</h1>'
        (Get-Article $Html 2) | Should -Match '<div class="badge">Fail</div><div><h1>latency by service: candidate against baseline</h1>'
        (Get-Article $Html 3) | Should -Match '<div class="badge">Failed</div><div><h1>p90\(latency\) &lt;= 230 for each service</h1>'
        (Get-Article $Html 2) | Should -Match ([regex]::Escape([Net.WebUtility]::HtmlEncode($Grouped.Explanation)))
    }

    It 'is still one page with no script and nothing from the network' {
        $Html | Should -Match "Content-Security-Policy"".*default-src 'none'"
        $Html | Should -Not -Match '<script|<link|<img|<iframe|\ssrc=|url\('
        $Html | Should -Not -Match 'href="(?!#)'
    }

    It 'draws each comparison''s two distributions as well-formed SVG, without script, event attribute or link' {
        # One for the single comparison, one per group of the grouped one.
        $Charts.Count | Should -Be (1 + $Grouped.GroupCount)
        foreach ($chart in $Charts) {
            $chart.SelectNodes('//*[local-name()="script" or local-name()="foreignObject" or local-name()="image"]').Count | Should -Be 0
            $chart.SelectNodes('//@*[starts-with(local-name(), "on") or local-name()="href"]').Count | Should -Be 0
            $chart.SelectNodes('//*[local-name()="g" and starts-with(@class, "side ")]').Count | Should -Be 2
        }
    }

    It 'shows every value of each side as a dot, the medians, and the baseline median moved by the shift''s interval' {
        $chart = $Charts[0]
        $title = $chart.SelectSingleNode('/*/*[local-name()="title"]').InnerText
        $title | Should -Be "latency: baseline (30 values, median $($Single.BaselineMedian)) against candidate (30 values, median $($Single.CandidateMedian)): Pass"
        foreach ($side in 'baseline', 'candidate') {
            $group = $chart.SelectSingleNode("//*[local-name()='g' and @class='side side-$side']")
            ([regex]::Matches($group.SelectSingleNode('*[@class="values"]').GetAttribute('d'), 'h0')).Count | Should -Be 30
            $group.GetAttribute('stroke') | Should -Be $(if ($side -eq 'baseline') { '#0072B2' } else { '#009E73' })
        }
        $labels = @($chart.SelectNodes('//*[@class="median-label"]') | ForEach-Object InnerText)
        $labels | Should -Be "median $($Single.BaselineMedian)", "median $($Single.CandidateMedian)"
        $interval = $chart.SelectSingleNode('//*[local-name()="rect" and @class="shift-ci"]')
        $interval.GetAttribute('fill') | Should -Be '#D55E00'
        $low, $high = ($Single.BaselineMedian + $Single.ShiftLower), ($Single.BaselineMedian + $Single.ShiftUpper) | ForEach-Object { [Math]::Round($_, 3) }
        $interval.title | Should -Be "baseline median moved by the shift's 98% interval: $low to $high"
    }

    It 'lists the groups of a comparison failing first, and draws the failing group first' {
        $Grouped.Verdict | Should -Be 'Fail'
        $article = Get-Article $Html 2
        $rows = [regex]::Matches($article, '<tr class="(\w+)"><td class="name"><strong>([^<]*)</strong>')
        $rows[0].Groups[1].Value | Should -Be 'missed'
        $rows[0].Groups[2].Value | Should -Be $SlowService
        @($rows | ForEach-Object { $_.Groups[2].Value }) | Should -Be @($Grouped.Groups.Group)
        $Charts[1].SelectSingleNode('/*/*[local-name()="title"]').InnerText | Should -BeLike "service ${SlowService}: latency: baseline * against candidate *: High"
    }

    It 'lists a per-group tolerance''s groups failing first with their measured values' {
        $article = Get-Article $Html 3
        $rows = [regex]::Matches($article, '<tr class="(\w+)"><td class="name"><strong>([^<]*)</strong></td><td><span class="chip [^"]+">(\w+)</span></td><td class="num"><strong>([^<]*)</strong>')
        $rows.Count | Should -Be 3
        $rows[0].Groups[2].Value | Should -Be $SlowService
        $rows[0].Groups[3].Value | Should -Be 'Failed'
        $rows[0].Groups[4].Value | Should -Be $PerGroup.Groups[0].Measured
        @($rows | ForEach-Object { $_.Groups[3].Value }) | Should -Be @($PerGroup.Groups.Verdict)
    }

    It 'renders in Chromium 1280 pixels wide without a horizontal scroll bar, every chart drawn' {
        $page = Join-Path $TestDrive 'judgements.html'
        $null = $Single, $Grouped, $PerGroup | Export-ChaosReport -LiteralPath $Journal -OutputPath $page
        $screenshot = Join-Path $TestDrive 'judgements.png'
        $measure = Measure-HtmlPage -Path $page -Width 1280 -ScreenshotPath $screenshot
        $measure.ScrollWidth | Should -Be $measure.ClientWidth
        $measure.WidestRight | Should -BeLessOrEqual $measure.ClientWidth
        $measure.DrawnSvgs | Should -Be (1 + $Grouped.GroupCount)
        (Get-Item -LiteralPath $screenshot).Length | Should -BeGreaterThan 10kb
    }
}

Describe 'Binding and formats' {
    It 'takes -InputObject beside -Path, and a pipeline that mixes journal paths and results' {
        $html = Export-ChaosReport -Path $Journal -InputObject $Grouped
        $html | Should -Match 'id="run-1"'
        $html | Should -Match 'id="judgement-1"'
        $html = $Journal, $Single | Export-ChaosReport
        $html | Should -Match 'id="run-1"'
        $html | Should -Match 'id="judgement-1"'
        $html | Should -Not -Match 'id="judgement-2"'
    }

    It 'reads a journal given on the command line once, whatever the number of piped results' {
        $html = $Single, $Grouped | Export-ChaosReport -LiteralPath $Journal
        ([regex]::Matches($html, '<article class="run tone')).Count | Should -Be 1
        ([regex]::Matches($html, '<article class="run judgement')).Count | Should -Be 2
    }

    It 'titles a page of one comparison by its verdict' {
        $Single | Export-ChaosReport | Should -Match '<title>Pass: latency: candidate against baseline</title>'
    }

    It 'Markdown: a heading per result and a table of the groups, failing first' {
        $markdown = $Grouped, $PerGroup | Export-ChaosReport -Format Markdown
        $markdown | Should -Match '(?m)^# ❌ Fail: latency by service: candidate against baseline$'
        $markdown | Should -Match '(?m)^# ❌ Failed: p90\(latency\) &lt;= 230 for each service$'
        $markdown | Should -Match "(?m)^\| service \| Verdict \| Median baseline \|"
        $markdown | Should -Match ("(?m)^\| \*\*{0}\*\* \| ❌ High \|" -f [regex]::Escape($SlowService))
        $markdown | Should -Not -Match '<svg'
    }

    It 'a result of another kind is not a journal path: -InputObject refuses it' {
        { Export-ChaosReport -InputObject (Get-Date) } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,ChaosPixie.PowerShell.Commands.ExportChaosReportCommand'
    }
}
