# Get-PixieScript: Pixie's script bundles (JSON over HTTP from the emulator, a JSON file, a pxl_scripts folder), what it
# lists of each script, and the errors for a bundle that cannot be read. The scripts are written for these tests.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:folder = Join-Path $PSScriptRoot 'Fixtures/ScriptBundle'

    # The fixture folder as Pixie's bundle JSON: vis.json as text, ShortDoc from the manifest; plus a script of an
    # organization, which an API key never sees.
    function script:ConvertTo-TestBundle([string] $Root) {
        $scripts = [ordered]@{}
        foreach ($pxl in Get-ChildItem -LiteralPath $Root -Recurse -Filter *.pxl) {
            $name = [IO.Path]::GetRelativePath($Root, $pxl.DirectoryName).Replace('\', '/')
            $vis = Join-Path $pxl.DirectoryName 'vis.json'
            $manifest = Get-Content -Raw -LiteralPath (Join-Path $pxl.DirectoryName 'manifest.yaml')
            $scripts[$name] = [ordered]@{
                pxl      = Get-Content -Raw -LiteralPath $pxl.FullName
                vis      = if (Test-Path -LiteralPath $vis) { Get-Content -Raw -LiteralPath $vis } else { '' }
                ShortDoc = if ($manifest -match '(?m)^short: (.*)$') { $Matches[1] } else { '' }
                LongDoc  = ''
                orgID    = ''
                hidden   = $manifest -match '(?m)^hidden: true'
            }
        }
        $scripts['org_id/1234/private'] = [ordered]@{ pxl = 'px.display(df)'; vis = ''; ShortDoc = 'private'; orgID = '1234'; hidden = $false }
        [ordered]@{ scripts = $scripts }
    }

    $script:bundle = ConvertTo-TestBundle $folder
    $script:bundleFile = Join-Path $TestDrive 'bundle.json'
    ConvertTo-Json -InputObject $bundle -Depth 10 | Set-Content -LiteralPath $bundleFile -Encoding utf8NoBOM
    $script:emulator = Start-VizierEmulator -Scenario (New-TestScenario) -Record -Bundle $bundleFile
}

AfterAll {
    Stop-VizierEmulator $emulator
}

Describe 'Get-PixieScript' {
    It 'lists the visible scripts of a bundle served over HTTP, by name, with their short description' {
        $scripts = @(Get-PixieScript -BundlePath $emulator.BundleUrl)
        $scripts.Name | Should -Be @('px/ns_errors', 'px/plain', 'px/service_stats')
        ($scripts | Where-Object Name -EQ px/service_stats).ShortDoc | Should -Be 'Latency of one service over time'
    }

    It 'lists the same scripts from the JSON file and from the folder laid out as pxl_scripts' {
        $fromUrl = Get-PixieScript -BundlePath $emulator.BundleUrl
        foreach ($source in $bundleFile, $folder) {
            $scripts = @(Get-PixieScript -BundlePath $source)
            $scripts.Name | Should -Be $fromUrl.Name
            $scripts.ShortDoc | Should -Be $fromUrl.ShortDoc
            ($scripts | ForEach-Object { $_.TableNames -join '|' }) | Should -Be ($fromUrl | ForEach-Object { $_.TableNames -join '|' })
        }
    }

    It 'gives each variable its name, type, default, whether it is required and its valid values' {
        $variables = (Get-PixieScript px/ns_errors -BundlePath $emulator.BundleUrl).Variables
        $variables.Name | Should -Be @('start_time', 'namespace', 'severity', 'include_pods')
        $variables.Type | Should -Be @('PX_STRING', 'PX_NAMESPACE', 'PX_STRING', 'PX_BOOLEAN')
        $variables[0].DefaultValue | Should -Be '-5m' -Because 'default_value, the proto name, is read as defaultValue is'
        $variables[1].IsRequired | Should -BeTrue
        $variables[1].DefaultValue | Should -BeNullOrEmpty
        $variables[2].ValidValues | Should -Be @('client', 'server')
    }

    It 'keeps an empty default as a real default, not a required variable' {
        $svc = (Get-PixieScript px/service_stats -BundlePath $folder).Variables | Where-Object Name -EQ svc
        $svc.DefaultValue | Should -BeExactly ''
        $svc.IsRequired | Should -BeFalse
    }

    It 'names the tables as px run names them: output names, widget names (an unnamed one "widget"), px.display names without vis.json' {
        (Get-PixieScript px/service_stats -BundlePath $folder).TableNames | Should -Be @('LET', 'Status Code Distribution')
        (Get-PixieScript px/ns_errors -BundlePath $folder).TableNames | Should -Be @('widget')
        (Get-PixieScript px/plain -BundlePath $folder).TableNames | Should -Be @('plain_out')
    }

    It 'matches wildcards, and shows a hidden script only by its exact name' {
        (Get-PixieScript 'px/*_*' -BundlePath $folder).Name | Should -Be @('px/ns_errors', 'px/service_stats')
        Get-PixieScript 'pxbeta/*' -BundlePath $folder | Should -BeNullOrEmpty
        (Get-PixieScript pxbeta/hidden_probe -BundlePath $folder).Hidden | Should -BeTrue
    }

    It 'leaves out the scripts of an organization' {
        Get-PixieScript 'org_id/*' -BundlePath $bundleFile | Should -BeNullOrEmpty
        Get-PixieScript 'org_id/1234/private' -BundlePath $bundleFile -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'ScriptNotFound,ChaosPixie.PowerShell.Commands.GetPixieScriptCommand'
    }

    It 'reads a bundle once per session: later listings make no request' {
        function Get-BundleRequestCount { @(Get-VizierEmulatorRequest $emulator | Where-Object method -EQ 'GET /bundle.json').Count }
        $url = $emulator.BundleUrl + '?once'
        $before = Get-BundleRequestCount
        Get-PixieScript -BundlePath $url | Out-Null
        Get-BundleRequestCount | Should -Be ($before + 1)
        Get-PixieScript -BundlePath $url | Out-Null
        Get-PixieScript px/plain -BundlePath $url | Out-Null
        Get-BundleRequestCount | Should -Be ($before + 1)
    }

    It 'reads PIXIE_SCRIPT_BUNDLE when -BundlePath is not given' {
        $saved = $env:PIXIE_SCRIPT_BUNDLE
        try {
            $env:PIXIE_SCRIPT_BUNDLE = $bundleFile
            (Get-PixieScript px/plain).Source | Should -Be $bundleFile
        }
        finally { $env:PIXIE_SCRIPT_BUNDLE = $saved }
    }

    It 'completes script names from a local bundle, hidden ones left out' {
        $line = "Get-PixieScript -BundlePath '$folder' -Name px/"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Be @('px/ns_errors', 'px/plain', 'px/service_stats')
        $completions[2].ToolTip | Should -Be 'Latency of one service over time'
    }
}

Describe 'Get-PixieScript errors' {
    It 'names the HTTP status of a URL that does not serve a bundle, and says how to point at one' {
        $url = $emulator.BundleUrl -replace 'bundle\.json$', 'missing.json'
        $e = { Get-PixieScript -BundlePath $url } | Should -Throw -ErrorId 'ScriptBundleUnavailable,*' -PassThru
        $e.Exception.Message | Should -BeLike '*missing.json*HTTP 404*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-BundlePath*PIXIE_SCRIPT_BUNDLE*'
        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
    }

    It 'says how to point at a local bundle when Pixie''s published bundles cannot be read' {
        # No network here: without a local source, both of px's bundle URLs fail.
        $saved = $env:PIXIE_SCRIPT_BUNDLE
        try {
            $env:PIXIE_SCRIPT_BUNDLE = $null
            $e = { Get-PixieScript } | Should -Throw -ErrorId 'ScriptBundleUnavailable,*' -PassThru
            $e.Exception.Message | Should -BeLike '*storage.googleapis.com*artifacts.px.dev*'
            $e.ErrorDetails.RecommendedAction | Should -BeLike '*-BundlePath*pxl_scripts*PIXIE_SCRIPT_BUNDLE*'
        }
        finally { $env:PIXIE_SCRIPT_BUNDLE = $saved }
    }

    It 'refuses a file that is not bundle JSON, and a folder script without its manifest' {
        $bad = Join-Path $TestDrive 'not-a-bundle.json'
        Set-Content -LiteralPath $bad '{"nothing": 1}'
        { Get-PixieScript -BundlePath $bad } | Should -Throw -ErrorId 'ScriptBundleInvalid,*' -ExpectedMessage "*no 'scripts' object*"
        $tree = New-Item -ItemType Directory (Join-Path $TestDrive 'tree/px/x')
        Set-Content -LiteralPath (Join-Path $tree 'x.pxl') 'px.display(df)'
        { Get-PixieScript -BundlePath (Join-Path $TestDrive 'tree') } | Should -Throw -ErrorId 'ScriptBundleInvalid,*' -ExpectedMessage '*px/x*manifest.yaml*'
    }

    It 'refuses a vis.json that is not JSON, naming the script' {
        $broken = [ordered]@{ scripts = [ordered]@{ 'px/broken' = [ordered]@{ pxl = 'import px'; vis = '{"variables": [' } } }
        $path = Join-Path $TestDrive 'broken.json'
        ConvertTo-Json $broken -Depth 5 | Set-Content -LiteralPath $path
        { Get-PixieScript -BundlePath $path } | Should -Throw -ErrorId 'ScriptBundleInvalid,*' -ExpectedMessage "*vis.json of 'px/broken'*"
    }

    It 'says that a path does not exist' {
        { Get-PixieScript -BundlePath (Join-Path $TestDrive 'nowhere') } | Should -Throw -ErrorId 'ScriptBundleUnavailable,*' -ExpectedMessage '*nowhere*no such file or folder*'
    }
}
