# Invoke-ChaosExperiment: one secret planted in every kind of activity, searched for in every output of the run. Each
# test runs a real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:Http = Start-TestHttpServer
    $script:BaseUrl = $Http.BaseUrl
}

AfterAll {
    Stop-TestHttpServer $Http
}

Describe 'Secrets in every output' {
    It 'masks a secret that reached a probe''s stdout, an http header, an error message and a verbose line, in the journal, the reports, the JUnit file, the summary and every stream' {
        $secret = "tok-$([guid]::NewGuid().ToString('n'))"
        $env:CHAOSPIXIE_TEST_TOKEN = $secret
        try {
            $marker = Join-Path $TestDrive 'secret.marker'
            $echo = New-Probe 'echo-token' (New-Activity -Path 'chaos-echo' -Arguments @('${token}')).provider 0
            $header = New-Probe 'header-token' ([ordered]@{ type = 'http'; url = "$BaseUrl/echo"; headers = @{ 'X-Token' = '${token}' } }) 200
            # Passes before the method, misses after it, and explains itself with the secret in the explanation.
            $explained = [ordered]@{ type = 'probe'; name = 'explained'; tolerance = [ordered]@{ type = 'jsonpath'; path = '$.passed'; expect = $true }
                provider = [ordered]@{ type = 'powershell'; script = 'param($t, $m) [pscustomobject]@{ passed = -not (Test-Path $m); Explanation = "token $t rejected" }'; arguments = [ordered]@{ t = '${token}'; m = $marker } } }
            $method = @(
                New-Activity 'break' 'chaos-touch' @($marker)
                [ordered]@{ type = 'action'; name = 'denied'; provider = [ordered]@{ type = 'powershell'; script = 'param($t) throw "denied for $t"'; arguments = @{ t = '${token}' } } }
            )
            $experiment = New-Experiment -Probes $echo, $header, $explained -Method $method -Extra ([ordered]@{
                    title   = 'Secrets ${token}'
                    secrets = @{ api = [ordered]@{ token = @{ type = 'env'; key = 'CHAOSPIXIE_TEST_TOKEN' }; pin = 740417263 } }
                })
            $path = Join-Path $TestDrive 'secret.json'
            $experiment | ConvertTo-Json -Depth 10 | Set-Content $path
            $journal = Join-Path $TestDrive 'secret.journal.json'
            $junit = Join-Path $TestDrive 'secret.junit.xml'
            $errorCount = $Error.Count
            # The logging commands are taken through -InformationVariable: written to the host stream, even redirected,
            # they reach this run's own transcript, where an agent would obey them.
            $streams = Invoke-ChaosExperiment -LiteralPath $path -JournalPath $journal -JUnitPath $junit -AzurePipelines -Verbose -InformationVariable info -InformationAction Ignore *>&1 | ForEach-Object { "$_" }
            $streams = @($streams) + @($info | ForEach-Object { "$_" })
            $html = Join-Path $TestDrive 'secret.html'
            $markdown = Join-Path $TestDrive 'secret.report.md'
            $null = Export-ChaosReport -LiteralPath $journal -OutputPath $html
            $null = Export-ChaosReport -LiteralPath $journal -Format Markdown -OutputPath $markdown

            $texts = [ordered]@{
                journal  = Get-Content -Raw $journal
                html     = Get-Content -Raw $html
                markdown = Get-Content -Raw $markdown
                summary  = Get-Content -Raw ([IO.Path]::ChangeExtension($journal, '.md'))
                junit    = Get-Content -Raw $junit
                streams  = $streams -join "`n"
                errors   = @($Error | Select-Object -First ($Error.Count - $errorCount) | ForEach-Object { "$_ $($_.Exception)" }) -join "`n"
            }
            foreach ($name in $texts.Keys) {
                $texts[$name] | Should -Not -BeLike "*$secret*" -Because "the $name must not hold the secret"
                $texts[$name] | Should -Not -BeLike '*740417263*' -Because "the $name must not hold the numeric secret"
            }

            # Each path was taken, and masked where the secret would have been.
            $json = $texts.journal | ConvertFrom-Json -DateKind String
            $json.steady_states.before.probes[0].output.stdout | Should -Be "***`n"
            $json.steady_states.before.probes[1].output.body.token | Should -Be '***'
            $json.run[1].exception[-1] | Should -BeLike '*denied for `*`*`**'
            $json.deviated | Should -BeTrue
            $json.experiment.secrets.api.pin | Should -Be '***'
            $texts.streams | Should -Match 'Running experiment: Secrets \*\*\*'
            $texts.streams | Should -Match 'task.complete result=Failed;\]Deviated: Secrets \*\*\*'
            $texts.streams | Should -Match 'code=ToleranceNotMet\]explained: token \*\*\* rejected'
            $texts.junit | Should -Match '<testsuite name="Secrets \*\*\*"'
            $texts.junit | Should -Match 'message="token \*\*\* rejected"'
            $texts.junit | Should -Match 'denied for \*\*\*'
        }
        finally { Remove-Item Env:CHAOSPIXIE_TEST_TOKEN -ErrorAction Ignore }
    }
}
