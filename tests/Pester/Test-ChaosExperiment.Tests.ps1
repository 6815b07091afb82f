# Test-ChaosExperiment: chaos validate's checks, order and messages, ChaosPixie's stricter checks,
# JSON and YAML loading, and the cmdlet's own contract (bool / -Detailed, paths, errors).
BeforeDiscovery {
    $script:Extensions = @(@{ Extension = '.json' }, @{ Extension = '.yaml' })
}

BeforeAll {
    Import-Module ChaosPixie -Force
    $script:Fixtures = Join-Path $PSScriptRoot 'Fixtures/Experiments/validation'
    $env:CHAOSPIXIE_TEST_PRESENT = 'present'
    Remove-Item Env:CHAOSPIXIE_TEST_MISSING -ErrorAction Ignore

    # Writes experiment text to a new file. JSON is also valid YAML (flow style), so each case runs through both loaders.
    function New-ExperimentFile([string] $Text, [string] $Extension = '.json') {
        $path = Join-Path $TestDrive ("experiment-{0}{1}" -f [guid]::NewGuid().ToString('n'), $Extension)
        [IO.File]::WriteAllText($path, $Text)
        $path
    }

    # A -BeLike pattern whose only wildcard is a trailing *: messages hold backticks and brackets.
    function Get-LikePattern([string] $Like) {
        if ($Like.EndsWith('*')) { [WildcardPattern]::Escape($Like.Substring(0, $Like.Length - 1)) + '*' } else { [WildcardPattern]::Escape($Like) }
    }

    function Get-Problem([string] $Text, [string] $Extension = '.json') {
        Test-ChaosExperiment -LiteralPath (New-ExperimentFile $Text $Extension) -Detailed
    }
}

AfterAll {
    Remove-Item Env:CHAOSPIXIE_TEST_PRESENT -ErrorAction Ignore
}

Describe 'Upstream checks in <Extension>' -ForEach $Extensions {
    It 'reports "<Message>" at <JsonPath>' -ForEach @(
        @{ Message = 'an empty experiment is not an experiment'; JsonPath = '$'; Text = '{}' }
        @{ Message = 'experiment requires a title'; JsonPath = '$.title'; Text = '{"description": "d", "method": []}' }
        @{ Message = 'experiment requires a title'; JsonPath = '$.title'; Text = '{"title": "", "description": "d", "method": []}' }
        @{ Message = 'experiment requires a description'; JsonPath = '$.description'; Text = '{"title": "t", "method": []}' }
        @{ Message = 'experiment tags must be a non-empty string'; JsonPath = '$.tags[1]'; Text = '{"title": "t", "description": "d", "tags": ["a", ""], "method": []}' }
        @{ Message = 'experiment tags must be a non-empty string'; JsonPath = '$.tags[0]'; Text = '{"title": "t", "description": "d", "tags": [5], "method": []}' }
        @{ Message = 'All extensions require a non-empty name'; JsonPath = '$.extensions[0].name'; Text = '{"title": "t", "description": "d", "extensions": [{"name": "  "}], "method": []}' }
        @{ Message = 'Configuration makes reference to an environment key that does not exist: CHAOSPIXIE_TEST_MISSING'; JsonPath = '$.configuration.k'
            Text = '{"title": "t", "description": "d", "configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_MISSING"}}, "method": []}' }
        @{ Message = 'Secrets make reference to an environment key that does not exist: CHAOSPIXIE_TEST_MISSING'; JsonPath = '$.secrets.scope.nested.k'
            Text = '{"title": "t", "description": "d", "secrets": {"scope": {"nested": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_MISSING"}}}}, "method": []}' }
        @{ Message = 'hypothesis requires a title'; JsonPath = '$.steady-state-hypothesis.title'; Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"probes": []}, "method": []}' }
        @{ Message = 'hypothesis probe must have a tolerance entry'; JsonPath = '$.steady-state-hypothesis.probes[0]'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance must either be an integer, a string, a boolean or a pair of values for boundaries. It can also be a dictionary which is a probe activity definition that takes an argument called `value` with the value of the probe itself to be validated'
            JsonPath = '$.steady-state-hypothesis.probes[0].tolerance'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": 1.5, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance must either be an integer, a string, a boolean or a pair of values for boundaries. It can also be a dictionary which is a probe activity definition that takes an argument called `value` with the value of the probe itself to be validated'
            JsonPath = '$.steady-state-hypothesis.probes[0].tolerance'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": null, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = "hypothesis probe tolerance type 'foo' is unsupported"; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.type'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "foo"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = "hypothesis probe tolerance type 'None' is unsupported"; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.type'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"pattern": "x"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis regex probe tolerance must have a `pattern` key'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "regex", "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance pattern [0-9 seems invalid: unterminated character set'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.pattern'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "regex", "pattern": "[0-9", "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance pattern None has an invalid type'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.pattern'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "regex", "pattern": null, "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis jsonpath probe tolerance must have a `path` key'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "jsonpath"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance JSON path cannot be empty'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.path'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "jsonpath", "path": "  "}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis probe tolerance JSON path foo[*].baz is invalid'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.path'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "jsonpath", "path": "foo[*].baz"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis range probe tolerance must have a `range` key'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis range must be a sequence'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.range'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "range": "1-2", "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis range sequence must be made of two values'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.range'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "range": [1, 2, 3], "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis range lower boundary must be a number'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.range[0]'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "range": ["a", 2], "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'hypothesis range upper boundary must be a number'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.range[1]'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "range": [1, null], "target": "stdout"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'an activity must have a name'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.name'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "probe", "provider": {"type": "process", "path": "dotnet", "arguments": {}}}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Message = 'an experiment requires a method, which can be empty for only checking steady state hypothesis '; JsonPath = '$.method'; Text = '{"title": "t", "description": "d"}' }
        @{ Message = "referenced activity 'nope' could not be found in the experiment"; JsonPath = '$.method[0].ref'; Text = '{"title": "t", "description": "d", "method": [{"ref": "nope"}]}' }
        @{ Message = 'empty activity is no activity'; JsonPath = '$.method[0]'; Text = '{"title": "t", "description": "d", "method": [{}]}' }
        @{ Message = 'reference to activity must be non-empty strings'; JsonPath = '$.method[0].ref'; Text = '{"title": "t", "description": "d", "method": [{"ref": ""}]}' }
        @{ Message = 'an activity must have a type'; JsonPath = '$.method[0].type'; Text = '{"title": "t", "description": "d", "method": [{"name": "a"}]}' }
        @{ Message = "'task' is not a supported activity type"; JsonPath = '$.method[0].type'; Text = '{"title": "t", "description": "d", "method": [{"type": "task", "name": "a"}]}' }
        @{ Message = 'an activity must have a name'; JsonPath = '$.method[0].name'; Text = '{"title": "t", "description": "d", "method": [{"type": "action"}]}' }
        @{ Message = 'an activity requires a provider'; JsonPath = '$.method[0].provider'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a"}]}' }
        @{ Message = 'a provider must have a type'; JsonPath = '$.method[0].provider.type'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"path": "dotnet"}}]}' }
        @{ Message = "unknown provider type 'ssh'"; JsonPath = '$.method[0].provider.type'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "ssh"}}]}' }
        @{ Message = 'activity timeout must be a number'; JsonPath = '$.method[0].timeout'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "timeout": "10", "provider": {"type": "process", "path": "dotnet"}}]}' }
        @{ Message = 'activity before pause must be a number or a pattern to a variable from the configuration or secrets'; JsonPath = '$.method[0].pauses.before'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "pauses": {"before": "5s"}, "provider": {"type": "process", "path": "dotnet"}}]}' }
        @{ Message = 'activity after pause must be a number or a pattern to a variable from the configuration or secrets'; JsonPath = '$.method[0].pauses.after'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "pauses": {"after": "later"}, "provider": {"type": "process", "path": "dotnet"}}]}' }
        @{ Message = 'activity background must be a boolean'; JsonPath = '$.method[0].background'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "background": "true", "provider": {"type": "process", "path": "dotnet"}}]}' }
        @{ Message = 'a process activity must have a path'; JsonPath = '$.method[0].provider.path'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "process"}}]}' }
        @{ Message = "path 'chaospixie-no-such-command' cannot be found, in activity 'a'"; JsonPath = '$.method[0].provider.path'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "process", "path": "chaospixie-no-such-command"}}]}' }
        @{ Message = 'a HTTP activity must have a URL'; JsonPath = '$.method[0].provider.url'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "http"}}]}' }
        @{ Message = 'a HTTP activities expect headers as a mapping'; JsonPath = '$.method[0].provider.headers'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "http", "url": "http://127.0.0.1:9/", "headers": ["a: b"]}}]}' }
        @{ Message = 'a Python activity must have a module path'; JsonPath = '$.method[0].provider.module'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "python", "func": "f"}}]}' }
        @{ Message = 'a Python activity must have a function name'; JsonPath = '$.method[0].provider.func'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "python", "module": "chaospixie.probes"}}]}' }
        @{ Message = "The python module 'chaospixie.probes' does not expose a function called 'nope' in probe 'p'"; JsonPath = '$.method[0].provider.func'
            Text = '{"title": "t", "description": "d", "method": [{"type": "probe", "name": "p", "provider": {"type": "python", "module": "chaospixie.probes", "func": "nope"}}]}' }
        @{ Message = "required argument 'script_path' is missing from activity 'run_script_from_local_file'"; JsonPath = '$.method[0].provider.arguments'
            Text = '{"title": "t", "description": "d", "method": [{"type": "probe", "name": "p", "provider": {"type": "python", "module": "chaospixie.probes", "func": "run_script_from_local_file", "arguments": {"table_name": "t"}}}]}' }
        @{ Message = "argument 'cluster' is not part of the function signature in activity 'run_script'"; JsonPath = '$.method[0].provider.arguments.cluster'
            Text = '{"title": "t", "description": "d", "method": [{"type": "probe", "name": "p", "provider": {"type": "python", "module": "chaospixie.probes", "func": "run_script", "arguments": {"script": "x", "cluster": "c"}}}]}' }
        @{ Message = "required argument 'treshold' is missing from activity 'percentile_should_be_below'"; JsonPath = '$.method[0].provider.arguments'
            Text = '{"title": "t", "description": "d", "method": [{"type": "probe", "name": "p", "provider": {"type": "python", "module": "chaospixie.tolerances", "func": "percentile_should_be_below", "arguments": {"column": "latency"}}}]}' }
        @{ Message = 'empty activity is no activity'; JsonPath = '$.rollbacks[0]'; Text = '{"title": "t", "description": "d", "method": [], "rollbacks": [{}]}' }
        @{ Message = 'A control must have a `name` property'; JsonPath = '$.controls[0]'; Text = '{"title": "t", "description": "d", "method": [], "controls": [{"provider": {"type": "python", "module": "m"}}]}' }
        @{ Message = "Control reference '{}' declaration cannot be found"; JsonPath = '$.method[0].controls[0].ref'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "process", "path": "dotnet"}, "controls": [{"ref": "tracing"}]}]}' }
        @{ Message = 'Control ''c'' must have a `provider` property'; JsonPath = '$.steady-state-hypothesis.controls[0]'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "controls": [{"name": "c"}]}, "method": []}' }
        @{ Message = "Control 'c' scope property must be 'before' or 'after' only"; JsonPath = '$.controls[0].scope'
            Text = '{"title": "t", "description": "d", "method": [], "controls": [{"name": "c", "scope": "around", "provider": {"type": "python", "module": "m"}}]}' }
        @{ Message = "Control 'c' must have a module path"; JsonPath = '$.controls[0].provider.module'
            Text = '{"title": "t", "description": "d", "method": [], "controls": [{"name": "c", "provider": {"type": "python"}}]}' }
    ) {
        $problems = @(Get-Problem $Text $Extension)
        $problems[0].Message | Should -BeExactly $Message
        $problems[0].JsonPath | Should -BeExactly $JsonPath
        $problems[0].Source | Should -Be 'Upstream'
        $problems[0].Severity | Should -Be 'Error'
        Test-ChaosExperiment -LiteralPath $problems[0].Path | Should -BeFalse
    }

    It 'accepts what upstream accepts: <Because>' -ForEach @(
        @{ Because = 'an empty method'; Text = '{"title": "t", "description": "d", "method": []}' }
        @{ Because = 'a hypothesis with a title and no probes'; Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h"}, "method": []}' }
        @{ Because = 'tags given as one string (upstream iterates it char by char)'; Text = '{"title": "t", "description": "d", "tags": "abc", "method": []}' }
        @{ Because = 'an env configuration with a null default'; Text = '{"title": "t", "description": "d", "configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_MISSING", "default": null}}, "method": []}' }
        @{ Because = 'an env secret that is set'; Text = '{"title": "t", "description": "d", "secrets": {"s": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_PRESENT"}}}, "method": []}' }
        @{ Because = 'a ref to a hypothesis probe'; Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": true, "provider": {"type": "process", "path": "dotnet"}}]}, "method": [{"ref": "p"}]}' }
        @{ Because = 'a pause given as ${name}'; Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "pauses": {"before": "${wait}"}, "provider": {"type": "process", "path": "dotnet"}}]}' }
        @{ Because = 'rollback refs, which upstream does not check'; Text = '{"title": "t", "description": "d", "method": [], "rollbacks": [{"ref": "anything"}]}' }
        @{ Because = 'jsonpath2 paths: $..x, $.a[-1], $.a[0:2], $["a"], $.a.*, $.a[*][?(@.b > 1)]'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [' +
                '{"type": "probe", "name": "p1", "tolerance": {"type": "jsonpath", "path": "$..x"}, "provider": {"type": "process", "path": "dotnet"}},' +
                '{"type": "probe", "name": "p2", "tolerance": {"type": "jsonpath", "path": "$.a[-1]"}, "provider": {"type": "process", "path": "dotnet"}},' +
                '{"type": "probe", "name": "p3", "tolerance": {"type": "jsonpath", "path": "$.a[0:2]"}, "provider": {"type": "process", "path": "dotnet"}},' +
                '{"type": "probe", "name": "p4", "tolerance": {"type": "jsonpath", "path": "$[\"a\"]"}, "provider": {"type": "process", "path": "dotnet"}},' +
                '{"type": "probe", "name": "p5", "tolerance": {"type": "jsonpath", "path": "$.a.*"}, "provider": {"type": "process", "path": "dotnet"}},' +
                '{"type": "probe", "name": "p6", "tolerance": {"type": "jsonpath", "path": "$.a[*][?(@.b > 1 and not @.c = \"x\")]"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
    ) {
        Get-Problem $Text $Extension | Where-Object Severity -EQ 'Error' | Should -BeNullOrEmpty
        Test-ChaosExperiment -LiteralPath (New-ExperimentFile $Text $Extension) | Should -BeTrue
    }

    It 'rejects the jsonpath <Path>, which jsonpath2 does not parse' -ForEach @(
        @{ Path = "`$['a']" }, @{ Path = '$.a[?(@.b == 1)]' }, @{ Path = '$.true' }, @{ Path = '$[1.5]' }, @{ Path = '$.a.foo()' }, @{ Path = '$.a[' }
    ) {
        $text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "jsonpath", "path": "' +
            $Path.Replace('"', '\"') + '"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}'
        (Get-Problem $text $Extension)[0].Message | Should -BeExactly "hypothesis probe tolerance JSON path $Path is invalid"
    }
}

Describe 'Order of the problems' {
    It 'puts the problem chaos validate reports first, then ChaosPixie''s, then warnings' {
        $text = '{"description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "powershell", "func": "Get-Date", "script": "Get-Date"}}], ' +
            '"runtime": {"hypothesis": {"strategy": "sometimes"}, "rollbacks": {"strategy": "maybe"}}}'
        $problems = @(Get-Problem $text)
        $problems.Message[0] | Should -BeExactly 'experiment requires a title'
        ($problems.Source -join ',') | Should -BeExactly 'Upstream,ChaosPixie,ChaosPixie,ChaosPixie'
        ($problems.Severity -join ',') | Should -BeExactly 'Error,Error,Error,Warning'
    }

    It 'reports each invalid activity, not only the first one' {
        $text = '{"title": "t", "description": "d", "method": [{"type": "action"}, {"type": "probe", "name": "p"}]}'
        (Get-Problem $text).JsonPath | Should -Be @('$.method[0].name', '$.method[1].provider')
    }
}

Describe 'ChaosPixie''s stricter checks' {
    It 'refuses <Because>' -ForEach @(
        @{ Because = 'a regex tolerance without target on a process probe'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.target'; Like = 'a regex tolerance on the output of a process probe needs a `target` (stdout, stderr or status)*'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "regex", "pattern": "ok"}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Because = 'a range tolerance without target on an http probe'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.target'; Like = 'a range tolerance on the output of a http probe needs a `target` (body, status or headers)*'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "range", "range": [1, 2]}, "provider": {"type": "http", "url": "http://127.0.0.1:9/"}}]}, "method": []}' }
        @{ Because = 'an unknown hypothesis strategy in runtime'; JsonPath = '$.runtime.hypothesis.strategy'; Like = "unknown hypothesis strategy 'sometimes'*"
            Text = '{"title": "t", "description": "d", "method": [], "runtime": {"hypothesis": {"strategy": "sometimes"}}}' }
        @{ Because = 'an env configuration without a key'; JsonPath = '$.configuration.k.key'; Like = 'a configuration value of type env must name its environment variable in `key`'
            Text = '{"title": "t", "description": "d", "configuration": {"k": {"type": "env"}}, "method": []}' }
        @{ Because = 'an unknown env_var_type'; JsonPath = '$.configuration.k.env_var_type'; Like = "configuration 'k' cannot be converted: variable type can only be: bool, str, int, float, bytes or json"
            Text = '{"title": "t", "description": "d", "configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_PRESENT", "env_var_type": "date"}}, "method": []}' }
        @{ Because = 'an env value that does not convert to its env_var_type'; JsonPath = '$.configuration.k.env_var_type'; Like = "configuration 'k' cannot be converted: the value is not an integer*"
            Text = '{"title": "t", "description": "d", "configuration": {"k": {"type": "env", "key": "CHAOSPIXIE_TEST_PRESENT", "env_var_type": "int"}}, "method": []}' }
        @{ Because = 'a probe tolerance whose provider has no arguments (upstream crashes)'; JsonPath = '$.steady-state-hypothesis.probes[0].tolerance.provider.arguments'; Like = 'a probe tolerance''s provider must have `arguments`*'
            Text = '{"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": {"type": "probe", "name": "t", "provider": {"type": "process", "path": "dotnet"}}, "provider": {"type": "process", "path": "dotnet"}}]}, "method": []}' }
        @{ Because = 'a method that is not a list'; JsonPath = '$.method'; Like = 'the method must be a list of activities, not a mapping'; Text = '{"title": "t", "description": "d", "method": {}}' }
        @{ Because = 'a Vault secret'; JsonPath = '$.secrets.s.k'; Like = 'Vault secrets are not supported by ChaosPixie yet*'
            Text = '{"title": "t", "description": "d", "secrets": {"s": {"k": {"type": "vault", "path": "secret/x"}}}, "method": []}' }
        @{ Because = 'a powershell activity with both func and script'; JsonPath = '$.method[0].provider'; Like = 'a powershell activity must have either `func`*'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "powershell", "func": "Get-Date", "script": "Get-Date"}}]}' }
    ) {
        $problems = @(Get-Problem $Text)
        $problems[0].Message | Should -BeLike (Get-LikePattern $Like)
        $problems[0].JsonPath | Should -BeExactly $JsonPath
        $problems[0].Source | Should -Be 'ChaosPixie'
        $problems[0].Severity | Should -Be 'Error'
    }

    It 'warns about <Because> and keeps the experiment valid' -ForEach @(
        @{ Because = 'an unknown rollback strategy'; JsonPath = '$.runtime.rollbacks.strategy'; Like = "unknown rollback strategy 'maybe': no rollback will be played*"; Source = 'ChaosPixie'
            Text = '{"title": "t", "description": "d", "method": [], "runtime": {"rollbacks": {"strategy": "maybe"}}}' }
        @{ Because = 'a python control whose module is not installed, which chaos validate only warns about'; JsonPath = '$.controls[0].provider.module'; Like = "Could not find Python module 'chaostracing.control' in control 'tracing'. Did you install the Python module? The experiment will carry on running nonetheless.*"; Source = 'Upstream'
            Text = '{"title": "t", "description": "d", "method": [], "controls": [{"name": "tracing", "provider": {"type": "python", "module": "chaostracing.control"}}]}' }
        @{ Because = 'process arguments given as a mapping (deprecated upstream)'; JsonPath = '$.method[0].provider.arguments'; Like = 'Process arguments should now be a list*'; Source = 'Upstream'
            Text = '{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "process", "path": "dotnet", "arguments": {"--version": null}}}]}' }
    ) {
        $file = New-ExperimentFile $Text
        $problem = Test-ChaosExperiment -LiteralPath $file -Detailed
        $problem.Severity | Should -Be 'Warning'
        $problem.Source | Should -Be $Source
        $problem.Message | Should -BeLike (Get-LikePattern $Like)
        $problem.JsonPath | Should -BeExactly $JsonPath
        Test-ChaosExperiment -LiteralPath $file -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeTrue
        $warnings.Message | Should -BeLike "*: $([WildcardPattern]::Escape($JsonPath)): $([WildcardPattern]::Escape($problem.Message))"
    }
}

Describe 'The chaostoolkit-pixie experiment' {
    BeforeAll {
        $script:PixieExperiment = Join-Path $Fixtures 'chaostoolkit-pixie.json'
        $saved = @{ Key = $env:PIXIE_API_KEY; Cluster = $env:PIXIE_CLUSTER_ID }
    }

    AfterAll {
        $env:PIXIE_API_KEY = $saved.Key
        $env:PIXIE_CLUSTER_ID = $saved.Cluster
    }

    It 'needs PIXIE_CLUSTER_ID and PIXIE_API_KEY, as upstream does' {
        Remove-Item Env:PIXIE_API_KEY, Env:PIXIE_CLUSTER_ID -ErrorAction Ignore
        $problems = @(Test-ChaosExperiment -LiteralPath $PixieExperiment -Detailed | Where-Object Source -EQ 'Upstream')
        $problems.Message | Should -Be @(
            'Configuration makes reference to an environment key that does not exist: PIXIE_CLUSTER_ID'
            'Secrets make reference to an environment key that does not exist: PIXIE_API_KEY')
    }

    It 'accepts chaostoolkit-pixie''s README experiment, whose chaospixie functions ChaosPixie runs natively' {
        $env:PIXIE_API_KEY = 'px-api-test'
        $env:PIXIE_CLUSTER_ID = 'f6b3c3a1-2f0e-4c5b-9a8d-1e2f3a4b5c6d'
        Test-ChaosExperiment -LiteralPath $PixieExperiment -Detailed | Should -BeNullOrEmpty
        Test-ChaosExperiment -LiteralPath $PixieExperiment | Should -BeTrue
    }
}

Describe 'Loading' {
    It 'accepts the complete <Name> fixture' -ForEach @(@{ Name = 'valid.json' }, @{ Name = 'valid.yaml' }) {
        Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures $Name) -Detailed | Should -BeNullOrEmpty
        Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures $Name) | Should -BeTrue
    }

    It 'reads .yml as YAML' {
        $file = Join-Path $TestDrive 'copy.yml'
        Copy-Item -LiteralPath (Join-Path $Fixtures 'valid.yaml') -Destination $file
        Test-ChaosExperiment -LiteralPath $file | Should -BeTrue
    }

    It 'reads YAML 1.1 scalars as PyYAML safe_load does' {
        $yes = "title: t`ndescription: d`nmethod:`n  - {type: action, name: a, background: yes, provider: {type: process, path: dotnet}}`n"
        $quoted = $yes.Replace('background: yes', 'background: "yes"')
        Get-Problem $yes '.yaml' | Should -BeNullOrEmpty
        (Get-Problem $quoted '.yaml').Message | Should -BeExactly 'activity background must be a boolean'
    }

    It 'reports invalid JSON, which crashes chaos run, with its line and position' {
        $problem = Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures 'invalid-json.json') -Detailed
        $problem.Message | Should -BeLike 'Failed parsing JSON experiment: * (line 5, position *)'
        $problem.Source | Should -Be 'ChaosPixie'
        $problem.JsonPath | Should -BeExactly '$'
    }

    It 'reports a YAML error as upstream does, with its line and column' {
        $problem = Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures 'invalid-yaml.yaml') -Detailed
        $problem.Message | Should -BeLike 'Failed parsing YAML experiment: * (line *, column *)'
        $problem.Source | Should -Be 'Upstream'
    }

    It 'refuses python tags, as safe_load does, and runs nothing' {
        $problem = Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures 'unsafe.yaml') -Detailed
        $problem.Message | Should -BeLike "Failed parsing YAML experiment: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'*"
    }

    It 'refuses other extensions with upstream''s message' {
        $problem = Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures 'experiment.toml') -Detailed
        $problem.Message | Should -BeExactly 'only files with json, yaml or yml extensions are supported'
        $problem.Source | Should -Be 'Upstream'
    }

    It 'refuses a document that is not a mapping' {
        (Test-ChaosExperiment -LiteralPath (Join-Path $Fixtures 'top-level-list.yaml') -Detailed).Message |
            Should -BeLike '*must be a mapping (a JSON object) at its top level, not a list.'
    }
}

Describe 'Limits on experiment files' {
    It 'accepts 64 levels of nesting and refuses 65 where they are, in <Extension>' -ForEach $Extensions {
        $nested = { param($levels) '{"title": "t", "description": "d", "method": [], "x": ' + ('[' * ($levels - 1)) + '1' + (']' * ($levels - 1)) + '}' }
        Get-Problem (& $nested 64) $Extension | Should -BeNullOrEmpty
        $problem = Get-Problem (& $nested 65) $Extension
        $problem.Message | Should -BeLike '*nested deeper than 64 levels*which is the limit*'
        $problem.Severity | Should -Be 'Error'
    }

    It 'names the JSON path of a JSON document nested too deep' {
        $problem = Get-Problem ('{"title": "t", "description": "d", "method": [], "x": {"a": ' + ('[' * 70) + (']' * 70) + '}}')
        $problem.JsonPath | Should -BeExactly ('$.x.a' + ('[0]' * 62))
    }

    It 'expands YAML aliases within the limits, and refuses a billion laughs before expanding it' {
        $laughs = { param($levels)
            $text = "title: t`ndescription: d`nmethod: []`nl0: &l0 [a, a, a, a, a, a, a, a, a, a]`n"
            for ($i = 1; $i -le $levels; $i++) { $text += "l${i}: &l$i [" + ((1..10 | ForEach-Object { "*l$($i - 1)" }) -join ', ') + "]`n" }
            $text
        }
        Get-Problem (& $laughs 3) '.yaml' | Should -BeNullOrEmpty
        (Get-Problem (& $laughs 30) '.yaml').Message | Should -BeLike '*more than 100,000 keys and values once its aliases are expanded, which is the limit (line 8, column *)'
    }

    It 'refuses a lone surrogate escape with its position and JSON path' {
        $problem = Get-Problem '{"title": "t", "description": "d", "method": [], "x": [1, "a\ud800"]}'
        $problem.Message | Should -BeLike 'Failed parsing JSON experiment: a string holds an escaped lone UTF-16 surrogate*(line 1, position 59)'
        $problem.JsonPath | Should -BeExactly '$.x[1]'
    }

    It 'quotes at most 120 characters of a long value' {
        $path = 'p' * 100000
        $problem = Get-Problem ('{"title": "t", "description": "d", "method": [{"type": "action", "name": "a", "provider": {"type": "process", "path": "' + $path + '"}}]}')
        $problem.Message | Should -BeExactly ("path '" + ('p' * 120) + "... (100000 characters)' cannot be found, in activity 'a'")
    }

    It 'refuses a jsonpath of more than 64 segments without running out of stack' {
        $tolerance = '{"type": "jsonpath", "target": "stdout", "path": "$' + ('.a' * 50000) + '"}'
        $problem = Get-Problem ('{"title": "t", "description": "d", "method": [], "steady-state-hypothesis": {"title": "h", "probes": [{"type": "probe", "name": "p", "tolerance": ' + $tolerance + ', "provider": {"type": "process", "path": "dotnet"}}]}}')
        $problem.Message | Should -BeLike 'hypothesis probe tolerance JSON path $.a.a.a*... (100001 characters) is invalid'
    }
}

Describe 'The cmdlet' {
    It 'writes one [bool] per file matched by a wildcard' {
        $results = Test-ChaosExperiment -Path (Join-Path $Fixtures 'valid.*')
        $results | Should -HaveCount 2
        $results | Should -Be @($true, $true)
    }

    It 'writes ChaosPixie.ExperimentProblem objects with -Detailed, shown by the experiment view' {
        $problem = Get-Problem '{"title": "t", "description": "d"}'
        $problem.PSObject.TypeNames[0] | Should -Be 'ChaosPixie.ExperimentProblem'
        $problem.Path | Should -Exist
        ($problem | Format-Table | Out-String -Width 400) | Should -BeLike '*Severity*Source*JsonPath*Message*an experiment requires a method*'
    }

    It 'writes severity and source by name to JSON and CSV' {
        $problem = Get-Problem '{"title": "t", "description": "d"}'
        $json = $problem | ConvertTo-Json | ConvertFrom-Json
        $json.Severity | Should -BeExactly 'Error'
        $json.Source | Should -BeExactly 'Upstream'
        ($problem | ConvertTo-Csv | ConvertFrom-Csv).Severity | Should -BeExactly 'Error'
    }

    It 'tells why on the verbose stream when it returns $false' {
        $file = New-ExperimentFile '{"title": "t", "method": []}'
        $verbose = Test-ChaosExperiment -LiteralPath $file -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $verbose.Message | Should -BeLike '*$.description: experiment requires a description'
    }

    It 'takes files from the pipeline by property name' {
        $results = Get-ChildItem -LiteralPath $Fixtures -Filter 'valid.*' | Test-ChaosExperiment
        $results | Should -Be @($true, $true)
    }

    It 'reads -LiteralPath names with wildcard characters' {
        $file = Join-Path $TestDrive 'exp[1].json'
        Copy-Item -LiteralPath (Join-Path $Fixtures 'valid.json') -Destination $file
        Test-ChaosExperiment -LiteralPath $file | Should -BeTrue
    }

    It 'writes an ObjectNotFound error for a missing file and goes on with the others' {
        $missing = Join-Path $TestDrive 'missing.json'
        $results = Test-ChaosExperiment -LiteralPath $missing, (Join-Path $Fixtures 'valid.json') -ErrorVariable failures -ErrorAction SilentlyContinue
        $results | Should -Be $true
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ExperimentNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $missing
        $failures[0].Exception.Message | Should -BeLike 'Path "*missing.json" does not exist.*'
    }

    It 'writes ObjectNotFound for a directory, which is no experiment' {
        Test-ChaosExperiment -LiteralPath $TestDrive -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ExperimentNotFound,*'
        $failures[0].Exception.Message | Should -BeLike '*is a directory, not an experiment file.*'
    }

    It 'refuses a path on another provider with InvalidArgument' {
        Test-ChaosExperiment -LiteralPath 'Env:PATH' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ExperimentPathNotFileSystem,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'resolves relative process paths against the current location' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tools') -Force
        $tool = Join-Path $folder 'probe.sh'
        Set-Content -LiteralPath $tool -Value 'exit 0'
        if (-not $IsWindows) { & chmod +x $tool }
        $text = '{"title": "t", "description": "d", "method": [{"type": "probe", "name": "p", "provider": {"type": "process", "path": "./tools/probe.sh"}}]}'
        $file = New-ExperimentFile $text
        Push-Location $TestDrive
        try { Test-ChaosExperiment -LiteralPath $file | Should -Be (-not $IsWindows) } finally { Pop-Location }
    }
}
