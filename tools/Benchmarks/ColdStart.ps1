<#
.SYNOPSIS
    Cold start: what one fresh `pwsh -NoProfile -c <work>` costs above a bare `pwsh -NoProfile -c 1`, timed
    from the outside, for importing the module, the example experiment, and 10,000 and 1,000,000 rows through
    Invoke-PixieScript | Measure-Object. Prints each figure next to its goal with met / not met.
.DESCRIPTION
    Each round runs, for every piece of work, a bare pwsh and then the work, each in a new process timed by a
    stopwatch around its start and exit; a noisy machine (2 cores shared with builds) then slows both of a pair alike.
    A figure is the median of the rounds' differences (work minus the bare pwsh just before it). One unmeasured round
    first fills the file caches: cold here means a new process, not a cold disk. On Linux /usr/bin/time adds each
    process's CPU time and peak resident memory. Every process has the same environment: out/ first on PSModulePath
    and the emulator's address, API key and cluster id in PIXIE_SERVER_URL, PIXIE_API_KEY and PIXIE_CLUSTER_ID. Each
    run's result is checked (row count, experiment exit code and journal), so a fast wrong answer never counts.
    The goals are measured in plaintext (-NoEncryption, and the experiment's pixie_no_encryption), as Pixie's Python
    client and chaostoolkit-pixie run by default; the same work with end-to-end encryption (the module's default)
    is measured beside it, judged by the same goals: it makes a P-256 key pair for ECDH-ES per call (well under a
    millisecond) and decrypts each batch. The load average is printed before and after: on a shared
    machine, compare figures measured under a similar load.
    A row without a goal repeats the 1,000,000 rows with DOTNET_TieredPGO=0 in both processes of each pair: in the
    first seconds of a process most of the time above the warm rate goes to PowerShell's own per-row pipeline code
    (binding each row to Measure-Object), run first unoptimized and then with the runtime's profile-guided
    instrumentation; the row shows what that instrumentation costs.
    Run only this benchmark: ./build.ps1 Bench -Benchmark ColdStart, or, with the module already built,
    tools/Benchmarks.ps1 -ModulePath out/ChaosPixie -Only ColdStart.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 50)] [int] $Rounds = 5
)

$ErrorActionPreference = 'Stop'
# The child processes find the module through PSModulePath, which needs the folder's full path.
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
Import-Module (Join-Path $root 'tools/Benchmark.psm1')

$pwsh = Get-PwshCommandLine
$timeTool = if ($IsLinux -and (Test-Path /usr/bin/time)) { '/usr/bin/time' }
$work = New-Item -ItemType Directory -Force -Path (Join-Path ([IO.Path]::GetTempPath()) "chaospixie-cold-$PID")

# One fresh pwsh running $Command; its wall time, CPU time and peak memory (both null without /usr/bin/time) and output.
function Invoke-ColdProcess([string] $Command, [hashtable] $Environment) {
    $usage = Join-Path $work 'usage.txt'
    $commandLine = @($pwsh) + '-NoProfile', '-NonInteractive', '-Command', $Command
    if ($timeTool) { $commandLine = @($timeTool, '-f', '%U %S %M', '-o', $usage) + $commandLine }
    $start = [Diagnostics.ProcessStartInfo]::new($commandLine[0])
    foreach ($argument in $commandLine | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    # The experiment's script_path is relative to the working directory, as with chaos run.
    $start.WorkingDirectory = $work
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false

    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $seconds = $watch.Elapsed.TotalSeconds

    $cpu, $peak = $null, $null
    if ($timeTool) {
        $user, $system, $kilobytes = (Get-Content -LiteralPath $usage | Select-Object -Last 1) -split ' '
        $cpu, $peak = ([double]$user + [double]$system), ([double]$kilobytes / 1KB)
    }
    [pscustomobject]@{ Seconds = $seconds; CpuSeconds = $cpu; PeakMiB = $peak; ExitCode = $process.ExitCode; Output = $output.Trim() }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

# The 1, 5 and 15-minute load averages, where the system reports them (Linux).
function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { return ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' }
    return 'n/a'
}

function Format-Seconds($Value) { if ($null -eq $Value) { 'n/a' } else { '{0:N2} s' -f $Value } }

$emulators = @()
try {
    # The rows of examples/scenarios/benchmark.json (8 columns, latency_p99 within the example's 300 ms tolerance).
    $served = @{}
    foreach ($count in 60, 10000, 1000000) {
        $emulator = Start-BenchmarkEmulator -Count $count
        $emulators += $emulator
        $served[$count] = @{
            PSModulePath     = (Split-Path $ModulePath -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath
            PIXIE_SERVER_URL = $emulator.Url
            PIXIE_API_KEY    = $emulator.ApiKey
            PIXIE_CLUSTER_ID = $emulator.ClusterId
        }
    }

    # The example experiment with its method replaced by one process action that does nothing.
    $experiment = Get-Content (Join-Path $root 'examples/consumer-latency/experiment.json') -Raw | ConvertFrom-Json -AsHashtable
    $noop = if ($IsWindows) { @{ type = 'process'; path = 'cmd.exe'; arguments = @('/c', 'exit 0') } } else { @{ type = 'process'; path = 'true' } }
    $experiment.method = @(@{ type = 'action'; name = 'do-nothing'; provider = $noop })
    $encryptedPath = Join-Path $work 'experiment-encrypted.json'
    $experiment | ConvertTo-Json -Depth 32 | Set-Content -LiteralPath $encryptedPath -Encoding utf8NoBOM
    $experiment.configuration.pixie_no_encryption = $true
    $experimentPath = Join-Path $work 'experiment.json'
    $experiment | ConvertTo-Json -Depth 32 | Set-Content -LiteralPath $experimentPath -Encoding utf8NoBOM
    Copy-Item (Join-Path $root 'examples/consumer-latency/let.pxl') $work
    $journalPath = Join-Path $work 'journal.json'

    $rows = "(Invoke-PixieScript 'px.display(df)' -NoEncryption | Measure-Object).Count"
    $encryptedRows = "(Invoke-PixieScript 'px.display(df)' | Measure-Object).Count"
    $runExperiment = "Invoke-ChaosExperiment -LiteralPath '$experimentPath' -JournalPath '$journalPath' -DetailedExitCode"
    $runEncrypted = "Invoke-ChaosExperiment -LiteralPath '$encryptedPath' -JournalPath '$journalPath' -DetailedExitCode"
    $cases = @(
        [pscustomobject]@{ Name = 'Import-Module ChaosPixie'; Command = 'Import-Module ChaosPixie'; Rows = 10000; Goal = 0.10; Expected = '' }
        [pscustomobject]@{ Name = 'Experiment, method `true`, journal'; Command = $runExperiment; Rows = 10000; Goal = 0.30; Expected = $null }
        # Not a goal: the same with 60-row probes (the example's own scenario), the run's cost without the rows'.
        [pscustomobject]@{ Name = 'Same, 60-row probes (no goal)'; Command = $runExperiment; Rows = 60; Goal = $null; Expected = $null }
        [pscustomobject]@{ Name = '10,000 rows | Measure-Object'; Command = $rows; Rows = 10000; Goal = 0.25; Expected = '10000' }
        [pscustomobject]@{ Name = '1,000,000 rows | Measure-Object'; Command = $rows; Rows = 1000000; Goal = 2.0; Expected = '1000000' }
        # Not a goal: the same with the runtime's profile-guided instrumentation off (in the bare pwsh too), which shows
        # what the instrumented tier of PowerShell's per-row pipeline code costs in the first seconds of a process.
        [pscustomobject]@{ Name = 'Same, DOTNET_TieredPGO=0 (no goal)'; Command = $rows; Rows = 1000000; Goal = $null; Expected = '1000000'; Environment = @{ DOTNET_TieredPGO = '0' } }
        [pscustomobject]@{ Name = 'Experiment, encrypted (default)'; Command = $runEncrypted; Rows = 10000; Goal = 0.30; Expected = $null }
        [pscustomobject]@{ Name = '10,000 rows, encrypted (default)'; Command = $encryptedRows; Rows = 10000; Goal = 0.25; Expected = '10000' }
    )

    $version = Invoke-ColdProcess '"pwsh $($PSVersionTable.PSVersion) on $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) ($([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier))"' $served[10000]
    Write-Host "$($version.Output), $([Environment]::ProcessorCount) cores; $($pwsh -join ' ')"
    # PowerShell's platform packages ship its assemblies ReadyToRun; its .NET tool package ships them as IL only, so
    # there every PowerShell method a command runs is compiled on the spot, in the bare pwsh as in the work.
    $engineFile = [IO.File]::OpenRead([psobject].Assembly.Location)
    try { $precompiled = [Reflection.PortableExecutable.PEReader]::new($engineFile).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 }
    finally { $engineFile.Dispose() }
    Write-Host "System.Management.Automation here: $(if ($precompiled) { 'ReadyToRun' } else { 'IL only (compiled by the JIT as it runs)' })"
    Write-Host "Load average before: $(Get-LoadAverage)"
    Write-Host "Medians of $Rounds cold runs each, alternating with a bare 'pwsh -NoProfile -c 1' (after one unmeasured round)."

    $samples = @{}
    foreach ($round in 0..$Rounds) {
        foreach ($case in $cases) {
            $environment = $served[$case.Rows].Clone()
            if ($case.Environment) { $environment += $case.Environment }
            $bare = Invoke-ColdProcess '1' $environment
            Remove-Item -LiteralPath $journalPath -ErrorAction Ignore
            $run = Invoke-ColdProcess $case.Command $environment
            if ($run.ExitCode -ne 0 -or ($null -ne $case.Expected -and $run.Output -ne $case.Expected)) {
                throw "$($case.Name): exit code $($run.ExitCode), output '$($run.Output)' instead of '$($case.Expected)'."
            }
            if ($case.Command -in $runExperiment, $runEncrypted -and (Get-Content -LiteralPath $journalPath -Raw | ConvertFrom-Json).status -ne 'completed') {
                throw "$($case.Name): the journal does not say 'completed'."
            }
            if ($round -eq 0) { continue }
            $samples[$case.Name] += @([pscustomobject]@{ Bare = $bare; Run = $run })
        }
    }

    $bares = $cases | Where-Object { -not $_.Environment } | ForEach-Object { $samples[$_.Name].Bare }
    Write-Host ("Bare pwsh -NoProfile -c 1: {0} wall, {1} CPU, peak {2:N0} MiB" -f (Format-Seconds (Get-Median $bares.Seconds)),
        (Format-Seconds (Get-Median ($bares.CpuSeconds | Where-Object { $null -ne $_ }))), (Get-Median ($bares.PeakMiB | Where-Object { $null -ne $_ })))
    $table = foreach ($case in $cases) {
        $pairs = $samples[$case.Name]
        $above = Get-Median ($pairs | ForEach-Object { $_.Run.Seconds - $_.Bare.Seconds })
        [pscustomobject]@{
            Work        = $case.Name
            Wall        = Format-Seconds (Get-Median $pairs.Run.Seconds)
            'Above bare' = '+{0:N2} s' -f $above
            Goal        = if ($null -ne $case.Goal) { '<= +{0:N2} s' -f $case.Goal } else { '' }
            Verdict     = if ($null -eq $case.Goal) { '' } elseif ($above -le $case.Goal) { 'met' } else { 'NOT MET' }
            CPU         = if ($timeTool) { Format-Seconds (Get-Median $pairs.Run.CpuSeconds) } else { 'n/a' }
            'Peak MiB'  = if ($timeTool) { '{0:N0}' -f (Get-Median $pairs.Run.PeakMiB) } else { 'n/a' }
        }
    }
    $table | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host "Load average after: $(Get-LoadAverage)"
}
finally {
    $emulators | ForEach-Object { Stop-VizierEmulator $_ }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
