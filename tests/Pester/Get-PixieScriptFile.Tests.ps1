# Get-PixieScriptFile: reading PxL files and the table names their px.display calls produce.
BeforeAll {
    Import-Module ChaosPixie -Force
    $script:folder = New-Item -ItemType Directory (Join-Path $TestDrive 'scripts')
    Set-Content (Join-Path $folder 'let.pxl') @'
import px
# px.display(df, "commented_out")
df = px.DataFrame(table='http_events', start_time='-5m')
px.display(df[df.latency > 10], 'let')
px.display(df)
px.display(df, name = "named")
px.display(df, table_name)
px.display(df, 'let')
'@
    Set-Content (Join-Path $folder 'other.pxl') 'px.display(px.DataFrame("conn_stats"), "conns")'
    Set-Content -LiteralPath (Join-Path $folder '[prod] http.pxl') "px.display(df, 'prod')"
}

Describe 'Get-PixieScriptFile' {
    It 'returns the path, name, text and table names of a script' {
        $file = Get-PixieScriptFile (Join-Path $folder 'let.pxl')
        $file.PSObject.TypeNames | Should -Contain 'ChaosPixie.PixieScriptFile'
        $file.Name | Should -Be 'let.pxl'
        $file.Path | Should -Be (Join-Path $folder 'let.pxl')
        $file.Script | Should -BeLike "import px*px.display(df, 'let')*"
    }

    It 'lists the names px.display gives, by position, by name= or the default output, once each, without comments' {
        (Get-PixieScriptFile (Join-Path $folder 'let.pxl')).TableNames | Should -Be @('let', 'output', 'named')
    }

    It 'expands wildcards' {
        (Get-PixieScriptFile (Join-Path $folder 'l*.pxl'), (Join-Path $folder 'o*')).Name | Should -Be @('let.pxl', 'other.pxl')
    }

    It 'takes -LiteralPath as written' {
        (Get-PixieScriptFile -LiteralPath (Join-Path $folder '[prod] http.pxl')).TableNames | Should -Be @('prod')
    }

    It 'takes paths from Get-ChildItem through the pipeline' {
        (Get-ChildItem $folder -Filter 'other.pxl' | Get-PixieScriptFile).TableNames | Should -Be @('conns')
    }

    It 'writes an ItemNotFound error per missing path and goes on with the others' {
        $missing = Join-Path $folder 'missing.pxl'
        $files = Get-PixieScriptFile $missing, (Join-Path $folder 'other.pxl') -ErrorVariable errors -ErrorAction SilentlyContinue
        $files.Name | Should -Be 'other.pxl'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ScriptFileNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be $missing
    }

    It 'writes an error for a -LiteralPath that does not exist' {
        $null = Get-PixieScriptFile -LiteralPath (Join-Path $folder 'l*.pxl') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ScriptFileNotFound,*'
    }

    It 'refuses a path that is not on the file system' {
        $null = Get-PixieScriptFile 'Env:\PATH' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFileSystem,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
