# Turns an about_*.md page into the plain text that Get-Help about_<Topic> prints: '# about_X' becomes TOPIC,
# '## Heading' an upper-case heading, '### Heading' an indented one; prose is wrapped to fit an 80-column console.

$script:AboutWidth = 80

function Format-WrappedText {
    param([string] $Text, [string] $Indent, [string] $HangingIndent = $Indent)
    $line = $Indent
    $start = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $start -and $line.Length + 1 + $word.Length -gt $script:AboutWidth) {
            $line
            $line = $HangingIndent + $word
        }
        else { $line = if ($start) { $line + $word } else { "$line $word" } }
        $start = $false
    }
    if (-not $start) { $line }
}

function ConvertTo-AboutHelpText {
    param([Parameter(Mandatory)] [string] $Path)
    $output = [Collections.Generic.List[string]]::new()
    $indent = '    '
    $inFence = $false
    # The paragraph or list item being gathered, wrapped when a blank line, heading, fence or new item ends it.
    $paragraph = [Collections.Generic.List[string]]::new()
    $first = $hanging = $indent
    $flush = {
        if ($paragraph.Count -gt 0) { Format-WrappedText ($paragraph -join ' ') $first $hanging | ForEach-Object { $output.Add($_) } }
        $paragraph.Clear()
        $first = $hanging = $indent
    }
    foreach ($text in Get-Content -LiteralPath $Path -Encoding utf8) {
        if ($text -match '^\s*(```|~~~)') {
            . $flush
            $inFence = -not $inFence
            continue
        }
        if ($inFence) { $output.Add(("$indent    $text").TrimEnd()); continue }
        if ($text -match '^(#{1,3})\s+(.*)$') {
            . $flush
            $title = $Matches[2].Trim()
            switch ($Matches[1].Length) {
                1 { $output.Add('TOPIC'); $output.Add("    $title"); $indent = '    ' }
                2 { $output.Add($title.ToUpperInvariant()); $indent = '    ' }
                3 { $output.Add("    $title"); $indent = '        ' }
            }
            $first = $hanging = $indent
            continue
        }
        if ($text.Trim() -eq '') {
            . $flush
            if ($output.Count -gt 0 -and $output[-1] -ne '') { $output.Add('') }
            continue
        }
        # A list item wraps under its own text; table rows keep their lines.
        if ($text -match '^(\s*)([-*]|\d+\.)\s+(.*)$') {
            . $flush
            $first = "$indent$($Matches[1])$($Matches[2]) "
            $hanging = ' ' * $first.Length
            $paragraph.Add($Matches[3])
            continue
        }
        if ($text.TrimStart().StartsWith('|')) { . $flush; $output.Add("$indent$($text.Trim())"); continue }
        $paragraph.Add($text.Trim())
    }
    . $flush
    ($output -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}
