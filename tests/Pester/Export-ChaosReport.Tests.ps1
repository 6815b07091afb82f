# Export-ChaosReport: journals into one HTML page or Markdown; the verdict, broken tolerances with their
# measured values, the timeline, failures and rollbacks for each status; escaping; several journals; errors.
BeforeAll {
    Import-Module ChaosPixie -Force
    $script:Journals = Join-Path $PSScriptRoot 'Fixtures/Journals'

    function Get-Journal([string] $Name) { Join-Path $Journals "$Name.json" }

    function New-JournalFile([string] $Text) {
        $path = Join-Path $TestDrive ("journal-{0}.json" -f [guid]::NewGuid().ToString('n'))
        [IO.File]::WriteAllText($path, $Text)
        $path
    }

    # The text between a heading and the next heading of the same level: one section of the page.
    function Get-HtmlSection([string] $Html, [string] $Heading) {
        $start = $Html.IndexOf("<h2>$Heading")
        if ($start -lt 0) { return $null }
        $end = $Html.IndexOf('</section>', $start)
        $Html.Substring($start, $end - $start)
    }

    # Each Markdown table's rows must have as many cell separators (unescaped pipes) as its header, or the table breaks.
    function Get-BrokenTableRow([string] $Markdown) {
        $expected = $null
        foreach ($line in $Markdown -split "`n") {
            if (-not $line.StartsWith('|')) { $expected = $null; continue }
            $pipes = ([regex]::Matches($line, '(?<!\\)\|')).Count
            if ($null -eq $expected) { $expected = $pipes }
            elseif ($pipes -ne $expected) { $line }
        }
    }
}

Describe 'The HTML report of a <Name> run' -ForEach @(
    @{ Name = 'completed'; Badge = 'Completed'; Tone = 'tone-passed'; Title = 'Consumer survives a pod kill'; Meaning = 'The steady state held before and after the method' }
    @{ Name = 'deviated'; Badge = 'Deviated'; Tone = 'tone-failed'; Title = 'Consumer p99 latency under a pod kill'; Meaning = 'held before the method but not after it' }
    @{ Name = 'failed'; Badge = 'Failed'; Tone = 'tone-failed'; Title = 'Consumer health after a network partition'; Meaning = "The probe 'consumer-health' raised an error" }
    @{ Name = 'during-fail-fast'; Badge = 'Failed'; Tone = 'tone-failed'; Title = 'Consumer latency while the node drains'; Meaning = 'missed during the method and fail-fast stopped the run' }
    @{ Name = 'aborted'; Badge = 'Aborted'; Tone = 'tone-failed'; Title = 'Consumer scales down and back'; Meaning = 'unexpected error in the method' }
    @{ Name = 'interrupted'; Badge = 'Interrupted'; Tone = 'tone-unknown'; Title = 'Consumer recovers within a minute'; Meaning = 'stopped before it finished' }
    @{ Name = 'not-tested'; Badge = 'Not tested'; Tone = 'tone-warning'; Title = 'Consumer p99 latency under a pod kill'; Meaning = 'not met before the method, so the method did not run' }
) {
    BeforeAll {
        $script:Html = Export-ChaosReport -LiteralPath (Get-Journal $Name)
    }

    It 'is one self-contained page: inline CSS, no script, nothing loaded from the network' {
        $Html | Should -HaveCount 1
        $Html | Should -BeOfType [string]
        $Html | Should -Match '^<!DOCTYPE html>'
        $Html | Should -Match '<style>'
        $Html | Should -Match "Content-Security-Policy"".*default-src 'none'"
        $Html | Should -Not -Match '<script|<link|<img|<iframe|\ssrc=|url\('
        $Html | Should -Not -Match 'href="(?!#)'
    }

    It 'opens with the verdict <Badge>, its meaning and the title' {
        $Html | Should -Match "<article class=""run $Tone"" id=""run-1"">\s*<header class=""verdict""><div class=""badge"">$Badge</div>"
        $Html | Should -Match ('<h1>' + [regex]::Escape($Title) + '</h1><p class="meaning">[^<]*' + [regex]::Escape([Net.WebUtility]::HtmlEncode($Meaning)))
        $Html.IndexOf('class="badge"') | Should -BeLessThan $Html.IndexOf('<h2>Timeline</h2>')
    }

    It 'shows the start, end and duration, and a timeline bar for each activity' {
        $Html | Should -Match '<dt>Started</dt><dd>2026-11-24 20:33:37 UTC</dd>'
        $Html | Should -Match '<dt>Ended</dt><dd>2026-11-24 20:33:\d\d UTC</dd>'
        $Html | Should -Match '<dt>Duration</dt><dd>[\d.]+ s</dd>'
        $journal = Get-Content (Get-Journal $Name) -Raw | ConvertFrom-Json
        $records = @($journal.run) + @($journal.rollbacks) + @($journal.steady_states.before.probes) + @($journal.steady_states.after.probes) | Where-Object { $_ }
        $bars = [regex]::Matches((Get-HtmlSection $Html 'Timeline'), 'class="bar s-').Count
        $bars | Should -Be ($records.Count + @($journal.steady_states.during).Count)
    }
}

Describe 'What each status shows' {
    It 'deviated: the broken tolerance with its measured value and threshold, before the timeline' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'deviated')
        $finding = Get-HtmlSection $html 'Tolerance not met'
        $finding | Should -Match 'STEADY STATE AFTER THE METHOD|Steady state after the method'
        $finding | Should -Match '<strong>consumer-p99-latency</strong>'
        $finding | Should -Match '<span>Measured</span><b>412.8 ms</b>'
        $finding | Should -Match '<span>Tolerance</span><b>p99\(latency\) &lt;= 300 ms</b>'
        $finding | Should -Match 'p99\(latency\) = 412.8 ms &gt; 300 ms over 12 samples'
        $html.IndexOf('<h2>Tolerance not met') | Should -BeLessThan $html.IndexOf('<h2>Timeline')
        $html | Should -Match 'class="bar s-toleranceMissed"'
        # The steady probe before the method shows its measured value too.
        $html | Should -Match 'p99\(latency\) = 245.3 ms &lt;= 300 ms'
        $html | Should -Match '<h2>Rollbacks</h2>\s*<table>[\s\S]*restart-consumer'
    }

    It 'failed: the probe that raised, with the last line of its exception, and no rollback' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'failed')
        $finding = Get-HtmlSection $html 'Tolerance not met'
        $finding | Should -Match 'The probe failed, so its tolerance could not be checked'
        $finding | Should -Match 'chaoslib.exceptions.ActivityFailed: failed to connect to http://127.0.0.1:8080/healthz'
        $finding | Should -Not -Match 'HttpRequestException'
        Get-HtmlSection $html 'Rollbacks' | Should -Match 'No rollback was played.'
    }

    It 'aborted: the failed action with its error, and the rollback that was played' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'aborted')
        $failed = Get-HtmlSection $html 'Failed activity'
        $failed | Should -Match 'scale-consumer-to-zero'
        $failed | Should -Match 'process activity took too long to complete'
        Get-HtmlSection $html 'Rollbacks' | Should -Match 'restart-consumer'
        $html | Should -Not -Match '<h2>Tolerance'
    }

    It 'interrupted: the activity that was cut short is shown as interrupted' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'interrupted')
        Get-HtmlSection $html 'Failed activity' | Should -Match 'wait-for-recovery</strong></td><td class="nowrap">method</td><td class="bad nowrap">interrupted'
        $html | Should -Match 'class="bar s-interrupted"'
    }

    It 'not tested: the probe that missed before the method, with the status it read' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'not-tested')
        $finding = Get-HtmlSection $html 'Tolerance not met'
        $finding | Should -Match 'consumer-pods-running'
        $finding | Should -Match '<span>Measured</span><b>1</b>'
        $finding | Should -Match '<span>Tolerance</span><b>0</b>'
        Get-HtmlSection $html 'Method' | Should -Match 'The method ran no activity.'
    }

    It 'completed: no finding; other tolerances are shown as defined, with tolerance_met' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'completed')
        $html | Should -Not -Match '<h2>(Tolerance|Failed)'
        $ssh = Get-HtmlSection $html 'Steady-state hypothesis'
        $ssh | Should -Match "probe &#39;median-below-150ms&#39;: python: chaospixie.tolerances.median_should_be_below\(column=&quot;latency&quot;, treshold=150"
        # Upstream writes the probe's output into the tolerance's 'value' argument: that is not part of the tolerance.
        $ssh | Should -Not -Match 'value='
        $ssh | Should -Match '<td class="mono">200</td><td>status = 200</td><td><span class="ok">yes</span>'
        $html | Should -Match 'generate-load <small>\(background\)</small>'
    }

    It 'during: the iterations counted, and the one that missed with its measured value' {
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'during-fail-fast')
        $html | Should -Match '2 iterations, 1 not met'
        $html | Should -Match 'Steady state during the method, #2: <span class="bad">not met</span>'
        Get-HtmlSection $html 'Tolerance not met' | Should -Match '<b>388.5 ms</b>'
        Get-HtmlSection $html 'Timeline' | Should -Match '<div class="tl-label" title="2 iterations, 1 not met">'
    }

    It 'during: many iterations share one timeline row, and only the first five misses are detailed' {
        $journal = Get-Content (Get-Journal 'during-fail-fast') -Raw | ConvertFrom-Json -AsHashtable -DateKind String
        $iteration = $journal.steady_states.during[1]
        $journal.steady_states.during = @(foreach ($i in 1..60) { $iteration })
        $html = Export-ChaosReport -LiteralPath (New-JournalFile ($journal | ConvertTo-Json -Depth 20))
        $timeline = Get-HtmlSection $html 'Timeline'
        [regex]::Matches($timeline, 'class="tl-label"').Count | Should -Be 2
        [regex]::Matches($timeline, 'class="bar s-toleranceMissed"').Count | Should -Be 60
        $html | Should -Match '60 iterations, 60 not met'
        # The findings show the first miss and count the others; the hypothesis section details five.
        [regex]::Matches((Get-HtmlSection $html 'Tolerance not met'), 'class="card"').Count | Should -Be 1
        $html | Should -Match 'The hypothesis also missed in 59 later iterations during the method.'
        [regex]::Matches((Get-HtmlSection $html 'Steady-state hypothesis'), 'Steady state during the method, #\d+').Count | Should -Be 5
        $html | Should -Match '55 more iterations not met are in the journal'
        $md = Export-ChaosReport -LiteralPath (New-JournalFile ($journal | ConvertTo-Json -Depth 20)) -Format Markdown
        $md | Should -Match '(?m)^\| Steady state during \| 60 iterations, 60 not met \| .* \| `[·█]*█[·█]*` \|$'
        $md | Should -Match 'also missed in 59 later iterations'
    }
}

Describe 'The Markdown report' {
    It 'for a <Name> run starts with the verdict and keeps every table whole' -ForEach @(
        @{ Name = 'completed'; Heading = '# ✅ Completed: Consumer survives a pod kill' }
        @{ Name = 'deviated'; Heading = '# ❌ Deviated: Consumer p99 latency under a pod kill' }
        @{ Name = 'failed'; Heading = '# ❌ Failed: Consumer health after a network partition' }
        @{ Name = 'aborted'; Heading = '# ❌ Aborted: Consumer scales down and back' }
        @{ Name = 'interrupted'; Heading = '# ⏹️ Interrupted: Consumer recovers within a minute' }
        @{ Name = 'not-tested'; Heading = '# ⚠️ Not tested: Consumer p99 latency under a pod kill' }
        @{ Name = 'during-fail-fast'; Heading = '# ❌ Failed: Consumer latency while the node drains' }
    ) {
        $md = Export-ChaosReport -LiteralPath (Get-Journal $Name) -Format Markdown
        $md | Should -HaveCount 1
        ($md -split "`n")[0] | Should -BeExactly $Heading
        $md | Should -Match '(?m)^> \*\*'
        $md | Should -Match '(?m)^## Timeline$'
        $md | Should -Match '(?m)^## Steady-state hypothesis$'
        $md | Should -Match '(?m)^## Rollbacks$'
        Get-BrokenTableRow $md | Should -BeNullOrEmpty
        $md | Should -Not -Match '<[a-z]'
    }

    It 'puts the broken tolerance, its measured value and threshold in a table' {
        $md = Export-ChaosReport -LiteralPath (Get-Journal 'deviated') -Format Markdown
        $md | Should -Match '(?m)^## Tolerance not met$'
        $md | Should -Match ([regex]::Escape('| Steady state after the method | **consumer-p99-latency** | **412.8 ms** | p99(latency) &lt;= 300 ms | p99(latency) = 412.8 ms &gt; 300 ms over 12 samples (Inclusive) |'))
    }

    It 'lists a failed activity with the last line of its exception' {
        $md = Export-ChaosReport -LiteralPath (Get-Journal 'aborted') -Format Markdown
        $md | Should -Match ([regex]::Escape('| **scale-consumer-to-zero** | method | ❌ failed | chaoslib.exceptions.ActivityFailed: process activity took too long to complete |'))
    }
}

Describe 'Escaping' {
    BeforeAll {
        $script:Hostile = Get-Journal 'hostile'
    }

    It 'HTML: names, outputs, errors and the description cannot inject markup' {
        $html = Export-ChaosReport -LiteralPath $Hostile
        $html | Should -Not -Match '<script|<img|<iframe|<b>ok|</td></tr></table><'
        $html | Should -Match '&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;'
        $html | Should -Match '&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;'
        $html | Should -Match '&lt;iframe src=&quot;http://127.0.0.1/&quot;&gt;'
        # The page's structure is intact: one article, closed.
        [regex]::Matches($html, '<article ').Count | Should -Be 1
        [regex]::Matches($html, '</article>').Count | Should -Be 1
    }

    It 'Markdown: no raw HTML, no links, no emphasis, no broken tables, no heading from the description' {
        $md = Export-ChaosReport -LiteralPath $Hostile -Format Markdown
        $md | Should -Not -Match '<script|<img|<iframe|<b>'
        $md | Should -Not -Match '(?<!\\)\]\('
        $md | Should -Not -Match '(?<!\\)\*\*bold'
        $md | Should -Not -Match '(?m)^# not a heading'
        $md | Should -Match '(?m)^\\# not a heading'
        Get-BrokenTableRow $md | Should -BeNullOrEmpty
    }

    It 'shows values the journal masked as *** and nothing else of the experiment''s secrets' {
        foreach ($format in 'Html', 'Markdown') {
            $text = Export-ChaosReport -LiteralPath $Hostile -Format $format
            $text | Should -Match 'token=(\\\*){3}|token=\*\*\*'
        }

        $html = Export-ChaosReport -LiteralPath (Get-Journal 'deviated')
        $html | Should -Not -Match 'api_key|pixie_cluster|3b7c2f9e'
    }
}

Describe 'Several journals in one report' {
    It 'HTML: an overview of every run with its verdict, then each run' {
        $html = Export-ChaosReport -Path (Join-Path $Journals '*.json') -Title 'Nightly chaos'
        $html | Should -HaveCount 1
        $count = (Get-ChildItem $Journals -Filter *.json).Count
        [regex]::Matches($html, '<article class="run ').Count | Should -Be $count
        $html | Should -Match '<title>Nightly chaos</title>'
        $html | Should -Match '<section class="overview">\s*<h1>Nightly chaos</h1>'
        $html | Should -Match "$count runs: "
        foreach ($i in 1..$count) { $html | Should -Match "<a href=""#run-$i"">" ; $html | Should -Match "id=""run-$i""" }
        $html | Should -Match '<span class="chip tone-failed">Deviated</span></td><td><a href="#run-\d">Consumer p99 latency under a pod kill'
    }

    It 'Markdown: a summary table, then each run one heading level down' {
        $md = Export-ChaosReport -LiteralPath (Get-Journal 'completed'), (Get-Journal 'deviated') -Format Markdown
        ($md -split "`n")[0] | Should -BeExactly '# Chaos experiments report'
        $md | Should -Match '(?m)^\| ✅ \*\*Completed\*\* \| Consumer survives a pod kill \|'
        $md | Should -Match '(?m)^## ✅ Completed: Consumer survives a pod kill$'
        $md | Should -Match '(?m)^## ❌ Deviated: Consumer p99 latency under a pod kill$'
        $md | Should -Match '(?m)^### Tolerance not met$'
        Get-BrokenTableRow $md | Should -BeNullOrEmpty
    }

    It 'takes journals from Get-ChildItem through the pipeline' {
        $html = Get-ChildItem $Journals -Filter 'd*.json' | Export-ChaosReport
        [regex]::Matches($html, '<article class="run ').Count | Should -Be 2
    }
}

Describe 'Writing to a file' {
    It '-OutputPath writes UTF-8 without a BOM and returns the file' {
        $target = Join-Path $TestDrive 'report.html'
        $file = Export-ChaosReport -LiteralPath (Get-Journal 'deviated') -OutputPath $target
        $file | Should -BeOfType [IO.FileInfo]
        $file.FullName | Should -Be $target
        $bytes = [IO.File]::ReadAllBytes($target)
        $bytes[0..2] | Should -Not -Be @(0xEF, 0xBB, 0xBF)
        [Text.Encoding]::UTF8.GetString($bytes) | Should -Match '<div class="badge">Deviated</div>'
    }

    It '-OutputPath with -Format Markdown writes Markdown' {
        $target = Join-Path $TestDrive 'summary.md'
        Export-ChaosReport -LiteralPath (Get-Journal 'failed') -Format Markdown -OutputPath $target | Out-Null
        Get-Content $target -First 1 | Should -BeExactly '# ❌ Failed: Consumer health after a network partition'
    }

    It '-WhatIf writes nothing' {
        $target = Join-Path $TestDrive 'whatif.html'
        Export-ChaosReport -LiteralPath (Get-Journal 'deviated') -OutputPath $target -WhatIf | Should -BeNullOrEmpty
        Test-Path $target | Should -BeFalse
    }

    It 'a folder that does not exist is a terminating error that names the path' {
        $target = Join-Path $TestDrive 'no/such/folder/report.html'
        { Export-ChaosReport -LiteralPath (Get-Journal 'deviated') -OutputPath $target -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportOutputFailed,ChaosPixie.PowerShell.Commands.ExportChaosReportCommand' -ExpectedMessage "*$target*existing folder*"
    }
}

Describe 'Errors' {
    It '<Case>: <Id> (<Category>), the journal named, no report' -ForEach @(
        @{ Case = 'a missing file'; Id = 'ReportJournalNotFound'; Category = 'ObjectNotFound'; Text = $null; Message = '*Cannot find the journal file*' }
        @{ Case = 'invalid JSON'; Id = 'ReportJournalInvalidJson'; Category = 'InvalidData'; Text = '{"experiment": {"title": "t"}, "status": '; Message = '*is not valid JSON at line 1*' }
        @{ Case = 'an experiment, not a journal'; Id = 'ReportNotAJournal'; Category = 'InvalidData'; Text = '{"title": "t", "description": "d", "method": []}'; Message = '*not a Chaos Toolkit journal*looks like an experiment*Invoke-ChaosExperiment*' }
        @{ Case = 'a JSON array'; Id = 'ReportNotAJournal'; Category = 'InvalidData'; Text = '[1, 2]'; Message = '*not a Chaos Toolkit journal*' }
    ) {
        $path = if ($null -eq $Text) { Join-Path $TestDrive 'missing.json' } else { New-JournalFile $Text }
        $out = Export-ChaosReport -LiteralPath $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "$Id,ChaosPixie.PowerShell.Commands.ExportChaosReportCommand"
        $problems[0].CategoryInfo.Category | Should -Be $Category
        $problems[0].TargetObject | Should -Be $path
        $problems[0].Exception.Message | Should -BeLike $Message
        $problems[0].Exception.Message | Should -Not -Match 'at ChaosPixie|Exception:'
    }

    It 'a wildcard that matches nothing is ReportJournalNotFound' {
        Export-ChaosReport -Path (Join-Path $TestDrive 'nothing-*.json') -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ReportJournalNotFound,*'
    }

    It 'a folder is ReportJournalUnreadable and says to give the files in it' {
        Export-ChaosReport -LiteralPath $Journals -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ReportJournalUnreadable,*'
        $problems[0].Exception.Message | Should -BeLike '*is a folder*.json*'
    }

    It 'a bad journal among good ones is reported and the others still make the report' {
        $bad = New-JournalFile 'not json'
        $html = Export-ChaosReport -LiteralPath (Get-Journal 'completed'), $bad, (Get-Journal 'deviated') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems | Should -HaveCount 1
        $problems[0].TargetObject | Should -Be $bad
        [regex]::Matches($html, '<article class="run ').Count | Should -Be 2
    }

    It 'a path on another provider is ReportJournalPathNotFileSystem' {
        Export-ChaosReport -Path 'Env:PATH' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ReportJournalPathNotFileSystem,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'A real run of Invoke-ChaosExperiment' {
    BeforeAll {
        # A deviated run that only uses ChaosPixie's own providers: the probe measures p99 with
        # Test-PercentileBelow -Detailed, the method raises the latencies (and leaks a secret into its output),
        # a rollback restores them.
        $script:Samples = Join-Path $TestDrive 'samples.txt'
        Set-Content $Samples '100,120,150,180,210'
        $measure = 'param($Path) (Get-Content $Path) -split "," | ForEach-Object { @{ latency = [double]$_ } } | Test-PercentileBelow -Column latency -Percentile 99 -Threshold 300 -Detailed'
        $experiment = [ordered]@{
            title = 'Checkout p99 latency survives a cache flush'
            description = 'Flush the cache; p99 latency must stay under 300.'
            configuration = [ordered]@{ samples = $Samples }
            secrets = [ordered]@{ api = [ordered]@{ token = 'report-secret-4f9c2a' } }
            'steady-state-hypothesis' = [ordered]@{
                title = 'Checkout is fast'
                probes = @([ordered]@{ type = 'probe'; name = 'checkout-p99-latency'; tolerance = [ordered]@{ type = 'jsonpath'; path = '$.Passed'; expect = $true }
                        provider = [ordered]@{ type = 'powershell'; script = $measure; arguments = [ordered]@{ Path = '${samples}' } } })
            }
            method = @([ordered]@{ type = 'action'; name = 'flush-cache'
                    provider = [ordered]@{ type = 'powershell'; script = 'param($Path, $Token) Set-Content $Path "120,180,240,410,520,610"; "flushed with $Token"'
                        arguments = [ordered]@{ Path = '${samples}'; Token = '${token}' } } })
            rollbacks = @([ordered]@{ type = 'action'; name = 'restore-cache'
                    provider = [ordered]@{ type = 'powershell'; script = 'param($Path) Set-Content $Path "100,120,150,180,210"'; arguments = [ordered]@{ Path = '${samples}' } } })
        }
        $path = Join-Path $TestDrive 'latency.json'
        $experiment | ConvertTo-Json -Depth 20 | Set-Content $path
        $script:JournalFile = Join-Path $TestDrive 'journal.json'
        $script:Run = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $JournalFile -WarningAction SilentlyContinue
    }

    It 'takes the run''s result from the pipeline and shows the measured value that broke the tolerance' {
        $Run.Deviated | Should -BeTrue
        $html = $Run | Export-ChaosReport
        $html | Should -Match '<div class="badge">Deviated</div>'
        $finding = Get-HtmlSection $html 'Tolerance not met'
        $finding | Should -Match '<strong>checkout-p99-latency</strong>'
        $finding | Should -Match '<span>Measured</span><b>605.5</b>'
        $finding | Should -Match '<span>Tolerance</span><b>p99\(latency\) &lt;= 300</b>'
        $html | Should -Match 'p99\(latency\) = 208.8 &lt;= 300 over 5 samples'
        Get-HtmlSection $html 'Rollbacks' | Should -Match 'restore-cache'
    }

    It 'never shows the secret the run masked, in either format' {
        (Get-Content $JournalFile -Raw) | Should -Not -Match 'report-secret-4f9c2a'
        foreach ($format in 'Html', 'Markdown') {
            Export-ChaosReport -LiteralPath $JournalFile -Format $format | Should -Not -Match 'report-secret-4f9c2a'
        }
    }
}

Describe 'A process action that exits non-zero' {
    BeforeAll {
        # Upstream calls a process action succeeded whatever its exit code; the report keeps that status and warns.
        $commands = Join-Path $PSScriptRoot 'Fixtures/Experiments/run/commands'
        $experiment = [ordered]@{
            title  = 'A cleanup that exits 7'
            description = 'The method runs a process that exits 7 and one that exits 0.'
            method = @(
                [ordered]@{ type = 'action'; name = 'cleanup'; provider = [ordered]@{ type = 'process'; path = (Join-Path $commands 'chaos-exit'); arguments = @(7) } }
                [ordered]@{ type = 'action'; name = 'calm'; provider = [ordered]@{ type = 'process'; path = (Join-Path $commands 'chaos-exit'); arguments = @(0) } }
            )
        }
        if ($IsWindows) { foreach ($action in $experiment.method) { $action.provider.path += '.cmd' } }
        $path = Join-Path $TestDrive 'exit7.json'
        $experiment | ConvertTo-Json -Depth 20 | Set-Content $path
        $script:ExitJournal = Join-Path $TestDrive 'exit7.journal.json'
        $null = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $ExitJournal -WarningAction SilentlyContinue
    }

    It 'keeps upstream''s succeeded and shows the exit code as a warning beside it, in HTML' {
        $journal = Get-Content $ExitJournal -Raw | ConvertFrom-Json
        $journal.run[0].status | Should -Be 'succeeded'
        $journal.run[0].output.status | Should -Be 7
        $method = Get-HtmlSection (Export-ChaosReport -LiteralPath $ExitJournal) 'Method'
        $method | Should -Match 'succeeded <span class="warn">⚠ exit code 7</span>'
        ([regex]::Matches($method, 'exit code')).Count | Should -Be 1
    }

    It 'and in Markdown' {
        $markdown = Export-ChaosReport -LiteralPath $ExitJournal -Format Markdown
        $markdown | Should -Match '\| \*\*cleanup\*\* \| action \| [^|]+ \| ✅ succeeded ⚠️ exit code 7 \|'
        $markdown | Should -Match '\| \*\*calm\*\* \| action \| [^|]+ \| ✅ succeeded \|'
        Get-BrokenTableRow $markdown | Should -BeNullOrEmpty
    }
}

Describe 'The HTML report of a run judged on Pixie data' {
    BeforeAll {
        # The README's experiment against the emulator: fast before the method, slow after it.
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $root = Join-Path $PSScriptRoot '../..'
        $emulator = Start-VizierEmulator -Scenario (Join-Path $root 'examples/scenarios/consumer-latency-degrading.json')
        $closedPort = Get-FreePort
        $env:PIXIE_API_KEY = $emulator.ApiKey; $env:PIXIE_CLUSTER_ID = $emulator.ClusterId; $env:PIXIE_SERVER_URL = $emulator.Url
        $env:CONSUMER_URL = "http://127.0.0.1:$closedPort/"
        $script:PixieJournal = Join-Path $TestDrive 'pixie.journal.json'
        Push-Location (Join-Path $root 'examples/consumer-latency')
        try { $null = Invoke-ChaosExperiment -Path ./experiment.json -JournalPath $PixieJournal -WarningAction SilentlyContinue -InformationAction SilentlyContinue }
        finally {
            Pop-Location
            Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID, Env:PIXIE_SERVER_URL, Env:CONSUMER_URL -ErrorAction Ignore
            Stop-VizierEmulator $emulator
        }
        $script:Journal = Get-Content -LiteralPath $PixieJournal -Raw | ConvertFrom-Json
        $script:Html = Export-ChaosReport -LiteralPath $PixieJournal
        $script:Charts = @([regex]::Matches($Html, '(?s)<svg .*?</svg>') | ForEach-Object Value)
    }

    It 'draws one chart for the Pixie tolerance, as well-formed XML without script, event attribute or link' {
        $Charts.Count | Should -Be 1
        $Html | Should -Match '<h2>Measured over time</h2>'
        foreach ($chart in $Charts) {
            $settings = [Xml.XmlReaderSettings]::new()
            $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
            $document = [xml]::new()
            $document.Load([Xml.XmlReader]::Create([IO.StringReader]::new($chart), $settings))
            $document.DocumentElement.LocalName | Should -Be 'svg'
            $document.SelectNodes('//*[local-name()="script" or local-name()="foreignObject" or local-name()="image"]').Count | Should -Be 0
            $document.SelectNodes('//@*[starts-with(local-name(), "on") or local-name()="href"]').Count | Should -Be 0
            $document.SelectSingleNode('/*[local-name()="svg"]/*[local-name()="title"]').InnerText | Should -Match 'latency_p99 ms over time, by phase, threshold 300 ms'
        }
    }

    It 'draws every row of each phase in its colour, and the threshold as a dashed line at 300 ms' {
        $document = [xml]$Charts[0]
        $paths = @{}
        foreach ($path in $document.SelectNodes('//*[local-name()="path"]')) { $paths[$path.GetAttribute('class')] = $path }
        $paths.Keys | Sort-Object | Should -Be 'phase-after', 'phase-before'
        $paths['phase-before'].GetAttribute('stroke') | Should -Be '#0072B2'
        $paths['phase-after'].GetAttribute('stroke') | Should -Be '#009E73'
        ([regex]::Matches($paths['phase-before'].GetAttribute('d'), 'h0')).Count | Should -Be $Journal.steady_states.before.probes[0].output.Count
        ([regex]::Matches($paths['phase-after'].GetAttribute('d'), 'h0')).Count | Should -Be $Journal.steady_states.after.probes[0].output.Count
        $threshold = $document.SelectSingleNode('//*[local-name()="line" and @class="threshold"]')
        $threshold.GetAttribute('stroke') | Should -Be '#D55E00'
        $threshold.GetAttribute('stroke-dasharray') | Should -Not -BeNullOrEmpty
        $Charts[0] | Should -Match 'threshold 300 ms \(passes at or below\)'
    }

    It 'draws nothing for a run whose tolerances did not judge Pixie rows' {
        Export-ChaosReport -LiteralPath (Get-Journal 'deviated') | Should -Not -Match '<svg'
    }
}
