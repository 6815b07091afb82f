# Turns an about_*.md page into the plain text that Get-Help about_<Topic> prints: '# about_X' becomes TOPIC,
# '## Heading' an upper-case heading, '### Heading' an indented one; prose is wrapped to fit an 80-column console.
# Needs MarkdownHelp.ps1 (Split-MarkdownBlock, Format-MarkdownParagraph).

function ConvertTo-AboutHelpText {
    param([Parameter(Mandatory)] [string] $Path)
    $output = [Collections.Generic.List[string]]::new()
    $indent = '    '
    $body = [Collections.Generic.List[string]]::new()
    # The text under a heading, as paragraphs and code blocks, each followed by a blank line.
    $flush = {
        foreach ($block in Split-MarkdownBlock $body) {
            if ($block.Kind -eq 'Code') { foreach ($code in $block.Text -split "`n") { $output.Add(("$indent    $code").TrimEnd()) } }
            else { $output.Add((Format-MarkdownParagraph $block.Text 80 $indent)) }
            $output.Add('')
        }
        $body.Clear()
    }
    $inFence = $false
    foreach ($text in Get-Content -LiteralPath $Path -Encoding utf8) {
        if ($text -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if ($inFence -or $text -notmatch '^(#{1,3})\s+(.*)$') { $body.Add($text); continue }
        . $flush
        $title = $Matches[2].Trim()
        switch ($Matches[1].Length) {
            1 { $output.Add('TOPIC'); $output.Add("    $title"); $output.Add(''); $indent = '    ' }
            2 { $output.Add($title.ToUpperInvariant()); $indent = '    ' }
            3 { $output.Add("    $title"); $indent = '        ' }
        }
    }
    . $flush
    ($output -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}
