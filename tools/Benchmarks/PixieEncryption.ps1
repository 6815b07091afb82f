<#
.SYNOPSIS
    The cost of end-to-end encryption: 1,000,000 rows of 8 columns from the Vizier emulator through
    Invoke-PixieScript | Measure-Object, encrypted (the default) and with -NoEncryption, warm, and the encrypted
    throughput as a share of the plaintext one. Goal: at least 70%.
.DESCRIPTION
    Each encrypted batch costs the client one RSA-4096 private-key operation, whatever its size, so the share depends
    on the rows per batch and on the cores free to decrypt. Pixie sends a table as its table store keeps it: batches
    compacted to at least 64 KiB of column data (256 KiB for HTTP events), split above about 0.9 MB by the result
    sink, and smaller ones for the last minute's data, not yet compacted. The goal is judged on 1,024 rows a batch,
    about 70 KB here (close to a compacted batch); 8,192 rows a batch (about 560 KB, a large batch under the split
    size) shows how the cost falls with bigger batches.
    Both modes run in one fresh pwsh against one emulator, alternating, after one warm-up run of each, so that other
    work on a shared machine weighs on both alike; the best of two measured runs of each is kept, and the load
    average is printed with each figure. The emulator seals every batch too, on the same cores.
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
$best = @{ $true = [double]::MaxValue; $false = [double]::MaxValue }
$load = @{ $true = ''; $false = '' }
foreach ($round in 0..2) {
    foreach ($encrypted in $true, $false) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $count = (Invoke-PixieScript 'px.display(df)' @connection -NoEncryption:(-not $encrypted) -ProgressAction SilentlyContinue | Measure-Object).Count
        # Round 0 warms the JIT up.
        if ($round -gt 0 -and $watch.Elapsed.TotalSeconds -lt $best[$encrypted]) { $best[$encrypted] = $watch.Elapsed.TotalSeconds; $load[$encrypted] = Get-Load }
    }
}
# The bytes of column data Pixie's statistics count (the emulator's protobuf columns).
$verbose = Invoke-PixieScript 'px.display(df) # size' @connection -NoEncryption -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'records \(([\d,]+) bytes\)' } | ForEach-Object { $Matches[1] -replace ',' }
# One RSA-4096 OAEP private-key operation, as each batch costs.
$rsa = [Security.Cryptography.RSA]::Create(4096)
$wrapped = $rsa.Encrypt([byte[]]::new(32), [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
$watch = [Diagnostics.Stopwatch]::StartNew()
foreach ($i in 1..50) { $null = $rsa.Decrypt($wrapped, [Security.Cryptography.RSAEncryptionPadding]::OaepSHA256) }
'{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $count, $best[$true], $best[$false], $load[$true], $load[$false], $verbose, ($watch.Elapsed.TotalMilliseconds / 50)
'@

$count = 1000000
'{0:N0} rows x 8 columns, {1} cores' -f $count, [Environment]::ProcessorCount
foreach ($batchSize in 1024, 8192) {
    $emulator = Start-BenchmarkEmulator -Count $count -BatchSize $batchSize
    try {
        $result = Invoke-BenchmarkScript -Script $measure -ModulePath $ModulePath -Emulator $emulator
        $received, $encrypted, $plain, $encryptedLoad, $plainLoad, $bytes, $rsaMs = ($result | Select-Object -Last 1) -split '\|'
        if ([long]$received -ne $count) { throw "Received $received rows instead of $count." }
        $batches = [Math]::Ceiling($count / $batchSize)
        $share = [double]$plain / [double]$encrypted
        '{0,6:N0} rows a batch ({1:N0} batches of {2:N0} KB; one RSA-4096 decryption: {3:N1} ms):' -f $batchSize, $batches, ([double]$bytes / $batches / 1000), [double]$rsaMs
        '    encrypted: {0,9:N0} rows/s (best of 2, {1:N2} s, load average {2})' -f ($count / [double]$encrypted), [double]$encrypted, $encryptedLoad
        '    plaintext: {0,9:N0} rows/s (best of 2, {1:N2} s, load average {2})' -f ($count / [double]$plain), [double]$plain, $plainLoad
        if ($batchSize -eq 1024) {
            '    Goal: encrypted throughput >= 70% of plaintext: {0:P0}, {1}' -f $share, $(if ($share -ge 0.7) { 'met' } else { 'NOT MET' })
        }
        else {
            '    encrypted throughput: {0:P0} of plaintext' -f $share
        }
    }
    finally { Stop-VizierEmulator $emulator }
}
