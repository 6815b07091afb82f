<#
.SYNOPSIS
    The code blocks of the repository's Markdown, as DocsExamples.Tests.ps1 and Package.Tests.ps1 run them.
.DESCRIPTION
    Markdown is split with the help build's own reader (tools/Help/MarkdownHelp.ps1), so a block is what Get-Help
    shows. An HTML comment on the line before a block, invisible once rendered, says how the tests treat it:
        <!-- test: skip, <reason> -->    not run (a PowerShell, JSON or YAML block is still parsed)
        <!-- test: pester, <reason> -->  run with Invoke-Pester, Pester imported first
#>

Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '../../tools/Help/MarkdownHelp.ps1')

$MarkerPattern = '^<!--\s*test:\s*(?<kind>[\w-]+)\s*(?:,\s*(?<reason>.*?))?\s*-->$'

# The blocks of one list of lines (a section), each with the marker on the line before it.
function Get-SectionCodeBlock {
    param([string[]] $Line, [string] $File, [string] $Heading)
    $previous = $null
    $index = 0
    foreach ($block in Split-MarkdownBlock $Line) {
        if ($block.Kind -eq 'Code') {
            $index++
            $marker = $null
            if ($previous -and $previous.Kind -eq 'Text' -and ($previous.Text -split "`n")[-1].Trim() -match $MarkerPattern) {
                $marker = [pscustomobject]@{ Kind = $Matches.kind; Reason = "$($Matches['reason'])" }
            }
            [pscustomobject]@{
                PSTypeName = 'ChaosPixie.Tests.MarkdownCodeBlock'
                File       = $File
                Heading    = $Heading
                Index      = $index
                Name       = "$File, $Heading$(if ($index -gt 1) { " (block $index)" })"
                Language   = $block.Info.ToLowerInvariant()
                Code       = $block.Text
                Marker     = $marker
            }
        }
        $previous = $block
    }
}

function Get-MarkdownCodeBlock {
    <#
    .SYNOPSIS
        The fenced code blocks of a Markdown file with their section heading and test marker. -Examples takes only
        the blocks under '## EXAMPLES' of a cmdlet page (PlatyPS schema), each named by its '### Example' heading;
        otherwise every block of the file, named by its '## ' section.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path, [switch] $Examples, [string] $RelativeTo)

    $file = if ($RelativeTo) { [IO.Path]::GetRelativePath($RelativeTo, $Path).Replace('\', '/') } else { Split-Path $Path -Leaf }
    $lines = [string[]](Get-Content -LiteralPath $Path -Encoding utf8)
    foreach ($section in Split-MarkdownSection $lines 2) {
        if (-not $Examples) {
            Get-SectionCodeBlock $section.Lines $file $(if ($section.Title) { $section.Title } else { '(top)' })
        }
        elseif ($section.Title -eq 'EXAMPLES') {
            foreach ($example in Split-MarkdownSection $section.Lines 3 | Select-Object -Skip 1) {
                Get-SectionCodeBlock $example.Lines $file $example.Title
            }
        }
    }
}

Export-ModuleMember -Function Get-MarkdownCodeBlock
