# The package as users get it: the .nupkg that build.ps1 Package makes (made here by the same code,
# tools/ModulePackage.psm1, from the staged module), installed by README's own Install block (a registered local
# repository, Install-PSResource for the current user) in a pwsh whose HOME is temporary, then imported by name in a
# fresh pwsh that has only that module folder, where README's first script runs against the emulator.
# Windows keeps the CurrentUser module folder in Documents whatever the environment says, so the install could not be
# kept away from the user's own folders there: the file runs on Linux and macOS.

Describe 'The package' -Skip:$IsWindows {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'MarkdownCodeBlocks.psm1') -Force
        $script:Root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
        Import-Module (Join-Path $Root 'tools/ModulePackage.psm1') -Force
        $script:Manifest = Import-PowerShellDataFile (Join-Path $Root 'out/ChaosPixie/ChaosPixie.psd1')
        $script:Version = "$($Manifest.ModuleVersion)$(if ($Manifest.PrivateData.PSData.Prerelease) { "-$($Manifest.PrivateData.PSData.Prerelease)" })"

        # The user's own repository list, to show it is left as it was.
        $script:UserRepositories = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
        $script:UserRepositoriesBefore = if (Test-Path $UserRepositories) { Get-Content -Raw $UserRepositories } else { $null }

        # A folder laid out as a clone after build.ps1 Package: out/ with the package, and examples/.
        $script:Clone = Join-Path $TestDrive 'clone'
        $script:Package = New-ModulePackage -ModulePath (Join-Path $Root 'out/ChaosPixie') -OutputPath (Join-Path $Clone 'out')
        Copy-Item (Join-Path $Root 'examples') $Clone -Recurse
        $script:UserHome = Join-Path $TestDrive 'home'
        $script:UserModules = Join-Path $UserHome '.local/share/powershell/Modules'

        $readme = @(Get-MarkdownCodeBlock (Join-Path $Root 'README.md'))
        $install = $readme | Where-Object { $_.Heading -eq 'Install' -and $_.Language -eq 'powershell' } | Select-Object -First 1
        $script:FirstScript = $readme | Where-Object Heading -EQ 'A first script' | Select-Object -First 1
        $command = "`$ErrorActionPreference = 'Stop'`n$($install.Code)`n'ModuleBase=' + (Get-Module ChaosPixie).ModuleBase`nUnregister-PSResourceRepository -Name ChaosPixieLocal"
        $script:InstallOutput = @(Invoke-IsolatedPwsh -UserHome $UserHome -WorkingDirectory $Clone -Command $command 2>&1 | ForEach-Object { "$_" })
        $script:InstallExitCode = $LASTEXITCODE
    }

    It 'is named ChaosPixie.(version).nupkg, the version from the manifest' {
        $Package.Name | Should -Be "ChaosPixie.$Version.nupkg"
    }

    It 'carries the manifest''s gallery fields, the CHANGELOG''s newest section as release notes, and the whole module' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try {
            $entries = @($zip.Entries | ForEach-Object { $_.FullName.Replace('\', '/') })
            $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'ChaosPixie.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        foreach ($file in 'ChaosPixie.psd1', 'ChaosPixie.PowerShell.dll', 'LICENSE', 'dependencies/ChaosPixie.Engine.dll', 'en-US/ChaosPixie.PowerShell.dll-Help.xml') {
            $entries | Should -Contain $file
        }
        $nuspec.id | Should -Be 'ChaosPixie'
        $nuspec.version | Should -Be $Version
        $nuspec.projectUrl | Should -Be $Manifest.PrivateData.PSData.ProjectUri
        $nuspec.licenseUrl | Should -Be $Manifest.PrivateData.PSData.LicenseUri
        $nuspec.tags -split ' ' | Should -Contain 'PSModule'
        $nuspec.tags -split ' ' | Should -Contain 'Pixie'
        # The section between CHANGELOG.md's first two '## ' headings, whatever it holds today.
        $changelog = (Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')) -replace "`r`n", "`n"
        $sections = $changelog -split '(?m)^## .*$'
        $nuspec.releaseNotes.Trim() -replace "`r`n", "`n" | Should -Be $sections[1].Trim()
    }

    It 'installs with README''s Install block from a registered local repository into the CurrentUser scope of a temporary HOME' {
        $InstallExitCode | Should -Be 0 -Because ($InstallOutput -join "`n")
        $base = ($InstallOutput | Where-Object { $_ -like 'ModuleBase=*' }) -replace '^ModuleBase=', ''
        $base | Should -Be (Join-Path $UserModules "ChaosPixie/$($Manifest.ModuleVersion)")
        Join-Path $base 'dependencies/ChaosPixie.Engine.dll' | Should -Exist
    }

    It 'leaves the user''s own PSResourceGet repositories as they were' {
        $after = if (Test-Path $UserRepositories) { Get-Content -Raw $UserRepositories } else { $null }
        $after | Should -Be $UserRepositoriesBefore
        Get-Content -Raw (Join-Path $UserHome '.local/share/PSResourceGet/PSResourceRepository.xml') | Should -Not -Match 'ChaosPixieLocal'
        # Nor in the working folder, where PSResourceGet writes when it finds no per-user data folder.
        Join-Path $Clone 'PSResourceGet' | Should -Not -Exist
    }

    Context 'imported by name in a fresh pwsh that has only the installed module folder' {
        BeforeAll {
            $emulator = Start-VizierEmulator -Scenario (Get-TestScenarioPath 'consumer-latency-deviated')
            try {
                $command = "`$ErrorActionPreference = 'Stop'`nImport-Module ChaosPixie`n'ModuleBase=' + (Get-Module ChaosPixie).ModuleBase`n$($FirstScript.Code)"
                $environment = @{
                    PSModulePath     = $UserModules
                    PIXIE_API_KEY    = $emulator.ApiKey
                    PIXIE_CLUSTER_ID = $emulator.ClusterId
                    PIXIE_SERVER_URL = $emulator.Url
                }
                $script:RunOutput = @(Invoke-IsolatedPwsh -UserHome $UserHome -WorkingDirectory $Clone -Command $command -Environment $environment 2>&1 | ForEach-Object { "$_" })
                $script:RunExitCode = $LASTEXITCODE
            }
            finally { Stop-VizierEmulator $emulator }
        }

        It 'loads the installed copy' {
            $RunExitCode | Should -Be 0 -Because ($RunOutput -join "`n")
            ($RunOutput | Where-Object { $_ -like 'ModuleBase=*' }) | Should -Be "ModuleBase=$(Join-Path $UserModules "ChaosPixie/$($Manifest.ModuleVersion)")"
        }

        It 'runs README''s first script: the table of rows over 300 ms, without colour codes' {
            $text = $RunOutput -join "`n"
            $header = [array]::FindIndex([string[]]$RunOutput, [Predicate[string]] { param($line) $line -match '^time_\s+latency_p99\s+request_throughput\s*$' })
            $header | Should -BeGreaterOrEqual 0 -Because $text
            # The deviated scenario's p99 is over 300 ms in every window: rows follow the header and its dashes.
            @($RunOutput | Select-Object -Skip ($header + 2) | Where-Object { $_ -match 'Z\s+\d+\s+[\d.E-]+\s*$' }).Count | Should -BeGreaterThan 0 -Because $text
            $text | Should -Not -Match "`e\["
        }
    }
}
