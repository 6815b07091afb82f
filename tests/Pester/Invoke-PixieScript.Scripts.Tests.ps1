# Invoke-PixieScript -Name / -Path / -Argument: scripts run as px run runs them (vis.json to exec_funcs, as the
# emulator records the request), arguments checked before anything is sent, -Script that is a path refused, and
# quantiles that do not parse kept as text. The scripts are written for these tests (Fixtures/ScriptBundle).
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:folder = Join-Path $PSScriptRoot 'Fixtures/ScriptBundle'
    $scenario = New-TestScenario -Table @(
        @{
            name    = 'LET'
            columns = @(
                @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                @{ name = 'latency_p99'; type = 'FLOAT64'; semanticType = 'ST_DURATION_NS' }
            )
            rows    = @(@(1690000000000000000, 12500000.0), @(1690000010000000000, 25000000.0))
        }
        @{
            name    = 'Status Code Distribution'
            columns = @(@{ name = 'resp_status'; type = 'INT64'; semanticType = 'ST_HTTP_RESP_STATUS' }, @{ name = 'count'; type = 'INT64'; semanticType = 'ST_NONE' })
            rows    = @(@(200, 90), @(500, 3))
        }
        @{
            name    = 'quantiles'
            columns = @(@{ name = 'latency'; type = 'STRING'; semanticType = 'ST_DURATION_NS_QUANTILES' })
            rows    = @('{"p01":1,"p10":2,"p25":3,"p50":4,"p75":5,"p90":6,"p99":7}', 'not json', '[1, 2]')
        }
    )
    $script:emulator = Start-VizierEmulator -Scenario $scenario -Record
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = $emulator.ClusterId }

    function script:Get-LastRequest { @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript)[-1].body }
    function script:Get-RequestCount { @(Get-VizierEmulatorRequest $emulator -Method ExecuteScript).Count }
    function script:Get-Arguments($Function) { $values = [ordered]@{}; foreach ($a in $Function.argValues) { $values[$a.name] = $a.value }; $values }
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Invoke-PixieScript -Name' {
    BeforeAll {
        $script:rows = @(Invoke-PixieScript -Name px/service_stats -BundlePath $folder -Argument @{ svc = 'default/frontend'; max_codes = 5 } -TableName LET, 'Status Code Distribution' @connection)
        $script:request = Get-LastRequest
    }

    It 'sends the vis.json functions as exec_funcs: the global function, then the widget with a function, in file order' {
        $request.execFuncs.funcName | Should -Be @('latency_series', 'status_codes')
        $request.execFuncs.outputTablePrefix | Should -Be @('LET', 'Status Code Distribution')
    }

    It 'passes each function its parameters from the arguments given and the defaults, as text' {
        $let = Get-Arguments $request.execFuncs[0]
        $let.Keys | Should -Be @('start_time', 'svc')
        $let.start_time | Should -Be '-5m'
        $let.svc | Should -Be 'default/frontend'
        $codes = Get-Arguments $request.execFuncs[1]
        $codes.limit | Should -Be '5' -Because 'the variable max_codes feeds the parameter limit'
    }

    It 'sends the PxL trimmed, the script name as query_name, and no mutation for a script without pxtrace' {
        $request.queryStr | Should -BeLike '# Written for ChaosPixie*return df.head(limit)'
        $request.queryName | Should -Be 'px/service_stats'
        $request.PSObject.Properties.Name | Should -Not -Contain 'mutation'
    }

    It 'returns the rows of the tables named by the output names' {
        ($rows | Group-Object { $_.GetTable().Name } | Sort-Object Name).Name | Should -Be @('LET', 'Status Code Distribution')
        $rows.Count | Should -Be 4
    }

    It 'fills a fixed argument value and an unnamed widget ("widget"), and accepts a PowerShell boolean' {
        Invoke-PixieScript -Name px/ns_errors -BundlePath $folder -Argument @{ namespace = 'shop'; include_pods = $false; severity = 'client' } -TableName LET @connection | Out-Null
        $function = (Get-LastRequest).execFuncs
        $function.outputTablePrefix | Should -Be 'widget'
        $values = Get-Arguments $function
        $values.min_status | Should -Be '500'
        $values.include_pods | Should -Be 'false'
        $values.namespace | Should -Be 'shop'
    }

    It 'runs a script without vis.json as its PxL alone, with no exec_funcs' {
        Invoke-PixieScript -Name px/plain -BundlePath $folder -TableName LET @connection | Out-Null
        $request = Get-LastRequest
        $request.PSObject.Properties.Name | Should -Not -Contain 'execFuncs'
        $request.queryName | Should -Be 'px/plain'
    }

    It 'runs a script of the bundle the emulator serves over HTTP' {
        $bundleFile = Join-Path $TestDrive 'one.json'
        $vis = Get-Content -Raw (Join-Path $folder 'px/service_stats/vis.json')
        ConvertTo-Json -Depth 5 @{ scripts = @{ 'px/service_stats' = @{ pxl = 'import px'; vis = $vis; ShortDoc = 'x' } } } | Set-Content -LiteralPath $bundleFile
        $served = Start-VizierEmulator -Scenario (New-TestScenario) -Record -Bundle $bundleFile
        try {
            $key = ConvertTo-SecureString $served.ApiKey -AsPlainText -Force
            Invoke-PixieScript -Name px/service_stats -BundlePath $served.BundleUrl -Argument @{ start_time = '-10m' } -ServerUrl $served.Url -ApiKey $key -ClusterId $served.ClusterId | Should -HaveCount 3
            $sent = @(Get-VizierEmulatorRequest $served -Method ExecuteScript)[-1].body
            (Get-Arguments $sent.execFuncs[0]).start_time | Should -Be '-10m'
        }
        finally { Stop-VizierEmulator $served }
    }

    It 'completes -TableName after -Name with the script''s output names' {
        $line = "Invoke-PixieScript -BundlePath '$folder' -Name px/service_stats -TableName "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('LET', "'Status Code Distribution'")
    }

    It 'completes -Argument with a hashtable of the script''s variables, required first' {
        $line = "Invoke-PixieScript -BundlePath '$folder' -Name px/ns_errors -Argument "
        $completion = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completion.CompletionText | Should -Be "@{ namespace = ''; start_time = '-5m'; severity = 'server'; include_pods = 'true' }"
        $completion.ToolTip | Should -BeLike '*namespace (PX_NAMESPACE, required)*'
    }
}

Describe 'Invoke-PixieScript -Argument checks, before anything is sent' {
    It 'refuses <Case>, listing the script''s variables' -ForEach @(
        @{ Case = 'an unknown name'; Name = 'px/service_stats'; Argument = @{ nope = 1 }; Message = "*has no variable 'nope'*" }
        @{ Case = 'a missing required value'; Name = 'px/ns_errors'; Argument = @{}; Message = "*needs a value for 'namespace'*" }
        @{ Case = 'a value outside validValues'; Name = 'px/ns_errors'; Argument = @{ namespace = 'a'; severity = 'fatal' }; Message = "*'fatal' is not a valid value of 'severity'*'client', 'server'*" }
        @{ Case = 'an integer that does not parse'; Name = 'px/service_stats'; Argument = @{ max_codes = '1.5' }; Message = "*'max_codes'*whole number (PX_INT64), not '1.5'*" }
        @{ Case = 'a boolean that does not parse'; Name = 'px/ns_errors'; Argument = @{ namespace = 'a'; include_pods = 'perhaps' }; Message = "*'include_pods'*true or false*" }
        @{ Case = 'arguments for a script without variables'; Name = 'px/plain'; Argument = @{ x = 1 }; Message = '*has no vis.json, so it takes no arguments*' }
    ) {
        $before = Get-RequestCount
        $e = { Invoke-PixieScript -Name $Name -BundlePath $folder -Argument $Argument @connection } | Should -Throw -ErrorId 'ScriptArgumentInvalid,*' -PassThru
        $e.Exception.Message | Should -BeLike $Message
        if ($Name -ne 'px/plain') { $e.Exception.Message | Should -BeLike '*Its variables: *' }
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.ErrorDetails.RecommendedAction | Should -BeLike "*Get-PixieScript $Name*"
        Get-RequestCount | Should -Be $before
    }

    It 'checks the arguments even before the connection settings' {
        { Invoke-PixieScript -Name px/ns_errors -BundlePath $folder } | Should -Throw -ErrorId 'ScriptArgumentInvalid,*'
    }

    It 'says which scripts look alike when the name is unknown' {
        { Invoke-PixieScript -Name px/service -BundlePath $folder @connection } | Should -Throw -ErrorId 'ScriptNotFound,*' -ExpectedMessage "*'px/service'*similar names: px/service_stats*"
    }
}

Describe 'Invoke-PixieScript -Path' {
    It 'runs a local script folder with its vis.json, as a script by name runs, without a query name' {
        Invoke-PixieScript -Path (Join-Path $folder 'px/service_stats') -Argument @{ max_codes = 7 } -TableName LET @connection | Should -HaveCount 2
        $request = Get-LastRequest
        $request.execFuncs.outputTablePrefix | Should -Be @('LET', 'Status Code Distribution')
        (Get-Arguments $request.execFuncs[1]).limit | Should -Be '7'
        $request.PSObject.Properties.Name | Should -Not -Contain 'queryName'
    }

    It 'runs a .pxl file with the vis.json beside it' {
        Push-Location (Join-Path $folder 'px/ns_errors')
        try { Invoke-PixieScript -Path ./ns_errors.pxl -Argument @{ namespace = 'shop' } -TableName LET @connection | Out-Null }
        finally { Pop-Location }
        (Get-Arguments (Get-LastRequest).execFuncs).namespace | Should -Be 'shop'
    }

    It 'checks a local script''s arguments and points at Get-PixieScriptFile' {
        $e = { Invoke-PixieScript -Path (Join-Path $folder 'px/ns_errors') @connection } | Should -Throw -ErrorId 'ScriptArgumentInvalid,*' -PassThru
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*Get-PixieScriptFile*ns_errors.pxl*'
    }

    It 'refuses a path that does not exist' {
        { Invoke-PixieScript -Path (Join-Path $TestDrive 'none') @connection } | Should -Throw -ErrorId 'ScriptFileNotFound,*'
    }

    It 'sets mutation for a script that imports pxtrace on a line of its own, as px run does' {
        $tracer = New-Item -ItemType Directory (Join-Path $TestDrive 'tracer')
        Set-Content -LiteralPath (Join-Path $tracer 'trace.pxl') "import pxtrace`nimport px`npx.display(px.DataFrame('t'))"
        Invoke-PixieScript -Path $tracer -TableName LET @connection | Out-Null
        (Get-LastRequest).mutation | Should -BeTrue
        Set-Content -LiteralPath (Join-Path $tracer 'trace.pxl') "from pxtrace import probe`nimport px"
        Invoke-PixieScript -Path $tracer -TableName LET @connection | Out-Null
        (Get-LastRequest).PSObject.Properties.Name | Should -Not -Contain 'mutation'
    }
}

Describe 'Invoke-PixieScript -Script that is a path' {
    It 'refuses the path of an existing .pxl file and says to use -Path, sending nothing' {
        $before = Get-RequestCount
        Push-Location (Join-Path $folder 'px/plain')
        try {
            $e = { Invoke-PixieScript ./plain.pxl @connection } | Should -Throw -ErrorId 'ScriptIsPath,*' -PassThru
            { './plain.pxl' | Invoke-PixieScript @connection } | Should -Throw -ErrorId 'ScriptIsPath,*'
        }
        finally { Pop-Location }
        $e.ErrorDetails.RecommendedAction | Should -Be 'Run the file with -Path: Invoke-PixieScript -Path ./plain.pxl'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-RequestCount | Should -Be $before
    }

    It 'still sends a one-line script that names no existing file' {
        Invoke-PixieScript 'px.display(df, "LET")' -TableName LET @connection | Should -HaveCount 2
    }
}

Describe 'Get-PixieScriptFile on a script folder' {
    It 'reads the .pxl, and takes the tables and variables from the vis.json' {
        $file = Get-PixieScriptFile (Join-Path $folder 'px/service_stats')
        $file.Name | Should -Be 'service_stats'
        $file.Path | Should -Be (Join-Path $folder 'px/service_stats/service_stats.pxl')
        $file.TableNames | Should -Be @('LET', 'Status Code Distribution')
        $file.Variables.Name | Should -Be @('start_time', 'svc', 'max_codes')
    }

    It 'refuses a folder without exactly one .pxl' {
        $empty = New-Item -ItemType Directory (Join-Path $TestDrive 'empty-script')
        Get-PixieScriptFile $empty -ErrorAction SilentlyContinue -ErrorVariable problem | Should -BeNullOrEmpty
        $problem[0].FullyQualifiedErrorId | Should -BeLike 'ScriptBundleInvalid,*'
        $problem[0].Exception.Message | Should -BeLike '*expected exactly one pxl script, found 0*'
    }
}

Describe 'Invoke-PixieScript quantiles that do not parse' {
    It 'keeps them as their text with one warning, never $null' {
        $rows = @(Invoke-PixieScript 'px.display(df, "quantiles")' -TableName quantiles @connection -WarningVariable warned -WarningAction SilentlyContinue)
        $rows[0].latency.P99 | Should -Be 7
        $rows[1].latency | Should -BeExactly 'not json'
        $rows[2].latency | Should -BeExactly '[1, 2]'
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "*'quantiles'*2 values of the quantiles column 'latency'*kept as their text*"
    }

    It 'makes a tolerance on such a value an error that names it, not a skipped row' {
        $rows = Invoke-PixieScript 'px.display(df, "quantiles")' -TableName quantiles @connection -WarningAction SilentlyContinue
        { $rows | Test-PercentileBelow latency 10 -Quantile P99 } | Should -Throw -ErrorId 'ToleranceValueNotNumeric,*' -ExpectedMessage "*Row 2*not json*"
    }
}
