# The engine's experiment settings: configuration, secrets, --var/--var-file and ${} substitution,
# exercised through the staged module's engine, as Invoke-ChaosExperiment uses it.
BeforeAll {
    Import-Module ChaosPixie -Force
    $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ChaosPixie.Engine' }
    if (-not $engine) {
        # The engine loads with the first cmdlet that needs it.
        $null = Test-ChaosExperiment -LiteralPath (Join-Path $PSScriptRoot 'Fixtures/Experiments/validation/valid.json')
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ChaosPixie.Engine' }
    }

    $script:SettingsLoader = $engine.GetType('ChaosPixie.Engine.Experiments.Settings.SettingsLoader')
    $script:Overrides = $engine.GetType('ChaosPixie.Engine.Experiments.Settings.VariableOverrides')
    $script:Substitution = $engine.GetType('ChaosPixie.Engine.Experiments.Settings.Substitution')
    $script:Loader = $engine.GetType('ChaosPixie.Engine.Experiments.Loading.ExperimentLoader')

    # The unary comma: a JsonObject is enumerable, and must reach the engine whole.
    function ConvertFrom-JsonNode([string] $Json) { , [System.Text.Json.Nodes.JsonNode]::Parse($Json) }

    function Get-Settings([string] $Experiment, $With) {
        $overrides = if ($With) { $With } else { $Overrides::new() }
        $SettingsLoader::Load((ConvertFrom-JsonNode $Experiment).AsObject(), $overrides)
    }

    # The engine's message for a call that must fail: the ExperimentException inside PowerShell's wrapper.
    function Get-EngineError([scriptblock] $Call) {
        try { & $Call; throw 'expected the call to fail' } catch { $_.Exception.InnerException.Message }
    }

    function New-VariableFile([string] $Name, [string] $Text) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, $Text)
        $path
    }

    $env:CHAOSPIXIE_SETTINGS_SET = '42'
    $env:CHAOSPIXIE_SETTINGS_EMPTY = ' '
    Remove-Item Env:CHAOSPIXIE_SETTINGS_MISSING -ErrorAction Ignore
}

AfterAll {
    Remove-Item Env:CHAOSPIXIE_SETTINGS_SET, Env:CHAOSPIXIE_SETTINGS_EMPTY, Env:CHAOSPIXIE_FROM_DOTENV -ErrorAction Ignore
}

Describe 'Configuration' {
    It 'keeps inline values with their types, nested objects included' {
        $settings = Get-Settings '{"configuration": {"s": "x", "n": 5, "f": 2.5, "b": false, "l": [1, "a"], "o": {"k": [true]}, "t": {"type": "other", "v": 1}}}'
        $settings.Configuration.ToJsonString() | Should -BeExactly '{"s":"x","n":5,"f":2.5,"b":false,"l":[1,"a"],"o":{"k":[true]},"t":{"type":"other","v":1}}'
    }

    It 'reads <Definition> as <Expected>' -ForEach @(
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET"}'; Expected = '"42"' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET", "env_var_type": "int"}'; Expected = '42' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET", "env_var_type": "float"}'; Expected = '42.0' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET", "env_var_type": "json"}'; Expected = '42' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET", "env_var_type": "bool"}'; Expected = 'true' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING", "default": "no", "env_var_type": "bool"}'; Expected = 'false' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING", "default": " 1_000 ", "env_var_type": "int"}'; Expected = '1000' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING", "default": [1, 2]}'; Expected = '[1,2]' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING", "default": null}'; Expected = 'null' }
        @{ Definition = '{"type": "env", "key": "CHAOSPIXIE_SETTINGS_EMPTY", "default": "unused"}'; Expected = '" "' }
    ) {
        $settings = Get-Settings ('{"configuration": {"k": ' + $Definition + '}}')
        $settings.Configuration.ToJsonString() | Should -BeExactly ('{"k":' + $Expected + '}')
    }

    It 'fails with upstream''s message for a missing variable without a default' {
        Get-EngineError { Get-Settings '{"configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING"}}}' } |
            Should -BeExactly 'Configuration makes reference to an environment key that does not exist: CHAOSPIXIE_SETTINGS_MISSING'
    }
}

Describe 'Secrets' {
    It 'resolves inline, env and nested secrets per scope, and lists their values for redaction' {
        $settings = Get-Settings '{"secrets": {"api": {"token": {"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET"}, "user": "bob"}, "db": {"nested": {"password": "s3cret"}}}}'
        $settings.Secrets.ToJsonString() | Should -BeExactly '{"api":{"token":"42","user":"bob"},"db":{"nested":{"password":"s3cret"}}}'
        $settings.SecretValues | Sort-Object | Should -Be @('42', 'bob', 's3cret')
    }

    It 'has no default for env secrets' {
        Get-EngineError { Get-Settings '{"secrets": {"api": {"token": {"type": "env", "key": "CHAOSPIXIE_SETTINGS_MISSING", "default": "x"}}}}' } |
            Should -BeExactly 'Secrets make reference to an environment key that does not exist: CHAOSPIXIE_SETTINGS_MISSING'
    }
}

Describe 'Variables (--var) and variable files (--var-file)' {
    It 'overrides declared configuration keys only, and warns about the others' {
        $overrides = $Overrides::new()
        $overrides.AddVariable('port:int=8080')
        $overrides.AddVariable('undeclared=x')
        $settings = Get-Settings '{"configuration": {"port": 80, "host": "a"}}' $overrides
        $settings.Configuration.ToJsonString() | Should -BeExactly '{"port":8080,"host":"a"}'
        $settings.Warnings | Should -HaveCount 1
        $settings.Warnings[0] | Should -BeLike "The variable 'undeclared' is ignored*"
    }

    It 'keeps a value''s type unless the name says name:type' {
        $overrides = $Overrides::new()
        $overrides.AddVariable('a', (ConvertFrom-JsonNode '[1, 2]'))
        $overrides.AddVariable('b:float', [System.Text.Json.Nodes.JsonValue]::Create('3'))
        $overrides.AddVariable('c=plain text = kept')
        $overrides.AddVariable('d:float', [System.Text.Json.Nodes.JsonValue]::Create([int] 7))
        $overrides.Configuration.ToJsonString() | Should -BeExactly '{"a":[1,2],"b":3.0,"c":"plain text = kept","d":7.0}'
    }

    It 'refuses <Specification> with: <Message>' -ForEach @(
        @{ Specification = 'n:int=abc'; Message = "Invalid value for variable 'n': the value is not an integer (digits, an optional sign, ``_`` between digits)" }
        @{ Specification = 'n:float=1,5'; Message = "Invalid value for variable 'n': the value is not a number" }
        @{ Specification = 'n:json={x'; Message = "Invalid value for variable 'n': the value is not valid JSON" }
        @{ Specification = 'n:date=1'; Message = "Invalid value for variable 'n': variable type can only be: bool, str, int, float, bytes or json" }
        @{ Specification = 'novalue'; Message = "Invalid value for variable 'novalue': var needs to be in the format name[:type]=value" }
    ) {
        $overrides = $Overrides::new()
        Get-EngineError { $overrides.AddVariable($Specification) } | Should -BeExactly $Message
    }

    It 'reads json and yaml files in order, later ones winning, and --var over both' {
        $overrides = $Overrides::new()
        $overrides.AddFile((New-VariableFile 'one.json' '{"configuration": {"a": 1, "b": 1, "c": 1}, "secrets": {"s": {"k": "one"}}}'))
        $overrides.AddFile((New-VariableFile 'two.yaml' "configuration:`n  b: 2`n  c: 2`n"))
        $overrides.AddVariable('c=3')
        $overrides.Configuration.ToJsonString() | Should -BeExactly '{"a":1,"b":2,"c":"3"}'
        $overrides.Secrets.ToJsonString() | Should -BeExactly '{"s":{"k":"one"}}'
    }

    It 'replaces a secret scope whole, as upstream does' {
        $overrides = $Overrides::new()
        $overrides.AddFile((New-VariableFile 'secrets.json' '{"secrets": {"api": {"token": "new"}, "other": {"x": 1}}}'))
        $settings = Get-Settings '{"secrets": {"api": {"token": "old", "user": "bob"}}}' $overrides
        $settings.Secrets.ToJsonString() | Should -BeExactly '{"api":{"token":"new"}}'
        $settings.Warnings[0] | Should -BeLike "The secrets override of scope 'other' is ignored*"
    }

    It 'accepts a full env definition as an override' {
        $overrides = $Overrides::new()
        $overrides.AddFile((New-VariableFile 'env-def.json' '{"configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_SETTINGS_SET", "env_var_type": "int"}}}'))
        (Get-Settings '{"configuration": {"k": "inline"}}' $overrides).Configuration.ToJsonString() | Should -BeExactly '{"k":42}'
    }

    It 'injects .env files into the environment, where env lookups find them' {
        $overrides = $Overrides::new()
        $overrides.AddFile((New-VariableFile 'vars.env' "# a comment`n`nCHAOSPIXIE_FROM_DOTENV=a=b `"c`"`n"))
        $env:CHAOSPIXIE_FROM_DOTENV | Should -BeExactly 'a=b "c"'
        (Get-Settings '{"configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_FROM_DOTENV"}}}' $overrides).Configuration.ToJsonString() |
            Should -BeExactly '{"k":"a=b \u0022c\u0022"}'
    }

    It 'refuses a missing variable file and a .env line without =' {
        $overrides = $Overrides::new()
        Get-EngineError { $overrides.AddFile((Join-Path $TestDrive 'nope.json')) } | Should -BeLike 'Variable file "*nope.json" does not exist.'
        Get-EngineError { $overrides.AddFile((New-VariableFile 'bad.env' "OK=1`nnot a pair`n")) } | Should -BeLike 'Variable file "*bad.env", line 2: expected NAME=VALUE.'
    }
}

Describe 'Substitution' {
    BeforeAll {
        $script:Settings = Get-Settings '{"configuration": {"n": 5, "f": 1.5, "big": 1e16, "b": true, "z": null, "d": {"a": [1, "it''s"]}, "name": "x"}, "secrets": {"first": {"token": "abc", "name": "shadowed"}, "second": {"token": "later"}}}'
    }

    It 'turns <Template> into <Expected>' -ForEach @(
        @{ Template = '"${n}"'; Expected = '5' }
        @{ Template = '"${b}"'; Expected = 'true' }
        @{ Template = '"${z}"'; Expected = 'null' }
        @{ Template = '"${d}"'; Expected = '{"a":[1,"it\u0027s"]}' }
        @{ Template = '"$n"'; Expected = '"5"' }
        @{ Template = '"n=${n} f=$f big=${big} b=${b} z=${z}"'; Expected = '"n=5 f=1.5 big=1e\u002B16 b=True z=None"' }
        @{ Template = '"${d}!"'; Expected = '"{\u0027a\u0027: [1, \u0022it\u0027s\u0022]}!"' }
        @{ Template = '"$$n costs $$5 and ${missing} ${my-key} $ stay"'; Expected = '"$n costs $5 and ${missing} ${my-key} $ stay"' }
        @{ Template = '"${token} ${name}"'; Expected = '"abc x"' }
        @{ Template = '{"${n}": ["${n}", ["$n"]], "k": 3}'; Expected = '{"${n}":[5,["5"]],"k":3}' }
        @{ Template = '""'; Expected = '""' }
        @{ Template = '"${n}\n"'; Expected = '"5\n"' }
    ) {
        $result = $Substitution::Apply((ConvertFrom-JsonNode $Template), $Settings)
        $(if ($null -eq $result) { 'null' } else { $result.ToJsonString() }) | Should -BeExactly $Expected
    }

    It 'leaves its input unchanged' {
        $node = ConvertFrom-JsonNode '{"a": "${n}"}'
        $null = $Substitution::Apply($node, $Settings)
        $node.ToJsonString() | Should -BeExactly '{"a":"${n}"}'
    }

    It 'renders text for string-only places' {
        $Substitution::ApplyToString('${n}', $Settings) | Should -BeExactly '5'
        $Substitution::ApplyToString('Title for ${name}', $Settings) | Should -BeExactly 'Title for x'
    }
}

Describe 'Loading' {
    It 'keeps unknown keys and their order, and a duplicated key''s first position with its last value' {
        $path = Join-Path $TestDrive 'order.json'
        [IO.File]::WriteAllText($path, '{"zeta": 1, "title": "a", "unknown-key": {"x": [1.0]}, "zeta": 2}')
        $Loader::Load($path).Root.ToJsonString() | Should -BeExactly '{"zeta":2,"title":"a","unknown-key":{"x":[1.0]}}'
    }

    It 'reads YAML scalars as safe_load does' {
        $path = Join-Path $TestDrive 'scalars.yaml'
        [IO.File]::WriteAllText($path, "a: yes`nb: Off`nc: 010`nd: 0x1F`ne: 1_000`nf: 1.5`ng: 1e5`nh: ~`ni: '5'`nj: 1:30`nk: 2024-01-02`nl: .inf`n")
        $Loader::Load($path).Root.ToJsonString() | Should -BeExactly '{"a":true,"b":false,"c":8,"d":31,"e":1000,"f":1.5,"g":"1e5","h":null,"i":"5","j":90,"k":"2024-01-02","l":"inf"}'
    }

    It 'applies YAML anchors and merge keys in PyYAML''s order: merged keys first, the first mapping listed and then own keys winning' {
        $path = Join-Path $TestDrive 'merge.yaml'
        [IO.File]::WriteAllText($path, "base: &b {x: 1, y: 1}`nother: &o {y: 2, z: 2}`nm:`n  <<: [*b, *o]`n  y: 3`n")
        $Loader::Load($path).Root['m'].ToJsonString() | Should -BeExactly '{"y":3,"z":2,"x":1}'
    }

    It 'says where invalid JSON is' {
        $path = Join-Path $TestDrive 'broken.json'
        [IO.File]::WriteAllText($path, "{`n  `"title`": `"t`",`n  `"method`": [,]`n}")
        Get-EngineError { $Loader::Load($path) } | Should -BeLike 'Failed parsing JSON experiment: * (line 3, position 14)'
    }

    It 'gives upstream''s messages for a missing path and an unsupported extension' {
        $missing = Join-Path $TestDrive 'missing.json'
        Get-EngineError { $Loader::Load($missing) } | Should -BeExactly "Path `"$missing`" does not exist."
        $toml = Join-Path $TestDrive 'e.toml'
        [IO.File]::WriteAllText($toml, 'x')
        Get-EngineError { $Loader::Load($toml) } | Should -BeExactly 'only files with json, yaml or yml extensions are supported'
    }
}
