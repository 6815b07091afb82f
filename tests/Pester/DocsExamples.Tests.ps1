# Docs that run: every code block of README.md and every example of docs/cmdlets/*.md, against the Vizier emulator,
# so that a snippet that breaks fails the build.
#
# How a block is treated (markers are HTML comments on the line before it; see MarkdownCodeBlocks.psm1):
#   powershell         run; any error, terminating or not, fails it
#   json, yaml         parsed: they are data, checked for syntax
#   anything else      must be marked '<!-- test: skip, <reason> -->'; an unmarked block that does not run fails
#   test: skip         not run, with its reason; a powershell, json or yaml block is still parsed
#   test: pester       run with Invoke-Pester in a session that imported Pester (and not ChaosPixie) first
#
# Where a block runs: a fresh runspace in a sandbox folder ($Sandbox below) that holds what the examples name
# (./let.pxl, ./experiments/, ./journals/, ...), with these stand-ins for what cannot be had here:
#   a Pixie cloud and cluster   the emulator, its URL in PIXIE_SERVER_URL; its clusters are the docs' own cluster id
#                               (f6b3c3a1-...) and 'prod-eu'; cmdlet examples also get PIXIE_API_KEY and
#                               PIXIE_CLUSTER_ID (and $clusterId), README's blocks only what the README sets up
#   Read-Host, Get-Secret       functions that return the emulator's API key (SecureString when asked)
#   Invoke-Item                 a function that checks the file exists and opens nothing
#   $(Build.*) macros           replaced as the Azure Pipelines agent does: the sandbox and its staging folder
#   $before, $after             in a cmdlet example that uses them without setting them (it goes on from the page's
#                               first example): the rows of ./let.pxl from the emulator, as that example gets them
#   ./service-let.pxl           a copy of let.pxl: the emulator's rows carry the service column it would add
#   the user's history file     XDG_DATA_HOME points into the sandbox, so a check without -HistoryPath records its
#                               runs in the sandbox's data/ChaosPixie/history.db, not in the user's own
#   Pixie's script bundle       ./pxl_scripts, the test bundle (Fixtures/ScriptBundle, scripts written for the tests),
#                               also in PIXIE_SCRIPT_BUNDLE for every block: there is no network here
# README.md's blocks share one runspace, in order, as a reader's session does; each cmdlet example has its own.
# Environment variables a block sets are restored after it.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'MarkdownCodeBlocks.psm1') -Force
    $root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $readme = @(Get-MarkdownCodeBlock (Join-Path $root 'README.md') -RelativeTo $root | ForEach-Object { @{ Name = $_.Name; Block = $_ } })
    $examples = @(Get-ChildItem (Join-Path $root 'docs/cmdlets') -Filter *.md | Sort-Object Name |
            ForEach-Object { Get-MarkdownCodeBlock $_.FullName -Examples -RelativeTo $root } | ForEach-Object { @{ Name = $_.Name; Block = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarkdownCodeBlocks.psm1') -Force
    $script:Root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $script:PesterPath = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    $script:DocsClusterId = 'f6b3c3a1-2f0e-4c5b-9a8d-1e2f3a4b5c6d'
    Add-Type -Path (Join-Path $Root 'out/ChaosPixie/dependencies/YamlDotNet.dll')

    # The emulator: the steady consumer scenario serving 60 to 150 requests/s (the floor the examples assert is 50),
    # with a service column and the clusters the docs name.
    $scenario = Get-Content (Get-TestScenarioPath 'consumer-latency-steady') -Raw | ConvertFrom-Json -AsHashtable
    ($scenario.tables[0].columns | Where-Object name -EQ 'request_throughput').generate = @{ min = 6e-8; max = 1.5e-7 }
    $scenario.tables[0].columns += @{ name = 'service'; type = 'STRING'; semanticType = 'ST_SERVICE_NAME'; generate = @{ values = @('px-sock-shop/carts', 'px-sock-shop/orders') } }
    $demo = $scenario.clusters[0].Clone()
    $demo.id = $DocsClusterId
    $demo.name = 'demo'
    $prod = $scenario.clusters[0].Clone()
    $prod.id = '0b7c2f4e-9d1a-4e3b-8c5d-6f7a8b9c0d1e'
    $prod.name = 'prod-eu'
    $scenario.clusters = @($demo, $prod)
    $script:Emulator = Start-VizierEmulator -Scenario $scenario

    # The sandbox: what the examples name, relative to their working folder.
    $script:Sandbox = Join-Path $TestDrive 'sandbox'
    $let = Join-Path $Root 'examples/consumer-latency/let.pxl'
    $experiment = Join-Path $Root 'examples/consumer-latency/experiment.json'
    $yamlExperiment = @'
title: The working folder is there
description: A stand-in for the YAML experiments the examples name.
steady-state-hypothesis:
  title: The folder exists
  probes:
    - type: probe
      name: folder-exists
      tolerance: true
      provider: {type: powershell, func: Test-Path, arguments: {Path: .}}
method:
  - type: action
    name: list-the-folder
    provider: {type: powershell, func: Get-ChildItem, arguments: {Name: true}}
'@
    foreach ($folder in 'experiments', 'chaos', 'scripts', 'journals', 'staging', 'agent-temp', 'out', 'tests/Pester') {
        $null = New-Item -ItemType Directory -Path (Join-Path $Sandbox $folder) -Force
    }
    Copy-Item (Join-Path $Root 'examples') $Sandbox -Recurse
    Copy-Item (Join-Path $PSScriptRoot 'Fixtures/ScriptBundle') (Join-Path $Sandbox 'pxl_scripts') -Recurse
    Copy-Item (Join-Path $PSScriptRoot 'TestHelpers.psm1') (Join-Path $Sandbox 'tests/Pester')
    # TestHelpers finds the emulator under the folder two levels above it: link the built one there.
    $linkType = if ($IsWindows) { 'Junction' } else { 'SymbolicLink' }
    $null = New-Item -ItemType $linkType -Path (Join-Path $Sandbox 'out/emulator') -Target (Join-Path $Root 'out/emulator')
    foreach ($target in 'let.pxl', 'service-let.pxl', 'http.pxl', 'experiments/let.pxl', 'chaos/let.pxl', 'scripts/let.pxl', 'scripts/[prod] http.pxl') {
        Copy-Item -LiteralPath $let -Destination (Join-Path $Sandbox $target)
    }
    foreach ($target in 'experiment.json', 'experiments/consumer-latency.json', 'chaos/consumer-latency.json') {
        Copy-Item -LiteralPath $experiment -Destination (Join-Path $Sandbox $target)
    }
    foreach ($target in 'experiments/consumer-latency.yaml', 'chaos/experiment.yaml') {
        Set-Content -LiteralPath (Join-Path $Sandbox $target) -Value $yamlExperiment
    }
    Set-Content -LiteralPath (Join-Path $Sandbox 'staging.env') -Value 'target_url=http://127.0.0.1:8080'
    foreach ($name in 'completed', 'deviated') {
        Copy-Item (Join-Path $PSScriptRoot "Fixtures/Journals/$name.json") (Join-Path $Sandbox 'journals')
    }
    Copy-Item (Join-Path $PSScriptRoot 'Fixtures/Journals/completed.json') (Join-Path $Sandbox 'staging/journal.json')

    $script:Macros = @{
        'Build.SourcesDirectory'         = $Sandbox
        'Build.ArtifactStagingDirectory' = Join-Path $Sandbox 'staging'
    }
    $script:CmdletEnvironment = @{
        PIXIE_API_KEY                  = $Emulator.ApiKey
        PIXIE_KEY_FROM_VAULT           = $Emulator.ApiKey
        PIXIE_CLUSTER_ID               = $Emulator.ClusterId
        PIXIE_SERVER_URL               = $Emulator.Url
        PIXIE_SCRIPT_BUNDLE            = Join-Path $Sandbox 'pxl_scripts'
        AGENT_TEMPDIRECTORY            = Join-Path $Sandbox 'agent-temp'
        BUILD_ARTIFACTSTAGINGDIRECTORY = Join-Path $Sandbox 'staging'
        XDG_DATA_HOME                  = Join-Path $Sandbox 'data'
    }
    $script:ReadmeEnvironment = @{ PIXIE_API_KEY = $null; PIXIE_CLUSTER_ID = $null; PIXIE_SERVER_URL = $Emulator.Url; XDG_DATA_HOME = Join-Path $Sandbox 'data'; PIXIE_SCRIPT_BUNDLE = Join-Path $Sandbox 'pxl_scripts' }

    # The session a block runs in: the sandbox as its location, the stand-ins, errors that stop.
    $script:Setup = {
        param($Sandbox, $ApiKey, $ClusterId, $PesterPath, $Pester)
        Set-Location -LiteralPath $Sandbox
        $global:ErrorActionPreference = 'Stop'
        if ($Pester) { Import-Module $PesterPath } else { Import-Module ChaosPixie }
        $global:clusterId = $ClusterId
        $global:StandInApiKey = $ApiKey
        function global:Read-Host {
            param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
            if ($AsSecureString) { ConvertTo-SecureString $StandInApiKey -AsPlainText -Force } else { $StandInApiKey }
        }
        function global:Get-Secret {
            param([Parameter(Position = 0)] [string] $Name, [switch] $AsPlainText)
            if ($AsPlainText) { $StandInApiKey } else { ConvertTo-SecureString $StandInApiKey -AsPlainText -Force }
        }
        function global:Invoke-Item {
            param([Parameter(Mandatory, Position = 0)] [string] $Path)
            if (-not (Test-Path -Path $Path)) { throw "Invoke-Item: $Path does not exist." }
        }
    }.ToString()

    function New-DocsSession([switch] $Pester) {
        $session = [powershell]::Create()
        $null = $session.AddScript($Setup).AddArgument($Sandbox).AddArgument($Emulator.ApiKey).AddArgument($DocsClusterId).AddArgument($PesterPath).AddArgument([bool]$Pester)
        $null = $session.Invoke()
        $session.Commands.Clear()
        $session
    }

    # Runs a script in a session with a time limit; throws what stopped it, with the line of the block at fault.
    function Invoke-InSession($Session, [string] $Script, [object[]] $ArgumentList = @()) {
        $Session.Streams.ClearStreams()
        $null = $Session.AddScript($Script)
        foreach ($argument in $ArgumentList) { $null = $Session.AddArgument($argument) }
        try {
            $handle = $Session.BeginInvoke()
            if (-not $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(120))) {
                $Session.Stop()
                throw 'did not finish within 120 s'
            }
            $output = $Session.EndInvoke($handle)
        }
        catch {
            $exception = $_.Exception
            if ($exception -is [System.Management.Automation.MethodInvocationException] -and $exception.InnerException) { $exception = $exception.InnerException }
            $record = if ($exception -is [System.Management.Automation.IContainsErrorRecord]) { $exception.ErrorRecord } else { $null }
            $where = if ($record -and $record.InvocationInfo -and $record.InvocationInfo.Line) { " (at: $($record.InvocationInfo.Line.Trim()))" } else { '' }
            throw "$($exception.Message)$where"
        }
        finally { $Session.Commands.Clear() }
        if ($Session.Streams.Error.Count -gt 0) { throw "wrote errors: $(@($Session.Streams.Error | ForEach-Object { "$_" }) -join '; ')" }
        $output
    }

    function Set-Environment([hashtable] $Variables) {
        foreach ($key in $Variables.Keys) { [Environment]::SetEnvironmentVariable($key, $Variables[$key]) }
    }

    function Test-BlockSyntax($Block) {
        switch -Regex ($Block.Language) {
            '^(powershell|pwsh|ps1)$' {
                $errors = $null
                $null = [System.Management.Automation.Language.Parser]::ParseInput($Block.Code, [ref]$null, [ref]$errors)
                if ($errors) { throw "does not parse: $($errors[0].Message) (line $($errors[0].Extent.StartLineNumber))" }
                return $true
            }
            '^json$' { $null = $Block.Code | ConvertFrom-Json -ErrorAction Stop; return $true }
            '^ya?ml$' { [YamlDotNet.RepresentationModel.YamlStream]::new().Load([IO.StringReader]::new($Block.Code)); return $true }
            default { return $false }
        }
    }

    # Runs one block as the header of this file says: in Session when given (README's), else in a fresh one.
    function Invoke-DocsBlock($Block, [hashtable] $Environment, $Session) {
        $parsed = Test-BlockSyntax $Block
        if ($Block.Marker) {
            if ($Block.Marker.Kind -notin 'skip', 'pester') { throw "'test: $($Block.Marker.Kind)' is not a marker this test knows (skip, pester)." }
            if (-not $Block.Marker.Reason) { throw "'test: $($Block.Marker.Kind)' needs its reason: <!-- test: $($Block.Marker.Kind), why -->." }
            if ($Block.Marker.Kind -eq 'skip') { return 'skipped' }
        }
        elseif ($Block.Language -notin 'powershell', 'pwsh', 'ps1') {
            if ($parsed) { return 'parsed' }
            throw "a '$($Block.Language)' block that does not run: mark it <!-- test: skip, <reason> --> on the line before it."
        }

        $code = [regex]::Replace($Block.Code, '\$\((?<name>[A-Za-z]+\.[A-Za-z.]+)\)', {
                param($m) if ($Macros.ContainsKey($m.Groups['name'].Value)) { $Macros[$m.Groups['name'].Value] } else { $m.Value } })
        if (-not $Session -and $code -match '\$(before|after)\b' -and $code -notmatch '\$(before|after)\s*=') {
            $code = "`$before = `$after = @(Invoke-PixieScript (Get-Content ./let.pxl -Raw))`n$code"
        }
        $pester = $Block.Marker -and $Block.Marker.Kind -eq 'pester'
        $own = -not $Session
        if ($own) { $Session = New-DocsSession -Pester:$pester }
        $saved = [Environment]::GetEnvironmentVariables()
        try {
            Set-Environment $Environment
            if ($pester) {
                $result = Invoke-InSession $Session 'param($Code) Invoke-Pester -Container (New-PesterContainer -ScriptBlock ([scriptblock]::Create($Code))) -PassThru -Output None' @($code)
                if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0) {
                    throw "Invoke-Pester: $($result.PassedCount) passed, $($result.FailedCount) failed: $(@($result.Failed | ForEach-Object { "$($_.ExpandedName): $($_.ErrorRecord)" }) -join '; ')"
                }
                return 'ran'
            }
            $null = Invoke-InSession $Session ". {`n$code`n} | Out-String -Width 160"
            'ran'
        }
        finally {
            foreach ($key in [Environment]::GetEnvironmentVariables().Keys) { if (-not $saved.Contains($key)) { [Environment]::SetEnvironmentVariable($key, $null) } }
            foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
            if ($own) { $Session.Dispose() }
        }
    }
}

AfterAll {
    if ($Emulator) { Stop-VizierEmulator $Emulator }
    # The link alone, before TestDrive is removed: never the built emulator it points to.
    $link = Join-Path $Sandbox 'out/emulator'
    if (Test-Path -LiteralPath $link) { [IO.Directory]::Delete($link) }
}

Describe 'README.md, block by block as a reader runs it' {
    BeforeAll { $script:ReadmeSession = New-DocsSession }
    AfterAll { $ReadmeSession.Dispose() }

    It '<Name>' -ForEach $readme {
        $outcome = Invoke-DocsBlock $Block -Environment $ReadmeEnvironment -Session $ReadmeSession
        if ($outcome -eq 'skipped') { Set-ItResult -Skipped -Because $Block.Marker.Reason }
    }
}

Describe 'The examples of docs/cmdlets' {
    It '<Name>' -ForEach $examples {
        $outcome = Invoke-DocsBlock $Block -Environment $CmdletEnvironment
        if ($outcome -eq 'skipped') { Set-ItResult -Skipped -Because $Block.Marker.Reason }
    }
}

Describe 'The docs test itself' {
    BeforeAll {
        function Get-Block([string] $Markdown) {
            $path = Join-Path $TestDrive "page-$([guid]::NewGuid().ToString('n')).md"
            Set-Content -LiteralPath $path -Value $Markdown
            Get-MarkdownCodeBlock $path
        }
        $script:Fence = '```'
    }

    It 'fails an unmarked block that does not run, and names the marker that would explain it' {
        $block = Get-Block "## Build`n`n${Fence}bash`nmake all`n$Fence"
        { Invoke-DocsBlock $block -Environment @{} } | Should -Throw "*a 'bash' block that does not run: mark it <!-- test: skip*"
    }

    It 'fails a PowerShell block that writes an error, and one that does not parse even when skipped' {
        { Invoke-DocsBlock (Get-Block "## Run`n`n${Fence}powershell`nGet-Item ./no-such-file.pxl`n$Fence") -Environment @{} } | Should -Throw '*no-such-file.pxl*'
        { Invoke-DocsBlock (Get-Block "## Run`n`n<!-- test: skip, needs a cluster -->`n${Fence}powershell`nGet-Item (`n$Fence") -Environment @{} } | Should -Throw '*does not parse*'
    }

    It 'skips a marked block with its reason, and refuses a marker without one' {
        $block = Get-Block "## Run`n`n<!-- test: skip, needs a real cluster -->`n${Fence}powershell`nConnect-Pixie`n$Fence"
        $block.Marker.Reason | Should -Be 'needs a real cluster'
        Invoke-DocsBlock $block -Environment @{} | Should -Be 'skipped'
        { Invoke-DocsBlock (Get-Block "## Run`n`n<!-- test: skip -->`n${Fence}text`nx`n$Fence") -Environment @{} } | Should -Throw '*needs its reason*'
    }

    It 'restores the environment variables a block sets' {
        $env:CHAOSPIXIE_DOCS_TEST = $null
        Invoke-DocsBlock (Get-Block "## Run`n`n${Fence}powershell`n`$env:CHAOSPIXIE_DOCS_TEST = 'set'`n$Fence") -Environment @{} | Should -Be 'ran'
        $env:CHAOSPIXIE_DOCS_TEST | Should -BeNullOrEmpty
    }
}
