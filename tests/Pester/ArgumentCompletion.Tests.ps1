# Tab completion of -TableName, -ClusterId and -Column: offline, from the script at hand and what the session saw.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:emulator = Start-VizierEmulator -Record -Scenario @{
        apiKey   = 'px-api-completion'
        clusters = @(
            @{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'prod east'; status = 'CS_HEALTHY' }
            @{ id = '0a0b0c0d-0e0f-1011-1213-141516171819'; name = 'staging'; status = 'CS_DEGRADED' }
        )
        tables   = @(
            @{ name = 'let'; columns = @(@{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }, @{ name = 'latency_p99'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }, @{ name = 'latency_p50'; type = 'INT64'; semanticType = 'ST_DURATION_NS' }); rows = @(, @(1, 2, 3)) }
            @{ name = 'conns'; columns = @(@{ name = 'bytes_sent'; type = 'INT64'; semanticType = 'ST_BYTES' }); rows = @(5) }
        )
    }
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force) }

    function script:Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe '-TableName completion' {
    It 'offers the px.display names of a -Script string' {
        (Complete "Invoke-PixieScript -Script 'px.display(df, ""let"")`npx.display(df)' -TableName ").CompletionText | Should -Be @('let', 'output')
    }

    It 'offers the names of the script in a variable, filtered by what was typed' {
        $global:completionScript = "px.display(df, 'latency')`npx.display(df, 'conns')"
        try { (Complete 'Invoke-PixieScript $completionScript -TableName la').CompletionText | Should -Be @('latency') }
        finally { Remove-Variable completionScript -Scope Global }
    }

    It 'offers the names of a file read by Get-PixieScriptFile earlier in the pipeline' {
        $file = Join-Path $TestDrive 'two.pxl'
        Set-Content $file "px.display(a, 'first')`npx.display(b, name='second table')"
        (Complete "Get-PixieScriptFile '$file' | Invoke-PixieScript -TableName ").CompletionText | Should -Be @('first', "'second table'")
    }

    It 'offers the names of a script that Get-Content -Raw put in a variable' {
        $file = Join-Path $TestDrive 'raw.pxl'
        Set-Content $file "px.display(a, 'from_file')"
        $global:completionScript = Get-Content $file -Raw
        try { (Complete 'Invoke-PixieScript -Script $completionScript -TableName ').CompletionText | Should -Be @('from_file') }
        finally { Remove-Variable completionScript -Scope Global }
    }

    It 'offers the names of a file read by a parenthesised Get-Content, relative to the current location, without running it' {
        Set-Content (Join-Path $TestDrive 'paren.pxl') "px.display(a, 'in_parens')`npx.display(b)"
        Push-Location $TestDrive
        try {
            (Complete 'Invoke-PixieScript (Get-Content ./paren.pxl -Raw) -TableName ').CompletionText | Should -Be @('in_parens', 'output')
            (Complete 'Invoke-PixieScript -Script (Get-Content -LiteralPath paren.pxl -Raw) -TableName in').CompletionText | Should -Be @('in_parens')
        }
        finally { Pop-Location }
    }
}

Describe '-ClusterId completion' {
    It 'offers the clusters seen in the session, with their names, without calling Pixie' {
        $null = Get-PixieCluster @connection
        $matches = Complete 'Invoke-PixieScript "x" -ClusterId '
        $matches.CompletionText | Should -Be @('00112233-4455-6677-8899-aabbccddeeff', '0a0b0c0d-0e0f-1011-1213-141516171819')
        $matches[0].ToolTip | Should -Be 'prod east (Healthy)'
        (Complete 'Connect-Pixie -ClusterId 0a').CompletionText | Should -Be @('0a0b0c0d-0e0f-1011-1213-141516171819')
        $requests = @(Get-VizierEmulatorRequest $emulator).Count
        $null = Complete 'Invoke-PixieScript "x" -ClusterId '
        @(Get-VizierEmulatorRequest $emulator).Count | Should -Be $requests
    }
}

Describe '-Column completion' {
    It 'offers the columns of the tables the script earlier in the pipeline displays, as the session saw them' {
        $null = Invoke-PixieScript 'px.display(df)' -ClusterId 00112233-4455-6677-8899-aabbccddeeff @connection
        $matches = Complete "Invoke-PixieScript 'px.display(df, ""let"")' | Test-PercentileBelow -Column lat"
        $matches.CompletionText | Should -Be @('latency_p99', 'latency_p50')
        $matches[0].ToolTip | Should -Be 'let.latency_p99: Int64 (DurationNS)'
    }

    It 'offers every column seen when the script cannot be read' {
        # Test files run before this one in the same session add their columns: only this file's must all be there.
        $offered = (Complete 'Test-PercentileAbove -Column ').CompletionText
        foreach ($column in 'time_', 'latency_p99', 'latency_p50', 'bytes_sent') { $offered | Should -Contain $column }
    }
}
