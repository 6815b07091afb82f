# Invoke-ChaosExperiment: the Azure Pipelines logging commands and build summary (-AzurePipelines). Each test runs a
# real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-ExperimentFixture
    $script:ClosedUrl = "http://127.0.0.1:$(Get-FreePort)/"
}

Describe 'Azure Pipelines (-AzurePipelines)' {
    BeforeAll {
        # Runs an experiment file and returns the lines written to the host (the information stream tagged PSHOST).
        # -InformationAction Ignore keeps them off this run's own stdout, where an Azure Pipelines agent would obey them.
        function script:Invoke-Azure([string] $Path, [hashtable] $Parameters = @{ AzurePipelines = $true }) {
            $journal = [IO.Path]::ChangeExtension($Path, '.journal.json')
            $result = Invoke-ChaosExperiment -LiteralPath $Path -JournalPath $journal -WarningAction SilentlyContinue -InformationVariable info -InformationAction Ignore @Parameters
            [pscustomobject]@{
                Result  = $result
                Lines   = @($info | Where-Object { $_.Tags -contains 'PSHOST' -and $_.Tags -notcontains 'ChaosPixie.Run' } | ForEach-Object { "$($_.MessageData)" })
                Summary = [IO.Path]::ChangeExtension($journal, '.md')
            }
        }

        function script:Save-Experiment([System.Collections.IDictionary] $Experiment, [string] $Name) {
            $path = Join-Path $TestDrive $Name
            $Experiment | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path
            $path
        }

        $script:marker = Join-Path $TestDrive 'azure.marker'
        $script:gate = New-Probe 'gate' (New-Activity -Path 'chaos-exists' -Arguments @($marker)).provider 1
        $script:ok = New-Probe 'ok' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 0
        # An activity that fails: a process that outlives its timeout.
        function script:New-FailingActivity([string] $Name) {
            $activity = New-Activity $Name 'chaos-sleep' @(5, (Join-Path $TestDrive "$Name-$([guid]::NewGuid().ToString('n')).pids"))
            $activity.provider.timeout = 0.2
            $activity
        }
    }

    It 'logs an error per tolerance not met and per failed activity, a warning per failed rollback, uploads the summary and completes Failed on deviation' {
        $path = Save-Experiment (New-Experiment -Probes $gate -Method (New-Activity 'break' 'chaos-touch' @($marker)), (New-FailingActivity 'fails') -Rollbacks (New-FailingActivity 'hang') -Extra ([ordered]@{ title = 'Azure deviated' })) 'azure-deviated.json'
        $run = Invoke-Azure $path
        $run.Lines | Should -HaveCount 5
        $run.Lines[0] | Should -Be "##vso[task.logissue type=error;sourcepath=$path;code=ToleranceNotMet]gate: tolerance not met: 1 (status = 0)"
        $run.Lines[1] | Should -BeLike "##vso[[]task.logissue type=error;sourcepath=$path;code=ActivityFailed]fails: chaoslib.exceptions.ActivityFailed: *"
        $run.Lines[2] | Should -BeLike "##vso[[]task.logissue type=warning;sourcepath=$path;code=RollbackFailed]hang: chaoslib.exceptions.ActivityFailed: *"
        $run.Lines[3] | Should -Be "##vso[task.uploadsummary]$($run.Summary)"
        $run.Lines[4] | Should -Be '##vso[task.complete result=Failed;]Deviated: Azure deviated'
        Get-Content -Raw $run.Summary | Should -Match '(?m)^# .*Deviated: Azure deviated'
        Get-Content -Raw $run.Summary | Should -Match 'gate'
    }

    It 'completes <result> for a <case> run' -ForEach @(
        @{ case = 'steady'; result = 'Succeeded' }
        @{ case = 'not tested'; result = 'SucceededWithIssues' }
        @{ case = 'failed action'; result = 'SucceededWithIssues' }
        @{ case = 'failed'; result = 'Failed' }
    ) {
        $experiment = switch ($case) {
            'steady' { New-Experiment -Probes $ok -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            'not tested' { New-Experiment -Probes (New-Probe 'miss' (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
            'failed action' { New-Experiment -Probes $ok -Method (New-FailingActivity 'fails') }
            'failed' { New-Experiment -Probes (New-Probe 'down' ([ordered]@{ type = 'http'; url = $ClosedUrl }) 200) -Method (New-Activity 'calm' 'chaos-echo' @('x')) }
        }
        $run = Invoke-Azure (Save-Experiment $experiment "azure-$($case -replace ' ', '-').json")
        $run.Lines[-1] | Should -BeLike "##vso[[]task.complete result=$result;]*"
    }

    It 'escapes property values and messages as the agent expects' {
        $path = Save-Experiment (New-Experiment -Probes (New-Probe "50% of;]`nall" (New-Activity -Path 'chaos-exit' -Arguments @(0)).provider 1) -Method @()) 'odd;name]100%.json'
        $run = Invoke-Azure $path
        $escapedPath = $path.Replace('%', '%AZP25').Replace(';', '%3B').Replace(']', '%5D')
        $run.Lines[0] | Should -Be "##vso[task.logissue type=error;sourcepath=$escapedPath;code=ToleranceNotMet]50%AZP25 of;]%0Aall: tolerance not met: 1 (status = 0)"
        $run.Lines | ForEach-Object { $_ | Should -Not -Match '[\r\n]' }
    }

    It 'is on when TF_BUILD is set, and -AzurePipelines:$false turns it off' {
        $path = Save-Experiment (New-Experiment -Method (New-Activity 'calm' 'chaos-echo' @('x'))) 'azure-tf-build.json'
        $saved = $env:TF_BUILD
        try {
            $env:TF_BUILD = 'True'
            (Invoke-Azure $path @{}).Lines[-1] | Should -BeLike '##vso[[]task.complete result=Succeeded;]*'
            (Invoke-Azure $path @{ AzurePipelines = $false }).Lines | Should -BeNullOrEmpty
            $env:TF_BUILD = $null
            (Invoke-Azure $path @{}).Lines | Should -BeNullOrEmpty
        }
        finally { $env:TF_BUILD = $saved }
    }

    It 'reports an experiment that cannot run as an error issue with its error id, and completes Failed' {
        $experiment = New-Experiment -Method (New-Activity 'a' 'chaos-echo' @('x'))
        $experiment.Remove('title')
        $path = Save-Experiment $experiment 'azure-invalid.json'
        $thrown = $null
        try { Invoke-ChaosExperiment -LiteralPath $path -AzurePipelines -InformationVariable info -InformationAction Ignore -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'ExperimentInvalid,*'
        $lines = @($info | ForEach-Object { "$($_.MessageData)" })
        $lines[0] | Should -BeLike "##vso[[]task.logissue type=error;sourcepath=$path;code=ExperimentInvalid]*experiment requires a title*"
        $lines[1] | Should -Be '##vso[task.complete result=Failed;]The experiment could not run: ExperimentInvalid'
    }
}
