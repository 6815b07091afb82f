@{
    # The single source of the module's version: build.ps1 passes it to dotnet and stages this file.
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c7f0e-3d52-4d7a-9a51-2f3f3c1d8e42'
    RootModule           = 'ChaosPixie.PowerShell.dll'
    Author               = 'ChaosPixie contributors'
    CompanyName          = 'ChaosPixie'
    Copyright            = '(c) ChaosPixie contributors. Apache-2.0.'
    Description          = 'Pixie (px.dev) observability and Chaos Toolkit experiments for PowerShell: run PxL scripts through Pixie''s gRPC API and stream the rows into the pipeline.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    CmdletsToExport      = @(
        'Compare-SteadyState'
        'Connect-Pixie'
        'Export-ChaosReport'
        'Export-PixieResult'
        'Export-SteadyStateTrend'
        'Get-PixieCluster'
        'Get-PixieScript'
        'Get-PixieScriptFile'
        'Get-SteadyStateHistory'
        'Import-PixieResult'
        'Invoke-ChaosExperiment'
        'Invoke-PixieScript'
        'Invoke-SteadyStateCheck'
        'Test-ChaosExperiment'
        'Test-PercentileAbove'
        'Test-PercentileBelow'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('ChaosPixie.Format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Prerelease   = 'preview1'
            Tags         = @('Pixie', 'ChaosEngineering', 'ChaosToolkit', 'eBPF', 'Kubernetes', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/ChaosPixie/ChaosPixie'
            LicenseUri   = 'https://github.com/ChaosPixie/ChaosPixie/blob/main/LICENSE'
            # build.ps1 replaces this with the newest section of CHANGELOG.md when it stages the module.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
