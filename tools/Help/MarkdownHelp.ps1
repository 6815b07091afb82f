# Reads the prose of a docs page written in PlatyPS's markdown schema (platyPS 0.14 or Microsoft.PowerShell.PlatyPS 1.x).
# Only prose is taken: syntax, types and parameter attributes come from Get-Command, so ## SYNTAX is ignored and a
# yaml block contributes nothing but the default value, which the command's metadata cannot tell.

$script:FencePattern = '^\s*(```|~~~)\s*([\w-]*)'

# Splits lines at headings of the given level ('## ', '### '), ignoring '#' lines inside code fences.
# Returns one section per heading, Title and Lines; the lines before the first heading come first, with Title ''.
function Split-MarkdownSection {
    param([string[]] $Line, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $title = ''
    $body = [Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($text in $Line) {
        if ($text -match $script:FencePattern) { $inFence = -not $inFence }
        if (-not $inFence -and $text.StartsWith($prefix)) {
            [pscustomobject]@{ Title = $title; Lines = $body.ToArray() }
            $title = $text.Substring($prefix.Length).Trim()
            $body.Clear()
            continue
        }
        $body.Add($text)
    }
    [pscustomobject]@{ Title = $title; Lines = $body.ToArray() }
}

# Splits lines into blocks, in order: Kind 'Text' (one paragraph, blank-line separated) or 'Code' (a fenced block,
# Info being its language). Paragraph lines keep their line breaks so that lists stay lists.
function Split-MarkdownBlock {
    param([string[]] $Line)
    $buffer = [Collections.Generic.List[string]]::new()
    $fence = $null
    foreach ($text in $Line) {
        if ($null -ne $fence) {
            if ($text -match $script:FencePattern -and $Matches[1] -eq $fence.Marker) {
                [pscustomobject]@{ Kind = 'Code'; Info = $fence.Info; Text = ($buffer -join "`n") }
                $buffer.Clear()
                $fence = $null
            }
            else { $buffer.Add($text) }
            continue
        }
        $isFence = $text -match $script:FencePattern
        if ($isFence -or $text.Trim() -eq '') {
            if ($buffer.Count -gt 0) { [pscustomobject]@{ Kind = 'Text'; Info = ''; Text = ($buffer -join "`n") } }
            $buffer.Clear()
            if ($isFence) { $fence = @{ Marker = $Matches[1]; Info = $Matches[2] } }
            continue
        }
        $buffer.Add($text.TrimEnd())
    }
    # An unclosed fence still yields its code, as a markdown renderer would show it.
    if ($buffer.Count -gt 0) {
        [pscustomobject]@{ Kind = $(if ($fence) { 'Code' } else { 'Text' }); Info = $(if ($fence) { $fence.Info } else { '' }); Text = ($buffer -join "`n") }
    }
}

# Wraps words to lines of at most Width columns, Indent before the first line and HangingIndent before the others.
function Format-WrappedText {
    param([string] $Text, [int] $Width, [string] $Indent = '', [string] $HangingIndent = $Indent)
    $line = $Indent
    $start = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $start -and $line.Length + 1 + $word.Length -gt $Width) {
            $line
            $line = $HangingIndent + $word
        }
        else { $line = if ($start) { $line + $word } else { "$line $word" } }
        $start = $false
    }
    if (-not $start) { $line }
}

# Reflows one markdown paragraph as a console shows it best: soft line breaks joined, then wrapped to Width, so that
# Get-Help never breaks a word; list items start their own lines and wrap under their text; table rows stay as they are.
# Links keep their text, and their address when it is absolute.
function Format-MarkdownParagraph {
    param([string] $Text, [int] $Width, [string] $Indent = '')
    $text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $lines = [Collections.Generic.List[string]]::new()
    $words = [Collections.Generic.List[string]]::new()
    $first = $hanging = $Indent
    $flush = {
        if ($words.Count -gt 0) { foreach ($wrapped in Format-WrappedText ($words -join ' ') $Width $first $hanging) { $lines.Add($wrapped) } }
        $words.Clear()
    }
    foreach ($line in $text -split "`n") {
        if ($line.TrimStart().StartsWith('|')) {
            . $flush
            $lines.Add($Indent + $line.Trim())
            continue
        }
        if ($line -match '^(\s*)([-*+]|\d+\.)\s+(.*)$') {
            . $flush
            $first = "$Indent$($Matches[1])$($Matches[2]) "
            $hanging = ' ' * $first.Length
            $line = $Matches[3]
        }
        $words.Add($line.Trim())
    }
    . $flush
    $lines -join "`n"
}

# A paragraph that is only an HTML comment (such as the docs tests' '<!-- test: ... -->' markers): a renderer
# shows nothing of it, and neither does Get-Help.
function Test-MarkdownComment {
    param([object] $Block)
    $Block.Kind -eq 'Text' -and $Block.Text.Trim() -match '^<!--[\s\S]*-->$'
}

# The prose of a section as blocks: paragraphs and code samples, without PlatyPS's yaml parameter blocks.
function Get-MarkdownProse {
    param([string[]] $Line)
    @(Split-MarkdownBlock $Line | Where-Object { ($_.Kind -eq 'Text' -or $_.Info -ne 'yaml') -and -not (Test-MarkdownComment $_) })
}

# A parameter's yaml block: 'Default value: 30' (platyPS 0.14) or 'DefaultValue: 30' (PlatyPS 1.x).
function Get-MarkdownDefaultValue {
    param([object[]] $Block)
    foreach ($yaml in @($Block | Where-Object Info -EQ 'yaml')) {
        foreach ($text in $yaml.Text -split "`n") {
            if ($text -match '^\s*Default ?value\s*:\s*(.*?)\s*$') {
                $value = $Matches[1].Trim("'", '"')
                if ($value -and $value -ne 'None') { return $value }
            }
        }
    }
    return $null
}

# '### System.String' items under ## INPUTS or ## OUTPUTS; a section of bare text ('None.') is one item.
function Get-MarkdownTypeItem {
    param([string[]] $Line)
    $sections = @(Split-MarkdownSection $Line 3)
    $items = @($sections | Select-Object -Skip 1 | ForEach-Object {
            [pscustomobject]@{ Type = $_.Title; Description = Get-MarkdownProse $_.Lines }
        })
    if ($items.Count -eq 0) {
        $prose = Get-MarkdownProse $sections[0].Lines
        if ($prose.Count -gt 0) { $items = @([pscustomobject]@{ Type = $prose[0].Text; Description = @($prose | Select-Object -Skip 1) }) }
    }
    $items
}

function Get-MarkdownLink {
    param([string[]] $Line)
    foreach ($text in $Line) {
        $text = $text.Trim() -replace '^[-*]\s+', ''
        if ($text -match '^\[([^\]]+)\]\(([^)]*)\)') {
            $linkText, $target = $Matches[1], $Matches[2]
            # A link to a sibling page (Get-Foo.md) names a command; only absolute addresses are kept as URIs.
            [pscustomobject]@{ Text = $linkText; Uri = $(if ($target -match '^https?://') { $target } else { '' }) }
        }
        elseif ($text) { [pscustomobject]@{ Text = $text; Uri = '' } }
    }
}

function Read-CommandMarkdown {
    param([Parameter(Mandatory)] [string] $Path)
    $lines = [string[]](Get-Content -LiteralPath $Path -Encoding utf8)
    # Front matter (PlatyPS metadata) is yaml between two '---' lines at the top.
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $end = [Array]::FindIndex($lines, 1, [Predicate[string]] { param($l) $l.Trim() -eq '---' })
        if ($end -gt 0) { $lines = $lines[($end + 1)..($lines.Count - 1)] }
    }
    # Prose is kept as blocks (Split-MarkdownBlock), so that code samples stay as written.
    $help = [ordered]@{
        Synopsis    = @()
        Description = @()
        Examples    = @()
        Parameters  = @{}
        Inputs      = @()
        Outputs     = @()
        Notes       = @()
        Links       = @()
    }
    foreach ($section in Split-MarkdownSection $lines 2) {
        switch ($section.Title.ToUpperInvariant()) {
            'SYNOPSIS' { $help.Synopsis = Get-MarkdownProse $section.Lines }
            'DESCRIPTION' { $help.Description = Get-MarkdownProse $section.Lines }
            'EXAMPLES' {
                $help.Examples = @(Split-MarkdownSection $section.Lines 3 | Select-Object -Skip 1 | ForEach-Object {
                        $blocks = @(Split-MarkdownBlock $_.Lines)
                        [pscustomobject]@{
                            Title   = $_.Title
                            Code    = (@($blocks | Where-Object Kind -EQ 'Code' | ForEach-Object Text) -join "`n`n")
                            Remarks = @($blocks | Where-Object { $_.Kind -eq 'Text' -and -not (Test-MarkdownComment $_) })
                        }
                    })
            }
            'PARAMETERS' {
                foreach ($parameter in Split-MarkdownSection $section.Lines 3 | Where-Object Title -Like '-*') {
                    $help.Parameters[$parameter.Title.TrimStart('-').Trim()] = [pscustomobject]@{
                        Description  = Get-MarkdownProse $parameter.Lines
                        DefaultValue = Get-MarkdownDefaultValue @(Split-MarkdownBlock $parameter.Lines)
                    }
                }
            }
            'INPUTS' { $help.Inputs = @(Get-MarkdownTypeItem $section.Lines) }
            'OUTPUTS' { $help.Outputs = @(Get-MarkdownTypeItem $section.Lines) }
            'NOTES' { $help.Notes = Get-MarkdownProse $section.Lines }
            'RELATED LINKS' { $help.Links = @(Get-MarkdownLink $section.Lines) }
        }
    }
    [pscustomobject]$help
}
