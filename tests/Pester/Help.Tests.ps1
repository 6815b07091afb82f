# Get-Help as users see it: every exported cmdlet documented from docs/cmdlets, about_ChaosPixie, and the converter
# that builds both (tools/New-MamlHelp.ps1) proven on a small compiled module documented in both PlatyPS schemas.
BeforeDiscovery {
    Import-Module ChaosPixie -Force
    $cmdlets = @(Get-Command -Module ChaosPixie -CommandType Cmdlet | ForEach-Object Name)
    $pages = @(Get-ChildItem (Join-Path $PSScriptRoot '../../docs/cmdlets') -Filter *.md -ErrorAction Ignore | ForEach-Object BaseName)
}

BeforeAll {
    Import-Module ChaosPixie -Force
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
}

Describe 'Get-Help <_> -Full' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $page = Join-Path $PSScriptRoot "../../docs/cmdlets/$name.md"
        $help = Get-Help $name -Full
        $parameters = @((Get-Command $name).Parameters.Keys | Where-Object { -not $CommonParameters.Contains($_) })
    }

    It 'has its page in docs/cmdlets' {
        $page | Should -Exist
    }

    It 'comes from the MAML built from docs/cmdlets' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
    }

    It 'has a written synopsis, not the generated syntax line' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($name))(\s|$)"
    }

    It 'has a description' {
        ($help.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has an example with code' {
        @($help.examples.example | Where-Object { $_.code -match '\S' }) | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Match '\S' -Because "$($example.title.Trim(' -')) needs code"
            ($example.remarks.Text -join '') | Should -Match '\S' -Because "$($example.title.Trim(' -')) needs an explanation"
        }
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $description = (Get-Help $name -Parameter $parameter).description.Text -join ''
            $description | Should -Match '\S' -Because "-$parameter needs a description in docs/cmdlets/$name.md"
        }
    }

    It 'documents no parameter that the cmdlet lacks' {
        $documented = Get-Content $page -ErrorAction Ignore | Where-Object { $_ -match '^### -(\w+)' } | ForEach-Object { $_.Substring(5).Trim() }
        $documented | Where-Object { $_ -notin $parameters } | Should -BeNullOrEmpty
    }
}

Describe 'docs/cmdlets/<_>.md' -ForEach $pages {
    It 'documents a command that ChaosPixie exports' {
        Get-Command -Module ChaosPixie -Name $_ -ErrorAction Ignore | Should -Not -BeNullOrEmpty
    }
}

Describe 'about_ChaosPixie' {
    It 'is a help topic with a synopsis' {
        $topic = Get-Help about_ChaosPixie
        $topic.Category | Should -Be 'HelpFile'
        $topic.Synopsis | Should -Match 'settings'
    }

    It 'tells the settings, their environment variables and the default server' {
        $text = Get-Help about_ChaosPixie | Out-String
        foreach ($word in 'Connect-Pixie', 'PIXIE_API_KEY', 'PIXIE_CLUSTER_ID', 'PIXIE_SERVER_URL', 'work.withpixie.ai:443', '-CertificateAuthorityPath', '-EnableExit') {
            $text | Should -Match ([regex]::Escape($word))
        }
    }
}

Describe 'The help converter' {
    BeforeAll {
        $converter = Join-Path $PSScriptRoot '../../tools/New-MamlHelp.ps1'
        $module = Join-Path $TestDrive 'HelpFixture'
        $docs = Join-Path $TestDrive 'docs'
        $null = New-Item -ItemType Directory -Path $module, (Join-Path $docs 'cmdlets')
        # A compiled module, since only compiled cmdlets read MAML; built the way users' cmdlets are.
        Add-Type -OutputType Library -OutputAssembly (Join-Path $module 'HelpFixture.Cmdlets.dll') -TypeDefinition @'
using System;
using System.Management.Automation;
namespace HelpFixture
{
    [Cmdlet(VerbsCommon.Get, "Gadget", DefaultParameterSetName = "ByName")]
    public sealed class GetGadgetCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ByName", Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [Alias("GadgetName")]
        public string[] Name { get; set; }
        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        public Guid Id { get; set; }
        [Parameter]
        [ValidateSet("Small", "Large")]
        public string Size { get; set; }
        [Parameter]
        public SwitchParameter Force { get; set; }
        [Parameter]
        public int TimeoutSec { get; set; }
    }

    [Cmdlet(VerbsLifecycle.Start, "Gadget", SupportsShouldProcess = true)]
    public sealed class StartGadgetCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; }
    }
}
'@
        New-ModuleManifest (Join-Path $module 'HelpFixture.psd1') -RootModule 'HelpFixture.Cmdlets.dll' -CmdletsToExport 'Get-Gadget', 'Start-Gadget'

        # platyPS 0.14's schema: front matter, a SYNTAX section that disagrees with the cmdlet, 'Default value:'.
        Set-Content (Join-Path $docs 'cmdlets/Get-Gadget.md') @'
---
external help file: HelpFixture.Cmdlets.dll-Help.xml
Module Name: HelpFixture
schema: 2.0.0
---

# Get-Gadget

## SYNOPSIS
Gets gadgets by name or id.

## SYNTAX

### ByName (Default)
```
Get-Gadget [[-Name] <String[]>] [-Colour <String>] [<CommonParameters>]
```

## DESCRIPTION
The Get-Gadget cmdlet gets gadgets from the store.

A gadget is listed once:
- by its name
- or by its id

The store is asked once per call, and the gadgets it returns are written to the pipeline as they arrive, so that a
long list starts to show at once; see [the store](https://gadgets.example/store) and [Start-Gadget](Start-Gadget.md).

## EXAMPLES

### Example 1: All gadgets
```powershell
Get-Gadget
```

Gets every gadget.

### Example 2: Large gadgets by name
```powershell
Get-Gadget -Name 'g*' -Size Large
```

Gets the large gadgets whose names start with g.

## PARAMETERS

### -Name
The names of the gadgets to get.

```yaml
Type: String[]
Parameter Sets: ByName
Aliases: GadgetName

Required: False
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName, ByValue)
Accept wildcard characters: True
```

### -Id
The id of the gadget.

```yaml
Type: Guid
Required: True
Default value: None
```

### -Size
Which size of gadget to get.

```yaml
Type: String
Accepted values: Small, Large
Default value: Small
```

### -Force
Gets hidden gadgets too.

```yaml
Type: SwitchParameter
Default value: False
```

### -TimeoutSec
How long to wait for the store, in seconds.

```yaml
Type: Int32
Default value: 30
```

### CommonParameters
This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable.

## INPUTS

### System.String[]
Names of gadgets.

## OUTPUTS

### HelpFixture.Gadget
One object per gadget.

## NOTES
Gadgets are cached for a minute. This clears the cache:

```powershell
Get-Gadget -Force |
    Out-Null
```

## RELATED LINKS

[Online Version:](https://gadgets.example/Get-Gadget)

[Start-Gadget](Start-Gadget.md)
'@
        # Microsoft.PowerShell.PlatyPS 1.x's schema: other front matter, blank lines after headings, 'DefaultValue:'.
        Set-Content (Join-Path $docs 'cmdlets/Start-Gadget.md') @'
---
document type: cmdlet
external help file: HelpFixture.Cmdlets.dll-Help.xml
Module Name: HelpFixture
PlatyPS schema version: 2024-05-01
title: Start-Gadget
---

# Start-Gadget

## SYNOPSIS

Starts the gadget kept at a path, once it has checked that nothing else runs it, and returns its process id.

## SYNTAX

### __AllParameterSets

```
Start-Gadget [-Path] <string> [-WhatIf] [-Confirm] [<CommonParameters>]
```

## ALIASES

This cmdlet has no aliases.

## DESCRIPTION

Starts the gadget kept at a path.

## EXAMPLES

### Example 1: Start a gadget

```powershell
Start-Gadget ./gadget
```

Starts the gadget in ./gadget.

## PARAMETERS

### -Path

Where the gadget is kept.

```yaml
Type: System.String
DefaultValue: ./gadget
SupportsWildcards: false
Aliases: []
ParameterSets:
- Name: (All)
  Position: 0
  IsRequired: true
```

### CommonParameters

This cmdlet supports the common parameters.

## INPUTS

### None

## OUTPUTS

### System.Int32

The gadget's process id.

## NOTES

## RELATED LINKS

- [Get-Gadget](Get-Gadget.md)
'@
        Set-Content (Join-Path $docs 'about_HelpFixture.md') @'
# about_HelpFixture

## SHORT DESCRIPTION
Gadgets for the help tests.

## LONG DESCRIPTION
HelpFixture keeps gadgets. This paragraph is long enough that it has to be wrapped to fit in eighty columns of a console.

### Settings
- `-Size` first, then the environment variable `GADGET_SIZE`, which is read only when the parameter is not given.

```powershell
Get-Gadget -Size Large
```
'@
        Set-Content (Join-Path $docs 'cmdlets/Remove-Gadget.md') "# Remove-Gadget`n`n## SYNOPSIS`nRemoves a gadget that no longer exists."

        $log = & $converter -DocsPath $docs -ModulePath $module *>&1 | Out-String
        Import-Module (Join-Path $module 'HelpFixture.psd1') -Force
        $get = Get-Help Get-Gadget -Full
        $start = Get-Help Start-Gadget -Full
    }

    AfterAll {
        Remove-Module HelpFixture -ErrorAction Ignore
    }

    It 'writes the MAML under the name Get-Help looks for, beside the about topic' {
        (Get-ChildItem (Join-Path $module 'en-US')).Name | Sort-Object | Should -Be 'about_HelpFixture.help.txt', 'HelpFixture.Cmdlets.dll-Help.xml'
    }

    It 'takes the synopsis, description paragraphs and list from the page' {
        $get.Synopsis | Should -Be 'Gets gadgets by name or id.'
        $start.Synopsis | Should -Be 'Starts the gadget kept at a path, once it has checked that nothing else runs it, and returns its process id.' -Because 'list views show the synopsis on one line'
        $get.description.Text[0..1].Trim() | Should -Be 'The Get-Gadget cmdlet gets gadgets from the store.', "A gadget is listed once:`n- by its name`n- or by its id"
    }

    It 'wraps prose to fit an 80-column console, without breaking a word, and shows where links lead' {
        $paragraph = $get.description.Text[2].Trim()
        $paragraph -split "`n" | Where-Object Length -GT 72 | Should -BeNullOrEmpty
        $paragraph -replace '\s+', ' ' | Should -Be ('The store is asked once per call, and the gadgets it returns are written to the pipeline as ' +
            'they arrive, so that a long list starts to show at once; see the store (https://gadgets.example/store) and Start-Gadget.')
    }

    It 'takes the syntax from the cmdlet, not from the SYNTAX section' {
        $syntax = Get-Help Get-Gadget -Full | Out-String -Width 250
        $syntax | Should -Match ([regex]::Escape('Get-Gadget [[-Name] <String[]>] [-Size {Small | Large}] [-Force] [-TimeoutSec <Int32>] [<CommonParameters>]'))
        $syntax | Should -Match ([regex]::Escape('Get-Gadget -Id <Guid> [-Size {Small | Large}] [-Force] [-TimeoutSec <Int32>] [<CommonParameters>]'))
        $syntax | Should -Not -Match 'Colour'
        Get-Help Start-Gadget | Out-String -Width 250 | Should -Match ([regex]::Escape('Start-Gadget [-Path] <String> [-WhatIf] [-Confirm] [<CommonParameters>]'))
    }

    It 'takes the parameter attributes from the cmdlet and the default value from the yaml block' {
        $name = Get-Help Get-Gadget -Parameter Name
        $name.description.Text | Should -Be 'The names of the gadgets to get.'
        $name.required | Should -Be 'false'
        $name.position | Should -Be '0'
        $name.pipelineInput | Should -Be 'True (ByValue, ByPropertyName)'
        $name.globbing | Should -Be 'true'
        $name.aliases | Should -Be 'GadgetName'
        (Get-Help Get-Gadget -Parameter Id).required | Should -Be 'true'
        (Get-Help Get-Gadget -Parameter TimeoutSec).defaultValue | Should -Be '30'
        (Get-Help Start-Gadget -Parameter Path).defaultValue | Should -Be './gadget'
        (Get-Help Start-Gadget -Parameter Path).position | Should -Be '0'
    }

    It 'describes -WhatIf and -Confirm without the page repeating them' {
        (Get-Help Start-Gadget -Parameter WhatIf).description.Text | Should -Match '\S'
        (Get-Help Start-Gadget -Parameter Confirm).description.Text | Should -Match '\S'
    }

    It 'does not take the CommonParameters section for a parameter' {
        $get.parameters.parameter.name | Should -Not -Contain 'CommonParameters'
    }

    It 'shows each example with its code and explanation' {
        $examples = Get-Help Get-Gadget -Examples | Out-String -Width 200
        $examples | Should -Match 'Example 2: Large gadgets by name'
        $examples | Should -Match ([regex]::Escape("Get-Gadget -Name 'g*' -Size Large"))
        $examples | Should -Match 'Gets the large gadgets whose names start with g\.'
        $start.examples.example[0].code | Should -Be 'Start-Gadget ./gadget'
    }

    It 'takes inputs, outputs, notes with their code as written, and related links' {
        $get.inputTypes.inputType.type.name | Should -Be 'System.String[]'
        $get.returnValues.returnValue.type.name | Should -Be 'HelpFixture.Gadget'
        $get.alertSet.alert.Text.TrimEnd() | Should -Be 'Gadgets are cached for a minute. This clears the cache:', "Get-Gadget -Force |`n    Out-Null"
        $get.relatedLinks.navigationLink[0].uri | Should -Be 'https://gadgets.example/Get-Gadget'
        $get.relatedLinks.navigationLink[1].linkText | Should -Be 'Start-Gadget'
        $start.returnValues.returnValue.type.name | Should -Be 'System.Int32'
    }

    It 'warns about a page that documents no exported command' {
        $log | Should -Match 'Remove-Gadget'
    }

    It 'turns the about page into a topic wrapped to 80 columns' {
        $topic = Get-Help about_HelpFixture
        $topic.Synopsis | Should -Be 'Gadgets for the help tests.'
        $lines = (Get-Content (Join-Path $module 'en-US/about_HelpFixture.help.txt'))
        $lines[0..1] | Should -Be 'TOPIC', '    about_HelpFixture'
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain '            Get-Gadget -Size Large' -Because 'code is indented under the text of its section'
        $lines | Where-Object Length -GT 80 | Should -BeNullOrEmpty
        ($lines -join ' ') -replace '\s+', ' ' | Should -Match 'GADGET_SIZE`, which is read only when the parameter'
    }
}
