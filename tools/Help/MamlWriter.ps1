# Writes MAML (the XML that Get-Help reads for compiled cmdlets) from the command's own metadata, which gives the
# syntax and the parameter attributes, and from the prose that Read-CommandMarkdown took from its docs page.
# Needs MarkdownHelp.ps1 (Format-MarkdownParagraph).

$script:Maml = 'http://schemas.microsoft.com/maml/2004/10'
$script:Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:Dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

# -WhatIf and -Confirm mean the same for every cmdlet, so a page need not repeat them.
$script:RiskParameterDescription = @{
    WhatIf  = [pscustomobject]@{ Kind = 'Text'; Text = 'Shows what the cmdlet would do, without doing it.' }
    Confirm = [pscustomobject]@{ Kind = 'Text'; Text = 'Asks for confirmation before each change the cmdlet makes.' }
}

# One entry per parameter, merged over the parameter sets, with what Get-Help shows for it.
function Get-ParameterFact {
    param([System.Management.Automation.CommandInfo] $Command)
    $facts = [ordered]@{}
    foreach ($set in $Command.ParameterSets) {
        foreach ($parameter in $set.Parameters) {
            if ([System.Management.Automation.Cmdlet]::CommonParameters.Contains($parameter.Name)) { continue }
            $fact = $facts[$parameter.Name]
            if (-not $fact) {
                # Get-Help shows a Nullable<Guid> parameter as taking a Guid.
                $type = $parameter.ParameterType
                $valueType = if ([Nullable]::GetUnderlyingType($type)) { [Nullable]::GetUnderlyingType($type) } else { $type }
                $validateSet = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
                $fact = $facts[$parameter.Name] = [pscustomobject]@{
                    Name           = $parameter.Name
                    Type           = $valueType
                    IsSwitch       = $type -eq [System.Management.Automation.SwitchParameter]
                    AcceptedValues = if ($validateSet) { @($validateSet.ValidValues) } elseif ($valueType.IsEnum) { [Enum]::GetNames($valueType) } else { @() }
                    Aliases        = @($parameter.Aliases)
                    Globbing       = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    Required       = $true
                    Position       = $null
                    ByValue        = $false
                    ByPropertyName = $false
                }
            }
            # Required only where it is required in every set; pipeline input where any set takes it.
            $fact.Required = $fact.Required -and $parameter.IsMandatory
            if ($null -eq $fact.Position -and $parameter.Position -ge 0) { $fact.Position = $parameter.Position }
            $fact.ByValue = $fact.ByValue -or $parameter.ValueFromPipeline
            $fact.ByPropertyName = $fact.ByPropertyName -or $parameter.ValueFromPipelineByPropertyName
        }
    }
    $facts
}

function Get-PipelineInputText {
    param($ByValue, $ByPropertyName)
    $ways = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

# Get-Help indents prose by up to 8 columns and breaks lines wherever the console ends, even inside a word, so each
# paragraph is wrapped here to fit an 80-column console.
$script:ParagraphWidth = 72

# One maml:para per markdown block: a paragraph reflowed, a code sample as written.
function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Block, [int] $Width = $script:ParagraphWidth)
    foreach ($item in $Block) {
        $text = if ($item.Kind -eq 'Code') { $item.Text } else { Format-MarkdownParagraph $item.Text $Width }
        $Writer.WriteElementString('maml', 'para', $script:Maml, $text)
    }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [object[]] $Block, [int] $Width = $script:ParagraphWidth)
    $Writer.WriteStartElement('maml', 'description', $script:Maml)
    Write-Para $Writer $Block $Width
    $Writer.WriteEndElement()
}

function Write-ParameterElement {
    param([System.Xml.XmlWriter] $Writer, $Fact, [bool] $Required, [string] $Position, [string] $PipelineInput, [object[]] $Description, [string] $DefaultValue, [switch] $InSyntax)
    $Writer.WriteStartElement('command', 'parameter', $script:Command)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Fact.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Fact.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $(if ($Fact.Aliases) { $Fact.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:Maml, $Fact.Name)
    if (-not $InSyntax) { Write-Description $Writer $Description }
    if ($Fact.AcceptedValues) {
        # Rendered as -Name {A | B} in the syntax.
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:Command)
        foreach ($value in $Fact.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:Command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # A switch takes no value, so the syntax must not show one.
    if (-not ($InSyntax -and $Fact.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:Command)
        $Writer.WriteAttributeString('required', (-not $Fact.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Fact.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString(($Fact.Type.Name -replace '`\d+', ''))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:Dev)
    $Writer.WriteElementString('maml', 'name', $script:Maml, $Fact.Type.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:Dev, $(if ($DefaultValue) { $DefaultValue } else { 'None' }))
    $Writer.WriteEndElement()
}

function Write-Syntax {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Facts)
    $Writer.WriteStartElement('command', 'syntax', $script:Command)
    # The default set first, as PowerShell's own syntax lists it.
    $sets = @($Command.ParameterSets | Sort-Object -Stable { -not $_.IsDefault })
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Command)
        $Writer.WriteElementString('maml', 'name', $script:Maml, $Command.Name)
        $parameters = $set.Parameters | Where-Object { -not [System.Management.Automation.Cmdlet]::CommonParameters.Contains($_.Name) } |
            Sort-Object -Stable { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } }, { -not $_.IsMandatory }
        foreach ($parameter in $parameters) {
            $position = if ($parameter.Position -ge 0) { [string]$parameter.Position } else { 'named' }
            $pipeline = Get-PipelineInputText $parameter.ValueFromPipeline $parameter.ValueFromPipelineByPropertyName
            Write-ParameterElement $Writer $Facts[$parameter.Name] $parameter.IsMandatory $position $pipeline -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Items)
    $Writer.WriteStartElement('command', $ListName, $script:Command)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $script:Command)
        $Writer.WriteStartElement('dev', 'type', $script:Dev)
        $Writer.WriteElementString('maml', 'name', $script:Maml, $item.Type)
        $Writer.WriteEndElement()
        Write-Description $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Help)
    $Writer.WriteStartElement('command', 'command', $script:Command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:Maml)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:Dev)

    $Writer.WriteStartElement('command', 'details', $script:Command)
    $Writer.WriteElementString('command', 'name', $script:Command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:Command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $script:Command, $Command.Noun)
    # The synopsis stays one line: Get-Help's list views show it in a table column.
    Write-Description $Writer $Help.Synopsis ([int]::MaxValue)
    $Writer.WriteEndElement()
    Write-Description $Writer $Help.Description

    $facts = Get-ParameterFact $Command
    Write-Syntax $Writer $Command $facts
    $Writer.WriteStartElement('command', 'parameters', $script:Command)
    foreach ($fact in $facts.Values | Sort-Object Name) {
        $prose = $Help.Parameters[$fact.Name]
        $description = if ($prose -and $prose.Description) { $prose.Description } else { $script:RiskParameterDescription[$fact.Name] }
        $default = if ($prose) { $prose.DefaultValue }
        $position = if ($null -ne $fact.Position) { [string]$fact.Position } else { 'named' }
        Write-ParameterElement $Writer $fact $fact.Required $position (Get-PipelineInputText $fact.ByValue $fact.ByPropertyName) $description $default
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Help.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Help.Outputs
    if ($Help.Notes) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:Maml)
        $Writer.WriteStartElement('maml', 'alert', $script:Maml)
        Write-Para $Writer $Help.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:Command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Command)
        $Writer.WriteElementString('maml', 'title', $script:Maml, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $script:Dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:Dev)
        # The empty paragraph is the blank line that Get-Help otherwise omits before the next example's title.
        Write-Para $Writer (@($example.Remarks) + [pscustomobject]@{ Kind = 'Text'; Text = '' })
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:Command)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:Maml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

# Writes one MAML file holding the help of every command given; Help maps command names to Read-CommandMarkdown results.
function Write-MamlHelp {
    param([Parameter(Mandatory)] [string] $Path, [System.Management.Automation.CommandInfo[]] $Command, [hashtable] $Help)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($item in $Command) { Write-CommandHelp $writer $item $Help[$item.Name] }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
}
