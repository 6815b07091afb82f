# Pixie times (TIME64NS) on rows: ISO 8601 UTC text in Export-Csv and ConvertTo-Csv, and still a time for what users
# do with $row.time_: comparisons with [datetime] and Get-Date values on either side (also in a time zone other than
# UTC), arithmetic, sorting to the nanosecond, format strings and Format-Table.
BeforeAll {
    Import-Module ChaosPixie -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Pwsh.psm1') -Force

    $script:emulator = Start-VizierEmulator -Scenario @{
        apiKey   = 'px-api-times'
        clusters = @(@{ id = '00112233-4455-6677-8899-aabbccddeeff'; name = 'times'; status = 'CS_HEALTHY' })
        tables   = @(@{
                name    = 'output'
                columns = @(
                    @{ name = 'time_'; type = 'TIME64NS'; semanticType = 'ST_TIME_NS' }
                    @{ name = 'n'; type = 'INT64'; semanticType = 'ST_NONE' }
                )
                # Two times 1 ns apart: the same 100 ns tick of .NET, told apart by the row.
                rows    = @(
                    , @(1690000000123456789, 1)
                    , @(1690000000123456788, 2)
                    , @(0, 3)
                )
            })
    }
    $script:connection = @{ ServerUrl = $emulator.Url; ApiKey = (ConvertTo-SecureString $emulator.ApiKey -AsPlainText -Force); ClusterId = '00112233-4455-6677-8899-aabbccddeeff' }
    $script:rows = @(Invoke-PixieScript 'px.display(df)' @connection)
    $script:folder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "times-$([guid]::NewGuid().ToString('N'))")
}

AfterAll {
    Stop-VizierEmulator $emulator
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
}

Describe 'Pixie times' {
    It 'are written by Export-Csv and ConvertTo-Csv as ISO 8601 UTC with nine fractional digits, in any culture' {
        $path = Join-Path $folder 'rows.csv'
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $rows | Export-Csv -LiteralPath $path
            $text = $rows | ConvertTo-Csv
        }
        finally { [cultureinfo]::CurrentCulture = $culture }
        (Get-Content -LiteralPath $path)[1..3] | Should -Be '"2023-07-22T04:26:40.123456789Z","1"', '"2023-07-22T04:26:40.123456788Z","2"', '"1970-01-01T00:00:00.000000000Z","3"'
        $text[1] | Should -Be '"2023-07-22T04:26:40.123456789Z","1"'
    }

    It 'read back by Import-Csv, parse as the same instant with [datetimeoffset] and [datetime]' {
        $path = Join-Path $folder 'back.csv'
        $rows | Export-Csv -LiteralPath $path
        $back = @(Import-Csv -LiteralPath $path)
        # .NET keeps 100 ns ticks and rounds the ninth digit's remainder; the row truncates.
        [math]::Abs(([datetimeoffset]$back[0].time_).UtcTicks - $rows[0].time_.ToDateTimeOffset().UtcTicks) | Should -BeLessOrEqual 1
        [math]::Abs((([datetime]$back[0].time_).ToUniversalTime() - $rows[0].time_.UtcDateTime).Ticks) | Should -BeLessOrEqual 1
        $rows[2].time_ -eq [datetime]$back[2].time_ | Should -BeTrue
    }

    It 'compare, subtract and add with [datetime], Get-Date and [timespan] values' {
        $utc = [datetime]::new(2023, 7, 22, 4, 26, 40, [DateTimeKind]::Utc)
        $rows[0].time_ -gt $utc | Should -BeTrue
        $rows[0].time_ -lt $utc.AddSeconds(1) | Should -BeTrue
        $rows[0].time_ -lt (Get-Date) | Should -BeTrue
        (Get-Date) -gt $rows[0].time_ | Should -BeTrue
        $rows[0].time_ -gt [datetimeoffset]::UnixEpoch | Should -BeTrue
        ($rows[0].time_ - $utc).Ticks | Should -Be 1234567
        ($rows[0].time_ - $rows[1].time_) | Should -Be ([timespan]::Zero)
        "$($rows[0].time_ + [timespan]::FromMinutes(1))" | Should -Be '2023-07-22T04:27:40.123456789Z'
        "$($rows[0].time_ - (New-TimeSpan -Hours 1))" | Should -Be '2023-07-22T03:26:40.123456789Z'
        [datetime]$rows[0].time_ | Should -Be $utc.AddTicks(1234567).ToLocalTime()
        (Get-Date -Date $rows[0].time_).ToUniversalTime() | Should -Be $utc.AddTicks(1234567)
    }

    It 'compare with local [datetime] and Get-Date values on either side in a time zone other than UTC' {
        $check = @'
Import-Module ChaosPixie
$c = @{ ServerUrl = $env:TIMES_URL; ApiKey = (ConvertTo-SecureString 'px-api-times' -AsPlainText -Force); ClusterId = '00112233-4455-6677-8899-aabbccddeeff' }
$t = (Invoke-PixieScript 'px.display(df)' @c | Select-Object -First 1).time_
$local = [datetime]::new(2023, 7, 22, 0, 26, 40, [DateTimeKind]::Local)   # 04:26:40Z in New York (EDT)
[ordered]@{
    Offset = [TimeZoneInfo]::Local.GetUtcOffset($local).TotalHours
    RowAfterLocal = $t -gt $local; LocalBeforeRow = $local -lt $t; RowBeforeLocalPlus1s = $t -lt $local.AddSeconds(1)
    LocalPlus1sAfterRow = $local.AddSeconds(1) -gt $t; RowMinusLocalMs = ($t - $local).TotalMilliseconds
    NowAfterRow = (Get-Date) -gt $t; RowBeforeNow = $t -lt (Get-Date); AgeDays = ((Get-Date) - $t).TotalDays -gt 1000
} | ConvertTo-Json -Compress
'@
        $previous = $env:TZ, $env:TIMES_URL
        try {
            $env:TZ = 'America/New_York'
            $env:TIMES_URL = $emulator.Url
            $result = Invoke-Pwsh '-NoProfile', '-NonInteractive', '-Command', $check | Select-Object -Last 1 | ConvertFrom-Json
        }
        finally { $env:TZ, $env:TIMES_URL = $previous }
        $result.Offset | Should -Be -4
        $result.RowAfterLocal | Should -BeTrue
        $result.LocalBeforeRow | Should -BeTrue
        $result.RowBeforeLocalPlus1s | Should -BeTrue
        $result.LocalPlus1sAfterRow | Should -BeTrue
        $result.RowMinusLocalMs | Should -Be 123.4567
        $result.NowAfterRow | Should -BeTrue
        $result.RowBeforeNow | Should -BeTrue
        $result.AgeDays | Should -BeTrue
    }

    It 'sort to the nanosecond, and give their minimum and maximum' {
        ($rows | Sort-Object time_).n | Should -Be 3, 2, 1
        ($rows | Sort-Object time_ -Descending).n | Should -Be 1, 2, 3
        "$(($rows | Measure-Object time_ -Maximum).Maximum)" | Should -Be '2023-07-22T04:26:40.123456789Z'
    }

    It 'format as dates with format strings, and as ISO text in Format-Table' {
        '{0:yyyy-MM-dd HH:mm:ss}' -f $rows[0].time_ | Should -Be '2023-07-22 04:26:40'
        $rows[0].time_.ToString('HH:mm', [cultureinfo]::InvariantCulture) | Should -Be '04:26'
        ($rows | Format-Table time_, n | Out-String) | Should -Match '2023-07-22T04:26:40\.123456789Z +1'
    }

    It 'give ConvertTo-Json the exact nanoseconds and the UTC time' {
        $json = $rows[0] | ConvertTo-Json | ConvertFrom-Json
        $json.time_.UnixNanoseconds | Should -Be 1690000000123456789
        $json.time_.UtcDateTime | Should -Be ([datetime]::new(2023, 7, 22, 4, 26, 40, [DateTimeKind]::Utc).AddTicks(1234567))
    }
}
