# Invoke-ChaosExperiment: configuration, secrets and their substitution, dynamic configuration, and YAML experiments.
# Each test runs a real experiment and reads the journal the run wrote; the shared fixtures are in TestHelpers.psm1.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Fixtures = Initialize-ExperimentFixture
}

Describe 'Settings, substitution and secrets' {
    It 'substitutes the title in the journal and arguments from configuration' {
        $run = Invoke-Experiment (New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${who}', 'n=${n}')) -Extra ([ordered]@{ title = 'Hello ${who}'; configuration = [ordered]@{ who = 'world'; n = 2 } }))
        $run.Journal.experiment.title | Should -Be 'Hello world'
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('world', 'n=2')
        # The record keeps the activity as written.
        $run.Journal.run[0].activity.provider.arguments | Should -Be @('${who}', 'n=${n}')
    }

    It 'masks secret values everywhere in the journal and in the output object' {
        $experiment = New-Experiment -Method (New-Activity 'leak' 'chaos-echo' @('${password}')) -Extra ([ordered]@{ secrets = @{ db = @{ password = 'hunter2-very-secret' } } })
        $run = Invoke-Experiment $experiment
        $run.Text | Should -Not -Match 'hunter2-very-secret'
        $run.Journal.run[0].output.stdout | Should -Be "***`n"
        $run.Journal.experiment.secrets.db.password | Should -Be '***'
        $run.Result.Run[0].output.stdout | Should -Be "***`n"
    }

    It 'overrides declared configuration with -Variable and -VariableFile; .env files feed env configuration' {
        $file = Join-Path $TestDrive 'vars.json'
        @{ configuration = @{ b = 'from-file' } } | ConvertTo-Json | Set-Content $file
        $envFile = Join-Path $TestDrive 'vars.env'
        "CHAOSPIXIE_TEST_FROM_DOTENV=from-dotenv`n" | Set-Content $envFile
        $experiment = New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${a}', '${b}', '${c}', '${undeclared}')) -Extra ([ordered]@{
                configuration = [ordered]@{ a = 'declared'; b = 'declared'; c = @{ type = 'env'; key = 'CHAOSPIXIE_TEST_FROM_DOTENV'; default = 'unset' } }
            })
        $run = Invoke-Experiment $experiment -Parameters @{ Variable = @{ a = 'from-var'; undeclared = 'ignored' }; VariableFile = $file, $envFile }
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('from-var', 'from-file', 'from-dotenv', '${undeclared}')
    }
}

Describe 'Dynamic configuration' {
    It 'runs configuration probes in order, before the journal starts, and drops a key whose probe exits non-zero' {
        $experiment = New-Experiment -Method (New-Activity 'say' 'chaos-echo' @('${greeting}', '${second}', '${broken}')) -Extra ([ordered]@{
                configuration = [ordered]@{
                    name     = 'world'
                    greeting = [ordered]@{ type = 'probe'; name = 'make-greeting'; provider = [ordered]@{ type = 'process'; path = 'chaos-echo'; arguments = @('hello-${name}') } }
                    second   = [ordered]@{ type = 'probe'; name = 'from-greeting'; provider = [ordered]@{ type = 'powershell'; script = 'param($g) "$g!"'; arguments = @{ g = '${greeting}' } } }
                    broken   = [ordered]@{ type = 'probe'; name = 'fails'; provider = [ordered]@{ type = 'process'; path = 'chaos-exit'; arguments = @(4) } }
                }
            })
        $run = Invoke-Experiment $experiment
        Get-Lines $run.Journal.run[0].output.stdout | Should -Be @('hello-world', 'hello-world!', '${broken}')
        $run.Journal.run | Should -HaveCount 1
        $run.Journal.status | Should -Be 'completed'
    }
}

Describe 'YAML experiments' {
    It 'runs a .yaml experiment like its JSON twin' {
        $path = Join-Path $Fixtures 'simple-experiment.yaml'
        $journal = Join-Path $TestDrive 'yaml.journal.json'
        $result = Invoke-ChaosExperiment -Path $path -JournalPath $journal -Dry Pause
        $result.Status | Should -Be 'completed'
        $json = Get-Content -Raw $journal | ConvertFrom-Json -DateKind String
        $json.steady_states.before.probes[0].tolerance_met | Should -BeTrue
        $json.run.activity.name | Should -Be @('say-hello')
        $json.experiment.tags | Should -Be @('process', 'yaml')
    }
}
