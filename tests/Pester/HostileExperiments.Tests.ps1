# Hostile experiments: the corpus of tools/New-HostileExperimentCorpus.ps1 (alias bombs, nesting far past the limit,
# 20 MB values, bad encodings, deep jsonpath, every key of the example given a wrong type...) goes through
# Test-ChaosExperiment and Invoke-ChaosExperiment (validated, -NoValidation, -WhatIf -NoValidation) in child pwsh
# processes, many inputs per child. Whatever the input, the child must not crash or hang, and each call must end in an
# ErrorRecord with a ChaosPixie error id and a message free of raw .NET failures, or in a run with its journal.
# The summary (inputs, clear errors, journals, worst peak memory) is written to the host.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force
    $script:DepthLimit = 64
    $corpus = Join-Path $TestDrive 'corpus'
    $script:Files = @(& (Join-Path $PSScriptRoot '../../tools/New-HostileExperimentCorpus.ps1') -Path $corpus -DepthLimit $DepthLimit)
    $childScript = Join-Path $PSScriptRoot 'Fixtures/HostileExperiments/Invoke-HostileInputs.ps1'
    # Far above the slowest input (a few seconds), so that only a hang reaches it, even on a busy machine.
    $inputTimeout = [TimeSpan]::FromSeconds(60)
    $commandLine = Get-PwshCommandLine

    # One worker: a child pwsh working through its inputs; a new child takes the rest after one dies or hangs.
    function New-Child([string[]] $Inputs, [int] $Number) {
        $folder = Join-Path $TestDrive "child-$Number"
        $null = New-Item -ItemType Directory -Force -Path $folder
        $state = [pscustomobject]@{
            Inputs = $Inputs; Folder = $folder; Process = $null; LastProgress = 0; Since = [DateTime]::UtcNow
            InputList = Join-Path $folder 'inputs.txt'; ResultFile = Join-Path $folder 'results.jsonl'; ProgressFile = Join-Path $folder 'progress.txt'
        }
        Set-Content -LiteralPath $state.InputList -Value $Inputs
        $start = [Diagnostics.ProcessStartInfo]::new($commandLine[0])
        foreach ($argument in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $childScript,
                '-InputList', $state.InputList, '-ResultFile', $state.ResultFile, '-ProgressFile', $state.ProgressFile, '-JournalFolder', $folder)) {
            $start.ArgumentList.Add($argument)
        }
        $start.WorkingDirectory = $corpus
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        # The example's Pixie probes find a closed port, so they fail at once instead of reaching a cloud.
        $start.Environment['PIXIE_API_KEY'] = 'hostile-test-key'
        $start.Environment['PIXIE_CLUSTER_ID'] = '00000000-0000-0000-0000-000000000000'
        $start.Environment['PIXIE_SERVER_URL'] = 'https://127.0.0.1:1'
        $state.Process = [Diagnostics.Process]::Start($start)
        $state.Process.StandardOutput.ReadToEndAsync() | Out-Null
        $state.Process.StandardError.ReadToEndAsync() | Out-Null
        $state
    }

    function Read-Lines([string] $Path) { if (Test-Path -LiteralPath $Path) { @(Get-Content -LiteralPath $Path) } else { @() } }

    $script:Results = [Collections.Generic.List[object]]::new()
    $script:Failures = [Collections.Generic.List[string]]::new()
    $pending = [Collections.Generic.Queue[object]]::new()
    $paths = @($Files | ForEach-Object { Join-Path $corpus $_ })
    # Two children (the machine's cores), each with every other input so the heavy ones spread.
    $pending.Enqueue(@(for ($i = 0; $i -lt $paths.Count; $i += 2) { $paths[$i] }))
    $pending.Enqueue(@(for ($i = 1; $i -lt $paths.Count; $i += 2) { $paths[$i] }))
    $running = [Collections.Generic.List[object]]::new()
    $number = 0
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while ($pending.Count -gt 0 -or $running.Count -gt 0) {
        while ($pending.Count -gt 0 -and $running.Count -lt 2) { $running.Add((New-Child $pending.Dequeue() (++$number))) }
        Start-Sleep -Milliseconds 200
        foreach ($child in @($running)) {
            $progress = Read-Lines $child.ProgressFile
            if ($progress.Count -ne $child.LastProgress) { $child.LastProgress = $progress.Count; $child.Since = [DateTime]::UtcNow }
            $hung = -not $child.Process.HasExited -and [DateTime]::UtcNow - $child.Since -gt $inputTimeout
            if (-not $child.Process.HasExited -and -not $hung) { continue }
            if ($hung) { $child.Process.Kill($true); $child.Process.WaitForExit() }
            $done = @(Read-Lines $child.ResultFile | ForEach-Object { $_ | ConvertFrom-Json })
            $done | ForEach-Object { $Results.Add($_) }
            if ($done.Count -lt $child.Inputs.Count) {
                $culprit = $child.Inputs[$done.Count]
                $Failures.Add($(if ($hung) { "hang (over $($inputTimeout.TotalSeconds) s): $culprit" } else { "crash (exit code $($child.Process.ExitCode)): $culprit" }))
                $rest = @($child.Inputs | Select-Object -Skip ($done.Count + 1))
                if ($rest.Count -gt 0) { $pending.Enqueue($rest) }
            }
            elseif ($child.Process.ExitCode -ne 0) {
                $Failures.Add("crash (exit code $($child.Process.ExitCode)) after the last input of: $($child.Inputs[-1])")
            }
            $null = $running.Remove($child)
        }
    }
    $watch.Stop()

    $script:Calls = @($Results | ForEach-Object { $result = $_; $_.modes.PSObject.Properties | ForEach-Object { [pscustomobject]@{ File = Split-Path -Leaf $result.file; Mode = $_.Name; Outcome = $_.Value } } })
    $script:ByName = @{}
    $Results | ForEach-Object { $ByName[(Split-Path -Leaf $_.file)] = $_ }
    $worst = $Results | Sort-Object peakBytes -Descending | Select-Object -First 1
    $count = { param($outcome) @($Calls | Where-Object { $_.Outcome.outcome -eq $outcome }).Count }
    Write-Host ("Hostile corpus: {0} inputs, {1} calls in {2:N0} s; {3} clear errors, {4} journals, {5} valid/problems (Test), {6} plans (-WhatIf); {7} crashes/hangs, {8} unclear errors, {9} runs without a journal; worst peak working set {10:N0} MB ({11})" -f
        $Files.Count, $Calls.Count, $watch.Elapsed.TotalSeconds, (& $count 'error'), (& $count 'journal'), ((& $count 'valid') + (& $count 'problems')), (& $count 'planned'),
        $Failures.Count, (& $count 'unclear'), (& $count 'no-journal'), ($worst.peakBytes / 1MB), (Split-Path -Leaf $worst.file))
}

Describe 'Hostile experiments' {
    It 'no child pwsh crashed or hung, on any input' {
        $Failures | Should -BeNullOrEmpty
        $Results.Count | Should -Be $Files.Count
    }

    It 'every call ends in a ChaosPixie error record without raw .NET failures, or in a run with its journal' {
        $bad = @($Calls | Where-Object { $_.Outcome.outcome -notin 'error', 'journal', 'valid', 'problems', 'planned' } |
                ForEach-Object { "$($_.File) [$($_.Mode)]: $($_.Outcome | ConvertTo-Json -Compress)" })
        $bad | Should -BeNullOrEmpty
    }

    It 'no message quotes a long value whole' {
        $long = @($Calls | Where-Object { $_.Outcome.message.Length -gt 1000 } | ForEach-Object { "$($_.File) [$($_.Mode)]" })
        $long | Should -BeNullOrEmpty
    }

    It 'accepts nesting up to the limit end to end, and refuses one level more where it is read' {
        foreach ($kind in 'json-object', 'json-array', 'yaml-flow-map', 'yaml-flow-seq', 'yaml-block-seq', 'yaml-block-map', 'json-arguments') {
            $extension = if ($kind -like 'yaml*') { 'yaml' } else { 'json' }
            $ByName["depth-$kind-$DepthLimit.$extension"].modes.run.outcome | Should -Be 'journal' -Because "$kind at the limit runs"
            $over = $ByName["depth-$kind-$($DepthLimit + 1).$extension"].modes
            $over.run.id | Should -Be 'ExperimentParseError' -Because "$kind one level over is refused"
            $over.run.message | Should -Match "nested deeper than $DepthLimit levels"
            $ByName["depth-$kind-1000.$extension"].modes.'run-novalidation'.id | Should -Be 'ExperimentParseError'
        }
        $ByName["depth-json-probe-arguments-$DepthLimit.json"].modes.run.outcome | Should -Be 'journal'
    }

    It 'expands small YAML alias trees and refuses alias bombs before expanding them' {
        $ByName['alias-laughs-3.yaml'].modes.test.outcome | Should -Be 'valid'
        foreach ($name in 'alias-laughs-7.yaml', 'alias-laughs-9.yaml', 'alias-merge-bomb.yaml', 'alias-long-text.yaml', 'alias-deepening-chain.yaml') {
            $ByName[$name].modes.run.id | Should -Be 'ExperimentParseError' -Because $name
            $ByName[$name].modes.run.message | Should -Match 'which is the limit' -Because $name
        }
    }

    It 'refuses a lone surrogate escape where it is, and text that is not UTF-8 or UTF-16' {
        $ByName['encoding-lone-high-surrogate.json'].modes.run.message | Should -Match 'lone UTF-16 surrogate.*\(at \$\.title\)|lone UTF-16 surrogate'
        foreach ($name in 'encoding-lone-surrogate-deep.json', 'encoding-lone-surrogate.yaml', 'encoding-invalid-utf8.json', 'encoding-utf16le-nobom.json') {
            $ByName[$name].modes.run.id | Should -Be 'ExperimentParseError' -Because $name
        }
        $ByName['encoding-utf16le-bom.json'].modes.run.outcome | Should -Be 'journal'
    }

    It 'plans every wrong-typed mutation of the example under -WhatIf -NoValidation' {
        $mutations = @($Calls | Where-Object { $_.File -like 'mutation-*' -and $_.Mode -eq 'whatif' })
        $mutations.Count | Should -BeGreaterThan 100
        @($mutations | Where-Object { $_.Outcome.outcome -ne 'planned' } | ForEach-Object File) | Should -BeNullOrEmpty
    }
}
