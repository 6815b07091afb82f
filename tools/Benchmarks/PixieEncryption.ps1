<#
.SYNOPSIS
    The cost of end-to-end encryption: 1,000,000 rows of 8 columns from the Vizier emulator through
    Invoke-PixieScript | Measure-Object, in plaintext (-NoEncryption), with ECDH-ES (the default) and with
    RSA-OAEP-256, warm, each encrypted throughput as a share of the plaintext one. Goal: at least 70%.
.DESCRIPTION
    With ECDH-ES each batch costs the client a P-256 key agreement (well under a millisecond); with RSA-OAEP-256 one
    RSA-4096 private-key operation, whatever its size; both then AES-GCM and inflate the batch's bytes. So the share
    depends on the rows per batch and on the cores free to decrypt. Pixie sends a table as its table store keeps it:
    batches compacted to at least 64 KiB of column data (256 KiB for HTTP events), split above about 0.9 MB by the
    result sink, and smaller ones for the last minute's data, not yet compacted. The goal is judged on 1,024 rows a
    batch, about 70 KB here (close to a compacted batch); 8,192 rows a batch (about 560 KB, a large batch under the
    split size) shows how the cost falls with bigger batches.
    The three modes run in one fresh pwsh against one emulator, in turn, after one warm-up run of each, so that other
    work on a shared machine weighs on all alike; the best of two measured runs of each is kept, and the load average
    is printed with each figure. The emulator seals every batch too (deflate, AES-GCM, and an ephemeral P-256 key or
    an RSA public-key operation), on the same cores.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Split-Path $PSScriptRoot -Parent) 'Benchmark.psm1')

$measure = @'
param($ModulePath, $Url, $Key, $ClusterId)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$connection = @{ ServerUrl = $Url; ApiKey = (ConvertTo-SecureString $Key -AsPlainText -Force); ClusterId = $ClusterId }
function Get-Load { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' } }
$modes = @{ plaintext = @{ NoEncryption = $true }; 'ECDH-ES' = @{ KeyAlgorithm = 'ECDH-ES' }; 'RSA-OAEP-256' = @{ KeyAlgorithm = 'RSA-OAEP-256' } }
$best = @{}; $load = @{}; $counts = @{}
foreach ($round in 0..2) {
    foreach ($mode in 'plaintext', 'ECDH-ES', 'RSA-OAEP-256') {
        $parameters = $modes[$mode]
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $counts[$mode] = (Invoke-PixieScript 'px.display(df)' @connection @parameters -ProgressAction SilentlyContinue | Measure-Object).Count
        # Round 0 warms the JIT up.
        if ($round -gt 0 -and (-not $best.ContainsKey($mode) -or $watch.Elapsed.TotalSeconds -lt $best[$mode])) { $best[$mode] = $watch.Elapsed.TotalSeconds; $load[$mode] = Get-Load }
    }
}
# The bytes of column data Pixie's statistics count (the emulator's protobuf columns).
$verbose = Invoke-PixieScript 'px.display(df) # size' @connection -NoEncryption -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'records \(([\d,]+) bytes\)' } | ForEach-Object { $Matches[1] -replace ',' }
# One RSA-4096 OAEP private-key operation, as each RSA-OAEP-256 batch costs.
$rsa = [Security.Cryptography.RSA]::Create(4096)
$wrapped = $rsa.Encrypt([byte[]]::new(32), [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($i in 1..50) { $null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256) }
$rsaMs = $watch.Elapsed.TotalMilliseconds / 50
# One P-256 agreement with a fresh sender key, as each ECDH-ES batch costs (with the key's import).
$recipient = [Security.Cryptography.ECDiffieHellman]::Create([Security.Cryptography.ECCurve+NamedCurves]::nistP256)
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($i in 1..200) {
    $sender = [Security.Cryptography.ECDiffieHellman]::Create([Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $null = $recipient.DeriveKeyFromHash($sender.PublicKey, [Security.Cryptography.HashAlgorithmName]::SHA256)
    $sender.Dispose()
}
$ecdhMs = $watch.Elapsed.TotalMilliseconds / 200
foreach ($mode in 'plaintext', 'ECDH-ES', 'RSA-OAEP-256') { '{0}|{1}|{2}|{3}' -f $mode, $counts[$mode], $best[$mode], $load[$mode] }
'sizes|{0}|{1}|{2}' -f $verbose, $rsaMs, $ecdhMs
'@

$count = 1000000
'{0:N0} rows x 8 columns, {1} cores' -f $count, [Environment]::ProcessorCount
foreach ($batchSize in 1024, 8192) {
    $emulator = Start-BenchmarkEmulator -Count $count -BatchSize $batchSize
    try {
        $lines = @(Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator | Select-Object -Last 4)
        $null, $bytes, $rsaMs, $ecdhMs = $lines[3] -split '\|'
        $figures = [ordered]@{}
        foreach ($line in $lines[0..2]) {
            $mode, $received, $seconds, $load = $line -split '\|'
            if ([long]$received -ne $count) { throw "$mode received $received rows instead of $count." }
            $figures[$mode] = @{ Seconds = [double]$seconds; Load = $load }
        }
        $batches = [Math]::Ceiling($count / $batchSize)
        '{0,6:N0} rows a batch ({1:N0} batches of {2:N0} KB; one P-256 agreement: {3:N2} ms, one RSA-4096 decryption: {4:N1} ms):' -f $batchSize, $batches, ([double]$bytes / $batches / 1000), [double]$ecdhMs, [double]$rsaMs
        $plain = $figures['plaintext'].Seconds
        foreach ($mode in $figures.Keys) {
            $figure = $figures[$mode]
            $share = if ($mode -eq 'plaintext') { '' } else {
                $ratio = $plain / $figure.Seconds
                if ($batchSize -eq 1024) { '  {0,4:P0} of plaintext, goal >= 70%: {1}' -f $ratio, $(if ($ratio -ge 0.7) { 'met' } else { 'NOT MET' }) } else { '  {0,4:P0} of plaintext' -f $ratio }
            }
            '    {0,-13} {1,9:N0} rows/s (best of 2, {2:N2} s, load average {3}){4}' -f "${mode}:", ($count / $figure.Seconds), $figure.Seconds, $figure.Load, $share
        }
    }
    finally { Stop-VizierEmulator $emulator }
}
