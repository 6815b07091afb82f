# Invoke-ChaosExperiment: the JUnit file (-JUnitPath). Each test runs a real experiment and reads the journal the run
# wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
}

Describe 'JUnit results (-JUnitPath)' {
    BeforeAll {
        # Validates a file against the JUnit schema (tests/Pester/Fixtures/junit.xsd); returns the problems found.
        function script:Test-JUnitSchema([string] $Path) {
            $problems = [System.Collections.Generic.List[string]]::new()
            $settings = [System.Xml.XmlReaderSettings]::new()
            $null = $settings.Schemas.Add($null, (Join-Path $PSScriptRoot 'Fixtures/junit.xsd'))
            $settings.ValidationType = [System.Xml.ValidationType]::Schema
            $settings.add_ValidationEventHandler({ param($s, $e) $problems.Add("$($e.Severity): $($e.Message) (line $($e.Exception.LineNumber))") })
            $reader = [System.Xml.XmlReader]::Create($Path, $settings)
            try { while ($reader.Read()) { } } finally { $reader.Dispose() }
            , $problems.ToArray()
        }

        function script:Invoke-JUnit([System.Collections.IDictionary] $Experiment, [hashtable] $Parameters = @{}) {
            $junit = Join-Path $TestDrive "$([guid]::NewGuid().ToString('n')).xml"
            $run = Invoke-Experiment $Experiment -Parameters (@{ JUnitPath = $junit } + $Parameters)
            $run | Add-Member -PassThru -NotePropertyMembers @{ JUnitPath = $junit; Xml = [xml](Get-Content -Raw -LiteralPath $junit) }
        }

        $script:marker = Join-Path $TestDrive 'junit.marker'
        $gate = New-Probe 'gate' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $second = New-Probe 'second' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        $timeout = New-Activity 'slow' 'chaos-sleep' @(5, (Join-Path $TestDrive 'junit-slow.pids'))
        $timeout.provider.timeout = 0.2
        $experiment = New-Experiment -Probes $gate, $second -Method (New-Activity 'break' 'chaos-touch' @($marker)), $timeout -Rollbacks (New-Activity 'undo' 'chaos-echo' @('u')) -Extra ([ordered]@{ title = 'Consumer survives' })
        $script:deviated = Invoke-JUnit $experiment
        $script:suite = $deviated.Xml.testsuites.testsuite
    }

    It 'is valid against the JUnit schema, with one testsuite per experiment inside a testsuites root' {
        Test-JUnitSchema $deviated.JUnitPath | Should -BeNullOrEmpty
        $deviated.Xml.DocumentElement.LocalName | Should -Be 'testsuites'
        @($suite) | Should -HaveCount 1
        $suite.name | Should -Be 'Consumer survives'
        $suite.hostname | Should -Be ([Environment]::MachineName)
        $suite.timestamp | Should -Be ([datetimeoffset]$deviated.Journal.start).UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss')
    }

    It 'has a testcase per steady-state probe per phase and per method activity, counted on the suite' {
        $suite.testcase | ForEach-Object { "$($_.classname)/$($_.name)" } | Should -Be @(
            'Consumer survives.steady-state.before/gate'
            'Consumer survives.steady-state.before/second'
            'Consumer survives.steady-state.after/gate'
            'Consumer survives.steady-state.after/second'
            'Consumer survives.method/break'
            'Consumer survives.method/slow'
            'Consumer survives.rollbacks/undo')
        $suite.tests | Should -Be 7
        $suite.failures | Should -Be 1
        $suite.errors | Should -Be 1
        $suite.skipped | Should -Be 1
        ($suite.properties.property | Where-Object name -EQ 'verdict').value | Should -Be 'Deviated'
    }

    It 'gives a failure for the tolerance not met, an error with the last exception line for the activity that failed, and skips the probe not run' {
        $after = $suite.testcase | Where-Object classname -Like '*.after'
        $after[0].failure.type | Should -Be 'ToleranceNotMet'
        $after[0].failure.message | Should -Be 'tolerance not met: 1 (status = 0)'
        $after[1].skipped.message | Should -BeLike '*stopped at an earlier probe*'
        $slow = $suite.testcase | Where-Object name -EQ 'slow'
        $slow.error.type | Should -Be 'ActivityFailed'
        $slow.error.message | Should -Be $deviated.Journal.run[1].exception[-1].Trim()
    }

    It 'uses the tolerance''s own explanation as the failure message when it gives one' {
        $probe = [ordered]@{ type = 'probe'; name = 'p99'; provider = [ordered]@{ type = 'powershell'; script = '[pscustomobject]@{ passed = $false; Explanation = "p99 312 ms is above 250 ms" }' }; tolerance = [ordered]@{ type = 'jsonpath'; path = '$.passed'; expect = $true } }
        $run = Invoke-JUnit (New-Experiment -Probes $probe -Method (New-Activity 'act' 'chaos-echo' @('x')))
        $case = $run.Xml.testsuites.testsuite.testcase | Where-Object classname -Like '*.before'
        $case.failure.message | Should -Be 'p99 312 ms is above 250 ms'
    }

    It 'skips the method and the after probes when the steady state did not hold before the method' {
        $miss = New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1
        $run = Invoke-JUnit (New-Experiment -Probes $miss -Method (New-Activity 'act' 'chaos-echo' @('x')))
        Test-JUnitSchema $run.JUnitPath | Should -BeNullOrEmpty
        $cases = $run.Xml.testsuites.testsuite.testcase
        ($cases | Where-Object classname -Like '*.after').skipped.message | Should -BeLike '*not met before the method*'
        ($cases | Where-Object classname -Like '*.method').skipped.message | Should -BeLike '*method did not run*'
        $run.Xml.testsuites.testsuite.skipped | Should -Be 2
    }

    It 'holds one testsuite per experiment piped in, and stays valid for awkward names and control characters' {
        $first = Join-Path $TestDrive 'junit-a.json'
        $second = Join-Path $TestDrive 'junit-b.json'
        New-Experiment -Method (New-Activity "say <&> `"it`"" 'chaos-echo' @("bell`a")) -Extra ([ordered]@{ title = 'first & <one>' }) | ConvertTo-Json -Depth 10 | Set-Content $first
        New-Experiment -Method (New-Activity 'fails' 'chaos-exit' @(3)) -Extra ([ordered]@{ title = 'second' }) | ConvertTo-Json -Depth 10 | Set-Content $second
        $junit = Join-Path $TestDrive 'junit-many.xml'
        $results = Get-Item $first, $second | Invoke-ChaosExperiment -JournalPath (Join-Path $TestDrive 'junit-many.journal.json') -JUnitPath $junit -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        Test-JUnitSchema $junit | Should -BeNullOrEmpty
        $xml = [xml](Get-Content -Raw $junit)
        $xml.testsuites.testsuite.name | Should -Be @('first & <one>', 'second')
        $xml.testsuites.testsuite[0].testcase.name | Should -Be 'say <&> "it"'
        $xml.testsuites.tests | Should -Be 2
    }

    It 'reports a JUnit file it cannot write as JUnitWriteFailed, and still outputs the verdict' {
        $blocker = Join-Path $TestDrive 'junit-blocker'
        'x' | Set-Content $blocker
        $path = Join-Path $TestDrive 'junit-unwritable.json'
        New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x')) | ConvertTo-Json -Depth 10 | Set-Content $path
        $result = Invoke-ChaosExperiment -LiteralPath $path -JournalPath (Join-Path $TestDrive 'ju.journal.json') -JUnitPath (Join-Path $blocker 'junit.xml') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JUnitWriteFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'WriteError'
        $errors[0].TargetObject | Should -Be (Join-Path $blocker 'junit.xml')
        $result.Status | Should -Be 'completed'
    }
}
