<#
.SYNOPSIS
    The cost of end-to-end encryption: 1,000,000 rows of 8 columns from the Vizier emulator through
    Invoke-PixieScript | Measure-Object, in plaintext (-NoEncryption), with ECDH-ES (the default) and with
    RSA-OAEP-256, warm, each encrypted throughput as a share of the plaintext one. Goal: at least 70%.
.DESCRIPTION
    With ECDH-ES each batch costs the client a P-256 key agreement (the sender's key imported and checked, then the
    agreement: a third of a millisecond with .NET's OpenSSL calls); with RSA-OAEP-256 one RSA-4096 private-key
    operation, whatever its size; both then base64url, AES-GCM and inflate the batch's bytes. So the share depends on
    the rows per batch. Pixie sends a table as its table store keeps it: batches compacted to at least 64 KiB of column
    data (256 KiB for HTTP events), split above about 0.9 MB by the result sink, and smaller ones for the last
    minute's data, not yet compacted. The goal is judged on 1,024 rows a batch, about 70 KB here (close to a compacted
    batch); 8,192 rows a batch (about 560 KB, a large batch under the split size) shows how the cost falls with
    bigger batches.
    The emulator seals every batch as the broker does (deflate, a fresh P-256 key and an agreement, or an RSA
    public-key operation, then AES-GCM): work a cluster does on its own nodes. So the goal is judged with the client
    alone on one core and the emulator on another (taskset), where the sealing does not take the client's CPU; the
    same modes sharing every core show what a machine that also runs the server sees. The client's CPU time per mode
    is printed with each figure: it is what encryption costs the client whatever the placement.
    The three modes run in one fresh pwsh against one emulator, in turn, after one warm-up run of each, so that other
    work on a shared machine weighs on all alike; the best of two measured runs of each is kept, and the load average
    is printed with each figure.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

$measure = @'
param($ModulePath, $Url, $Key, $ClusterId, $Core)
$ErrorActionPreference = 'Stop'
# Pinned before anything starts a thread of its own: the threads made later inherit the core.
if ($Core -ne 'all') { $null = taskset --all-tasks --pid --cpu-list $Core $PID }
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
function Get-Load { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' } }
$modes = @{ plaintext = @{ NoEncryption = $true }; 'ECDH-ES' = @{ KeyAlgorithm = 'ECDH-ES' }; 'RSA-OAEP-256' = @{ KeyAlgorithm = 'RSA-OAEP-256' } }
$process = [Diagnostics.Process]::GetCurrentProcess()
$best = @{}; $cpu = @{}; $load = @{}; $counts = @{}
foreach ($round in 0..2) {
    foreach ($mode in 'plaintext', 'ECDH-ES', 'RSA-OAEP-256') {
        $parameters = $modes[$mode]
        $process.Refresh(); $cpuBefore = $process.TotalProcessorTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $counts[$mode] = (Invoke-PixieScript 'px.display(df)' @connection @parameters -ProgressAction SilentlyContinue | Measure-Object).Count
        $seconds = $watch.Elapsed.TotalSeconds
        $process.Refresh()
        # Round 0 warms the JIT up.
        if ($round -gt 0 -and (-not $best.ContainsKey($mode) -or $seconds -lt $best[$mode])) {
            $best[$mode] = $seconds; $cpu[$mode] = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds; $load[$mode] = Get-Load
        }
    }
}
foreach ($mode in 'plaintext', 'ECDH-ES', 'RSA-OAEP-256') { '{0}|{1}|{2}|{3}|{4}' -f $mode, $counts[$mode], $best[$mode], $cpu[$mode], $load[$mode] }
'@

# What one batch's key costs the client, and the size of a batch.
$unitCosts = @'
param($ModulePath, $Url, $Key, $ClusterId)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
# The bytes of column data Pixie's statistics count (the emulator's protobuf columns).
$bytes = Invoke-PixieScript 'px.display(df) # size' @connection -NoEncryption -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'records \(([\d,]+) bytes\)' } | ForEach-Object { $Matches[1] -replace ',' }
# One RSA-4096 OAEP private-key operation.
$rsa = [Security.Cryptography.RSA]::Create(4096)
$wrapped = $rsa.Encrypt([byte[]]::new(32), [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($i in 1..50) { $null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256) }
$rsaMs = $watch.Elapsed.TotalMilliseconds / 50
# One ECDH-ES batch's key: the sender's public key imported from its coordinates, then the agreement.
$curve = [Security.Cryptography.ECCurve+NamedCurves]::nistP256
$recipient = [Security.Cryptography.ECDiffieHellman]::Create($curve)
$senders = foreach ($i in 1..200) { $sender = [Security.Cryptography.ECDiffieHellman]::Create($curve); $sender.ExportParameters($false); $sender.Dispose() }
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($parameters in $senders) {
    $sender = [Security.Cryptography.ECDiffieHellman]::Create($parameters)
    $null = $recipient.DeriveKeyFromHash($sender.PublicKey, [Security.Cryptography.HashAlgorithmName]::SHA256)
    $sender.Dispose()
}
'{0}|{1}|{2}' -f $bytes, $rsaMs, ($watch.Elapsed.TotalMilliseconds / 200)
'@

$count = 1000000
$cores = [Environment]::ProcessorCount
# Apart only where there are two cores to give and taskset to give them.
$apart = $cores -ge 2 -and (Get-Command taskset -CommandType Application -ErrorAction Ignore)
'{0:N0} rows x 8 columns, {1} cores' -f $count, $cores
if (-not $apart) { '    (no taskset or a single core: the modes are measured sharing the cores, and the goal is judged there)' }
foreach ($batchSize in 1024, 8192) {
    $emulator = Start-BenchmarkEmulator -Count $count -BatchSize $batchSize
    try {
        $bytes, $rsaMs, $ecdhMs = (Invoke-BenchmarkScript -Script $unitCosts -ModulePath $ModulePath -Emulator $emulator | Select-Object -Last 1) -split '\|'
        $batches = [Math]::Ceiling($count / $batchSize)
        '{0,6:N0} rows a batch ({1:N0} batches of {2:N0} KB; one P-256 agreement: {3:N2} ms, one RSA-4096 decryption: {4:N1} ms):' -f $batchSize, $batches, ([double]$bytes / $batches / 1000), [double]$ecdhMs, [double]$rsaMs
        $placements = if ($apart) { [ordered]@{ apart = 'the client on core 0, the emulator on core 1'; shared = "client and emulator sharing the $cores cores" } } else { [ordered]@{ shared = "client and emulator sharing the $cores cores" } }
        foreach ($placement in $placements.Keys) {
            $core = 'all'
            if ($placement -eq 'apart') { $null = taskset --all-tasks --pid --cpu-list 1 $emulator.Process.Id; $core = '0' }
            try { $lines = @(Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator -ArgumentList $core | Select-Object -Last 3) }
            finally { if ($placement -eq 'apart') { $null = taskset --all-tasks --pid --cpu-list "0-$($cores - 1)" $emulator.Process.Id } }
            $judged = $batchSize -eq 1024 -and ($placement -eq 'apart' -or -not $apart)
            "  $($placements[$placement])$(if ($judged) { ' (the goal''s measurement)' }):"
            $figures = [ordered]@{}
            foreach ($line in $lines) {
                $mode, $received, $seconds, $cpu, $load = $line -split '\|'
                if ([long]$received -ne $count) { throw "$mode received $received rows instead of $count." }
                $figures[$mode] = @{ Seconds = [double]$seconds; Cpu = [double]$cpu; Load = $load }
            }
            $plain = $figures['plaintext']
            foreach ($mode in $figures.Keys) {
                $figure = $figures[$mode]
                $share = if ($mode -eq 'plaintext') { '' } else {
                    $ratio = $plain.Seconds / $figure.Seconds
                    $verdict = if ($judged) { ', goal >= 70%: {0}' -f $(if ($ratio -ge 0.7) { 'met' } else { 'NOT MET' }) }
                    '  {0,4:P0} of plaintext{1}' -f $ratio, $verdict
                }
                '    {0,-13} {1,9:N0} rows/s (best of 2, {2:N2} s, client CPU {3:N2} s, load average {4}){5}' -f "${mode}:", ($count / $figure.Seconds), $figure.Seconds, $figure.Cpu, $figure.Load, $share
            }
        }
    }
    finally { Stop-VizierEmulator $emulator }
}
