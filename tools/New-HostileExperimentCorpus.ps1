<#
.SYNOPSIS
    Writes a corpus of hostile experiment files into a folder: what a careless or malicious author can hand to
    Test-ChaosExperiment and Invoke-ChaosExperiment. tests/Pester/HostileExperiments.Tests.ps1 generates it at test time.
.DESCRIPTION
    Every file is a .json or .yaml experiment whose name says what it tries: YAML alias bombs of several sizes,
    nesting around the depth limit and far beyond it (JSON, YAML flow and block, lists and mappings, inside activity
    arguments), long strings and keys, huge numbers, every key of examples/consumer-latency/experiment.json replaced
    by a value of each wrong type, bad encodings, deep jsonpath and regex tolerances, substitutions that expand past
    the limits, duplicate keys, empty files and binary garbage. Activities are harmless (`true` processes), so that
    the experiments that run finish at once.
    Writes the names of the files it wrote.
.PARAMETER Path
    The folder to write into (created if missing).
.PARAMETER DepthLimit
    The nesting depth limit that docs/about_ChaosPixie.md documents; depths are generated around it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [int] $DepthLimit = 64,
    [string] $Example = (Join-Path $PSScriptRoot '../examples/consumer-latency/experiment.json')
)

$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $Path
$utf8 = [Text.UTF8Encoding]::new($false)

function Write-Bytes([string] $Name, [byte[]] $Bytes) {
    [IO.File]::WriteAllBytes((Join-Path $Path $Name), $Bytes)
    $Name
}

function Write-Text([string] $Name, [string] $Text) { Write-Bytes $Name $utf8.GetBytes($Text) }

function Repeat([string] $Text, [int] $Count) { $Text * $Count }

# A valid, harmless experiment with one more top-level key `x` holding the given JSON or YAML text.
$activity = '{"type":"action","name":"noop","provider":{"type":"process","path":"true"}}'
function Json-With([string] $Value) { '{"title":"hostile","description":"d","method":[' + $activity + '],"x":' + $Value + '}' }
function Yaml-With([string] $Value) { "title: hostile`ndescription: d`nmethod:`n- {type: action, name: noop, provider: {type: process, path: 'true'}}`nx: $Value`n" }
# The same with the value as the process arguments (depth 5 and below), or with an extra experiment key block.
function Json-Arguments([string] $Value) { '{"title":"hostile","description":"d","method":[{"type":"action","name":"noop","provider":{"type":"process","path":"true","arguments":' + $Value + '}}]}' }
function Json-Experiment([string] $Members) { '{"title":"hostile","description":"d",' + $Members + '}' }

# --- Nesting: total depths just under, at and over the limit, and far beyond (the top-level mapping is depth 1).
foreach ($depth in ($DepthLimit - 1), $DepthLimit, ($DepthLimit + 1), 1000, 100000) {
    $n = $depth - 1
    Write-Text "depth-json-object-$depth.json" (Json-With ((Repeat '{"a":' $n) + '1' + (Repeat '}' $n)))
    Write-Text "depth-json-array-$depth.json" (Json-With ((Repeat '[' $n) + '1' + (Repeat ']' $n)))
    Write-Text "depth-yaml-flow-map-$depth.yaml" (Yaml-With ((Repeat '{a: ' $n) + '1' + (Repeat '}' $n)))
    Write-Text "depth-yaml-flow-seq-$depth.yaml" (Yaml-With ((Repeat '[' $n) + '1' + (Repeat ']' $n)))
    Write-Text "depth-yaml-block-seq-$depth.yaml" ("title: hostile`ndescription: d`nmethod: []`nx:`n" + (Repeat '- ' $n) + "1`n")
    if ($depth -le 1000) {
        $block = [Text.StringBuilder]::new("title: hostile`ndescription: d`nmethod: []`nx:`n")
        for ($i = 1; $i -lt $n; $i++) { $null = $block.Append(' ' * $i).Append("a:`n") }
        $null = $block.Append(' ' * $n).Append("a: 1`n")
        Write-Text "depth-yaml-block-map-$depth.yaml" $block.ToString()
    }
    # Process arguments sit at depth 4: nested lists below them, run and written into the journal.
    $m = $depth - 4
    if ($m -gt 0) { Write-Text "depth-json-arguments-$depth.json" (Json-Arguments ((Repeat '[' $m) + '"x"' + (Repeat ']' $m))) }
}
# A hypothesis probe whose (unused) arguments reach the limit: in the journal its record sits deepest.
$m = $DepthLimit - 5
Write-Text "depth-json-probe-arguments-$DepthLimit.json" (Json-Experiment ('"steady-state-hypothesis":{"title":"h","probes":[{"type":"probe","name":"p","tolerance":0,"provider":{"type":"process","path":"true","arguments":' + (Repeat '[' $m) + '"x"' + (Repeat ']' $m) + '}}]},"method":[' + $activity + ']'))

# --- YAML aliases: billion laughs (10 aliases a level), merge-key bombs, aliases that deepen the document.
foreach ($levels in 3, 5, 7, 9) {
    $text = [Text.StringBuilder]::new("title: hostile`ndescription: d`nmethod: []`nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`n")
    for ($i = 1; $i -le $levels; $i++) { $null = $text.Append("l${i}: &l$i [" + ((1..10 | ForEach-Object { "*l$($i - 1)" }) -join ', ') + "]`n") }
    Write-Text "alias-laughs-$levels.yaml" $text.ToString()
}
$merge = [Text.StringBuilder]::new("title: hostile`ndescription: d`nmethod: []`nm0: &m0 {" + ((1..50 | ForEach-Object { "k${_}: $('v' * 100)" }) -join ', ') + "}`n")
for ($i = 1; $i -le 12; $i++) { $null = $merge.Append("m${i}: &m$i {<<: [*m$($i - 1)], list: [" + ((1..10 | ForEach-Object { "*m$($i - 1)" }) -join ', ') + "]}`n") }
Write-Text 'alias-merge-bomb.yaml' $merge.ToString()
$chain = [Text.StringBuilder]::new("title: hostile`ndescription: d`nmethod: []`nc0: &c0 [x]`n")
for ($i = 1; $i -le 100; $i++) { $null = $chain.Append("c${i}: &c$i [*c$($i - 1)]`n") }
Write-Text 'alias-deepening-chain.yaml' $chain.ToString()
Write-Text 'alias-undefined.yaml' "title: hostile`ndescription: d`nmethod: *nowhere`n"
Write-Text 'alias-recursive.yaml' "title: hostile`ndescription: d`nmethod: &m [*m]`n"
Write-Text 'alias-long-text.yaml' ("title: hostile`ndescription: d`nmethod: []`nt0: &t0 '" + ('a' * 1MB) + "'`nt1: &t1 [" + ((1..40 | ForEach-Object { '*t0' }) -join ', ') + "]`n")

# --- Long strings and keys, large files and many values.
# A 20 MB process path (and a 1 MB name): validation quotes both, and the run tries to start it.
$long = 'a' * 20MB
Write-Text 'long-process-path.json' (Json-Experiment ('"method":[{"type":"action","name":"' + $long.Substring(0, 1MB) + '","provider":{"type":"process","path":"' + $long + '"}}]'))
$long = 'a' * 4MB
Write-Text 'long-title.json' ('{"title":"' + $long + '","description":"d","method":[' + $activity + ']}')
$long = 'a' * 1MB
Write-Text 'long-key.json' (Json-Experiment ('"method":[' + $activity + '],"' + $long + '":1'))
Write-Text 'long-value.yaml' (Yaml-With "'$long'")
Write-Text 'long-file-over-limit.json' ((Json-With '1') + (' ' * 40MB))
Write-Text 'many-values-json.json' (Json-With ('[' + (@('0') * 150000 -join ',') + ']'))
Write-Text 'many-values-yaml.yaml' (Yaml-With ('[' + (@('0') * 150000 -join ',') + ']'))
Remove-Variable long

# --- Numbers: too large, too small, too long for any type.
$digits = '9' * 100000
Write-Text 'number-huge-float.json' (Json-With '1e400')
Write-Text 'number-huge-negative.json' (Json-With '-1e400')
Write-Text 'number-tiny.json' (Json-With '1e-400')
Write-Text 'number-long-integer.json' (Json-With $digits)
Write-Text 'number-title.json' ('{"title":' + $digits + ',"description":1e400,"method":[' + $activity + ']}')
Write-Text 'number-pause.json' (Json-Experiment ('"method":[{"type":"action","name":"noop","pauses":{"before":1e400},"provider":{"type":"process","path":"true"}}]'))
Write-Text 'number-timeout.json' (Json-Experiment ('"method":[{"type":"action","name":"noop","provider":{"type":"process","path":"true","timeout":' + $digits + '}}]'))
Write-Text 'number-range.json' (Json-Experiment ('"steady-state-hypothesis":{"title":"h","probes":[{"type":"probe","name":"p","tolerance":{"type":"range","range":[-1e400,1e400],"target":"status"},"provider":{"type":"process","path":"true"}}]},"method":[]'))
Write-Text 'number-yaml-long.yaml' (Yaml-With $digits)
Write-Text 'number-yaml-sexagesimal.yaml' (Yaml-With ((@('59') * 5000) -join ':'))

# --- Encodings.
$valid = Json-With '"v"'
Write-Bytes 'encoding-utf8-bom.json' ([byte[]](0xEF, 0xBB, 0xBF) + $utf8.GetBytes($valid))
Write-Bytes 'encoding-utf16le-bom.json' ([Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes($valid))
Write-Bytes 'encoding-utf16be-bom.yaml' ([Text.Encoding]::BigEndianUnicode.GetPreamble() + [Text.Encoding]::BigEndianUnicode.GetBytes((Yaml-With 'v')))
Write-Bytes 'encoding-utf16le-nobom.json' ([Text.Encoding]::Unicode.GetBytes($valid))
Write-Bytes 'encoding-utf16le-nobom.yaml' ([Text.Encoding]::Unicode.GetBytes((Yaml-With 'v')))
Write-Bytes 'encoding-utf32-bom.json' ([Text.Encoding]::UTF32.GetPreamble() + [Text.Encoding]::UTF32.GetBytes($valid))
Write-Bytes 'encoding-invalid-utf8.json' ($utf8.GetBytes('{"title":"') + [byte[]](0xC3, 0x28, 0xFF, 0xFE) + $utf8.GetBytes('","description":"d","method":[]}'))
Write-Bytes 'encoding-invalid-utf8.yaml' ($utf8.GetBytes("title: ") + [byte[]](0xED, 0xA0, 0x80) + $utf8.GetBytes("`ndescription: d`nmethod: []`n"))
Write-Text 'encoding-lone-high-surrogate.json' ('{"title":"\ud800","description":"d","method":[' + $activity + ']}')
Write-Text 'encoding-lone-low-surrogate.json' ('{"title":"a\udc00b","description":"d","method":[' + $activity + ']}')
Write-Text 'encoding-lone-surrogate-key.json' (Json-Experiment ('"method":[' + $activity + '],"k\ud800":1'))
Write-Text 'encoding-lone-surrogate-deep.json' (Json-With '{"a":[1,{"b":"\udfff"}]}')
Write-Text 'encoding-lone-surrogate.yaml' (Yaml-With '"\ud800"')
Write-Text 'encoding-nul-raw.json' ('{"title":"a' + [char]0 + 'b","description":"d","method":[]}')
Write-Text 'encoding-nul-escaped.json' (Json-Experiment ('"method":[{"type":"action","name":"n\u0000ul","provider":{"type":"process","path":"true","arguments":["a\u0000b"]}}]'))
Write-Text 'encoding-nul-raw.yaml' ("title: a" + [char]0 + "b`ndescription: d`nmethod: []`n")

# --- Deep jsonpath and regex tolerances.
function Json-Tolerance([string] $Tolerance) {
    Json-Experiment ('"steady-state-hypothesis":{"title":"h","probes":[{"type":"probe","name":"p","tolerance":' + $Tolerance + ',"provider":{"type":"process","path":"true"}}]},"method":[]')
}
Write-Text 'jsonpath-segments-50000.json' (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$' + (Repeat '.a' 50000) + '","expect":1}'))
Write-Text "jsonpath-segments-$DepthLimit.json" (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$' + (Repeat '.a' ($DepthLimit)) + '","expect":1}'))
Write-Text 'jsonpath-filters-nested.json' (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$' + (Repeat '[?(@' 20000) + (Repeat ')]' 20000) + '"}'))
Write-Text 'jsonpath-parentheses.json' (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$[?(' + (Repeat '(' 50000) + '@.a' + (Repeat ')' 50000) + ')]"}'))
Write-Text 'jsonpath-nots.json' (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$[?(' + (Repeat 'not ' 50000) + '@.a)]"}'))
Write-Text 'jsonpath-literal-nested.json' (Json-Tolerance ('{"type":"jsonpath","target":"stdout","path":"$[?(@.a = ' + (Repeat '[' 50000) + (Repeat ']' 50000) + ')]"}'))
Write-Text 'regex-groups-nested.json' (Json-Tolerance ('{"type":"regex","target":"stdout","pattern":"' + (Repeat '(' 50000) + 'a' + (Repeat ')' 50000) + '"}'))
Write-Text 'regex-long-invalid.json' (Json-Tolerance ('{"type":"regex","target":"stdout","pattern":"[' + ('a' * 1MB) + '"}'))

# --- Substitution that grows past the limits (upstream substitutes once, so growth is one value times its uses).
$big = '"' + ('b' * 1MB) + '"'
Write-Text 'substitution-long-text.json' (Json-Experiment ('"configuration":{"big":' + $big + '},"method":[{"type":"action","name":"noop","provider":{"type":"process","path":"true","arguments":"' + (Repeat '${big}' 100) + '"}}]'))
Write-Text 'substitution-many-values.json' (Json-Experiment ('"configuration":{"obj":{"a":[1,2,3,4,5,6,7,8,9]}},"method":[{"type":"action","name":"noop","provider":{"type":"process","path":"true","arguments":[' + ((@('"${obj}"') * 20000) -join ',') + ']}}]'))
$deep = (Repeat '[' ($DepthLimit - 2)) + '1' + (Repeat ']' ($DepthLimit - 2))
Write-Text 'substitution-deeper.json' (Json-Experiment ('"configuration":{"deep":' + $deep + '},"method":[{"type":"action","name":"noop","provider":{"type":"http","url":"http://127.0.0.1:1/","arguments":{"a":{"b":{"c":"${deep}"}}}}}]'))
Write-Text 'substitution-title.json' ('{"title":"' + (Repeat '${big}' 40) + '","description":"d","configuration":{"big":' + $big + '},"method":[' + $activity + ']}')
Write-Text 'substitution-pause.json' (Json-Experiment ('"configuration":{"p":[1,2]},"method":[{"type":"action","name":"noop","pauses":{"after":"${p}"},"provider":{"type":"process","path":"true"}}]'))

# --- Duplicates, empty and garbage files, wrong top-level types, tags, several documents.
Write-Text 'duplicate-keys.json' ('{"title":"a","title":"b","description":"d","method":[],"method":[' + $activity + ']}')
Write-Text 'duplicate-keys.yaml' "title: a`ntitle: b`ndescription: d`nmethod: []`nmethod: [{type: action, name: n, provider: {type: process, path: 'true'}}]`n"
Write-Text 'empty.json' ''
Write-Text 'empty.yaml' ''
Write-Text 'whitespace.json' "  `n`t `n"
Write-Bytes 'bom-only.json' ([byte[]](0xEF, 0xBB, 0xBF))
$random = [Random]::new(8)
foreach ($extension in 'json', 'yaml') {
    $bytes = [byte[]]::new(65536)
    $random.NextBytes($bytes)
    Write-Bytes "garbage.$extension" $bytes
}
Write-Text 'top-level-list.json' "[$activity]"
Write-Text 'top-level-string.yaml' "just a string`n"
Write-Text 'top-level-null.json' 'null'
Write-Text 'yaml-python-tag.yaml' "title: !!python/object/apply:os.system ['true']`ndescription: d`nmethod: []`n"
Write-Text 'yaml-custom-tag.yaml' "title: !secret x`ndescription: d`nmethod: []`n"
Write-Text 'yaml-binary-tag.yaml' "title: !!binary aGVsbG8=`ndescription: d`nmethod: []`n"
Write-Text 'yaml-two-documents.yaml' "title: a`ndescription: d`nmethod: []`n---`ntitle: b`n"
Write-Text 'yaml-complex-key.yaml' "title: hostile`ndescription: d`nmethod: []`n? [a, b]`n: 1`n"
Write-Text 'truncated.json' $((Json-With '{"a":[1,2').Substring(0, 40))

# --- Every key of the example (made harmless: the action runs `true`) given a value of each wrong type.
$exampleText = (Get-Content -Raw -LiteralPath $Example) -replace '"path": "curl"', '"path": "true"'
function Get-KeyPaths($Node, [object[]] $Prefix) {
    if ($Node -is [System.Collections.IDictionary]) {
        foreach ($key in @($Node.Keys)) {
            , ($Prefix + @($key))
            Get-KeyPaths $Node[$key] ($Prefix + @($key))
        }
    }
    elseif ($Node -is [System.Collections.IList]) {
        for ($i = 0; $i -lt $Node.Count; $i++) {
            , ($Prefix + @($i))
            Get-KeyPaths $Node[$i] ($Prefix + @($i))
        }
    }
}
$wrong = [ordered]@{ null = $null; number = 42; string = 'hostile'; list = @(1, 'x'); object = [ordered]@{ k = 'v' } }
foreach ($keyPath in Get-KeyPaths ($exampleText | ConvertFrom-Json -AsHashtable) @()) {
    foreach ($kind in $wrong.Keys) {
        $document = $exampleText | ConvertFrom-Json -AsHashtable
        $parent = $document
        for ($step = 0; $step -lt $keyPath.Count - 1; $step++) { $parent = $parent[$keyPath[$step]] }
        $parent[$keyPath[-1]] = $wrong[$kind]
        $label = ($keyPath -join '.') -replace '[^A-Za-z0-9_.-]', '_'
        Write-Text "mutation-$label-$kind.json" ($document | ConvertTo-Json -Depth 50)
    }
}
Copy-Item -LiteralPath (Join-Path (Split-Path $Example) 'let.pxl') -Destination $Path
