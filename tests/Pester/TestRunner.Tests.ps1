# The runner build.ps1 Test uses (tools/Invoke-PesterRun.ps1), on a small suite of its own in a child pwsh: an Azure
# Pipelines logging command that a test lets through to the run's output fails the run, shown defused; output
# redirected to a file has no ANSI colour codes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force
    $script:Runner = Join-Path $PSScriptRoot '../../tools/Invoke-PesterRun.ps1'
    $script:PesterPath = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    $script:ModulePath = Join-Path $PSScriptRoot '../../out/ChaosPixie'

    # Runs the runner on one test file; its output comes back as lines (so redirected), with its exit code.
    function Invoke-Runner([string] $TestBody) {
        $file = Join-Path $TestDrive "Suite-$([guid]::NewGuid().ToString('n')).Tests.ps1"
        Set-Content -LiteralPath $file -Value $TestBody
        $output = @(Invoke-Pwsh '-NoProfile', '-NonInteractive', '-File', $Runner, '-PesterPath', $PesterPath, '-ModulePath', $ModulePath, '-TestPath', $file, '-ResultPath', (Join-Path $TestDrive 'result.xml') 2>&1 | ForEach-Object { "$_" })
        [pscustomobject]@{ Lines = $output; ExitCode = $LASTEXITCODE }
    }
}

Describe 'tools/Invoke-PesterRun.ps1' {
    BeforeAll {
        # One test lets a logging command through, one captures its own and prints a table. The command is assembled
        # at run time so that this file holds no live one either.
        $script:Run = Invoke-Runner @'
Describe 'leaky' { It 'passes but prints' { Write-Host ('##' + 'vso[task.complete result=Failed;]leaked'); 1 | Should -Be 1 } }
Describe 'tidy' {
    It 'captures' {
        Write-Host ('##' + 'vso[task.complete result=Failed;]kept') -InformationVariable info -InformationAction Ignore
        $info.Count | Should -Be 1
        Get-Process -Id $PID | Format-Table Id, ProcessName | Out-Host
    }
}
'@
    }

    It 'fails a green run whose output carries a logging command, and shows it defused' {
        $Run.ExitCode | Should -Be 1
        $Run.Lines[-1] | Should -Be '2 passed, 1 failed'
        $Run.Lines | Should -Contain "1 Azure Pipelines logging command(s) reached the test run's output; capture them in the test that checks them:"
        @($Run.Lines | Where-Object { $_ -like '*##vso(task.complete result=Failed;]leaked' }).Count | Should -Be 1
        # Only the leaky test's own line carries a live command: not the captured one, not the runner's report.
        @($Run.Lines | Where-Object { $_.Contains('##' + 'vso[') }) | Should -Be @("##$('vso')[task.complete result=Failed;]leaked")
    }

    It 'writes no colour codes when its output is redirected, tables included' {
        $Run.Lines -join "`n" | Should -Not -Match "`e\["
        @($Run.Lines | Where-Object { $_ -match '^\s*Id\s+ProcessName\s*$' }).Count | Should -Be 1
    }
}
