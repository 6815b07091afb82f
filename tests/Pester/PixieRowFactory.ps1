# Builds real ChaosPixie.PixieRow objects (the engine's own row types, made from a relation and decoded column
# arrays, as the batch decoder makes them) for tests of cmdlets that take rows. The engine lives in a private
# load context that PowerShell's type names cannot reach, so its types are found through its assembly, which the
# module's resolver hands to the default context on request.
# Dot-source it after Import-Module ChaosPixie. Once Invoke-PixieScript and the Vizier emulator land, tests
# that need rows from the wire should take them from there.

function Get-ChaosPixieEngine {
    [Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([Reflection.AssemblyName] 'ChaosPixie.Engine')
}

function New-PixieTestRow {
    param(
        [Parameter(Mandatory)] [string] $Table,
        # One hashtable per column: Name, DataType (Int64, Float64, String, ...), SemanticType (None, DurationNS, ...).
        [Parameter(Mandatory)] [hashtable[]] $Column,
        # One typed array per column, all of the same length, e.g. [long[]] (1, 2), [string[]] ('a', 'b').
        [Parameter(Mandatory)] [Array[]] $Data
    )

    $engine = Get-ChaosPixieEngine
    $columnType = $engine.GetType('ChaosPixie.Engine.Pixie.PixieColumn', $true)
    $columns = [Array]::CreateInstance($columnType, $Column.Count)
    for ($i = 0; $i -lt $Column.Count; $i++) {
        $dataType = [Enum]::Parse($engine.GetType('ChaosPixie.Engine.Pixie.PixieDataType', $true), $Column[$i].DataType)
        $semanticType = [Enum]::Parse($engine.GetType('ChaosPixie.Engine.Pixie.PixieSemanticType', $true), $Column[$i].SemanticType ?? 'None')
        $columns[$i] = [Activator]::CreateInstance($columnType, @($Column[$i].Name, $dataType, $semanticType, ''))
    }

    $tableType = $engine.GetType('ChaosPixie.Engine.Pixie.PixieTable', $true)
    $flags = [Reflection.BindingFlags]'NonPublic, Instance'
    $pixieTable = $tableType.GetConstructors($flags)[0].Invoke(@('1', $Table, $columns))
    $factory = $tableType.GetProperty('Shape', $flags).GetValue($pixieTable).Factory
    for ($row = 0; $row -lt $Data[0].Length; $row++) {
        $factory.Invoke($pixieTable, $Data, $row)
    }
}

# A quantiles value as Pixie sends it (JSON text, durations in ns), parsed by the engine.
function New-PixieTestQuantiles([string] $Json) {
    $engine = Get-ChaosPixieEngine
    $engine.GetType('ChaosPixie.Engine.Pixie.PixieQuantiles', $true).GetMethod('Parse').Invoke($null, @($Json))
}
