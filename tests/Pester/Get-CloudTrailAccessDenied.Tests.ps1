BeforeDiscovery {
    # The event-history tests host a local HTTP endpoint with HttpListener in a thread job: PowerShell 7 off Windows
    # (Windows needs a URL reservation for HttpListener, and Windows PowerShell 5.1 has no Start-ThreadJob by default).
    $script:CanHostListener = $PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows -and [bool](Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    function New-TestRecord([string] $Principal, [string] $Action, [string] $Time, [string] $ErrorCode) {
        $service, $name = $Action -split ':'
        $record = [ordered]@{
            eventVersion       = '1.09'
            userIdentity       = @{ type = 'IAMUser'; arn = $Principal; accountId = '111122223333' }
            eventTime          = $Time
            eventSource        = "$service.amazonaws.com"
            eventName          = $name
            awsRegion          = 'us-east-1'
            requestParameters  = @{ name = 'main' }
            eventID            = [guid]::NewGuid().ToString()
            recipientAccountId = '111122223333'
        }
        if ($ErrorCode) {
            $record.errorCode = $ErrorCode
            $record.errorMessage = "User: $Principal is not authorized to perform: $Action on resource: arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
        }
        $record
    }

    function Write-TestLog([string] $Path, [object[]] $Records) {
        New-Item -ItemType Directory -Force -Path (Split-Path $Path) | Out-Null
        $json = @{ Records = $Records } | ConvertTo-Json -Depth 10 -Compress
        if ($Path.EndsWith('.gz')) {
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
            $file = [System.IO.File]::Create($Path)
            $gzip = [System.IO.Compression.GZipStream]::new($file, [System.IO.Compression.CompressionMode]::Compress)
            $gzip.Write($bytes, 0, $bytes.Length)
            $gzip.Dispose(); $file.Dispose()
        }
        else {
            Set-Content -LiteralPath $Path -Value $json
        }
    }

    $script:Alice = 'arn:aws:iam::111122223333:user/alice'
    $script:Bob = 'arn:aws:iam::111122223333:user/bob'
    $script:Logs = Join-Path $TestDrive 'AWSLogs'
    Write-TestLog (Join-Path $script:Logs '111122223333/CloudTrail/us-east-1/2026/11/20/a.json.gz') @(
        (New-TestRecord $script:Alice 'cloudtrail:GetTrailStatus' '2026-11-20T10:00:00Z' 'AccessDenied'),
        (New-TestRecord $script:Bob 'cloudtrail:DescribeTrails' '2026-11-20T10:01:00Z' $null),
        (New-TestRecord $script:Alice 'cloudtrail:GetTrailStatus' '2026-11-20T12:00:00Z' 'AccessDenied'),
        (New-TestRecord $script:Bob 'ec2:RunInstances' '2026-11-20T13:00:00Z' 'Client.UnauthorizedOperation'))
    Write-TestLog (Join-Path $script:Logs 'o-abc123def4/111122223333/CloudTrail/eu-west-1/2026/11/19/b.json') @(
        (New-TestRecord $script:Alice 'cloudtrail:GetTrailStatus' '2026-11-19T09:00:00Z' 'AccessDenied'))
    'not a log' | Set-Content (Join-Path $script:Logs 'notes.txt')
}

Describe 'Get-CloudTrailAccessDenied' {
    Context 'Log files' {
        It 'groups the denials of a folder tree by principal and action' {
            $groups = Get-CloudTrailAccessDenied -Path $script:Logs
            $groups | Should -HaveCount 2
            $groups[0] | Should -BeOfType ([CloudTrailIamTools.Core.AccessDenied.AccessDeniedGroup])
            $groups[0].PrincipalArn | Should -Be $script:Alice
            $groups[0].Action | Should -Be 'cloudtrail:GetTrailStatus'
            $groups[0].Count | Should -Be 3
            $groups[0].FirstSeen | Should -Be ([DateTimeOffset]'2026-11-19T09:00:00Z')
            $groups[0].LastSeen | Should -Be ([DateTimeOffset]'2026-11-20T12:00:00Z')
            $groups[0].Diagnosis.Kind | Should -Be 'NotAuthorized'
            $groups[1].ErrorCode | Should -Be 'Client.UnauthorizedOperation'
        }

        It 'writes one event per denial with -NoGroup' {
            $events = Get-CloudTrailAccessDenied -Path $script:Logs -NoGroup
            $events | Should -HaveCount 4
            $events[0] | Should -BeOfType ([CloudTrailIamTools.Core.AccessDenied.AccessDeniedEvent])
            $events.Source | Should -Match '\.json(\.gz)?#\d+$'
        }

        It 'filters by principal name, action and time' {
            (Get-CloudTrailAccessDenied -Path $script:Logs -PrincipalArn bob -NoGroup) | Should -HaveCount 1
            (Get-CloudTrailAccessDenied -Path $script:Logs -Action 'CLOUDTRAIL:*' -NoGroup) | Should -HaveCount 3
            (Get-CloudTrailAccessDenied -Path $script:Logs -StartTime ([DateTime]::new(2026, 11, 20, 11, 0, 0, [DateTimeKind]::Utc)) -NoGroup) | Should -HaveCount 2
            (Get-CloudTrailAccessDenied -Path $script:Logs -EndTime ([DateTime]::new(2026, 11, 20, 0, 0, 0, [DateTimeKind]::Utc)) -NoGroup) | Should -HaveCount 1
        }

        It 'takes files from Get-ChildItem and makes one report of them' {
            $groups = Get-ChildItem $script:Logs -Recurse -File | Where-Object Name -Like '*.json*' | Get-CloudTrailAccessDenied
            ($groups | Where-Object PrincipalArn -EQ $script:Alice).Count | Should -Be 3
        }

        It 'takes principals from the Arn property of piped objects' {
            $groups = [pscustomobject]@{ Arn = $script:Bob } | Get-CloudTrailAccessDenied -Path $script:Logs
            $groups.PrincipalArn | Should -Be $script:Bob
        }

        It 'resolves wildcards in -Path and skips matched files that are not logs' {
            $events = Get-CloudTrailAccessDenied -Path (Join-Path $script:Logs '*') -NoGroup -ErrorVariable failures
            $events | Should -HaveCount 4
            $failures | Should -BeNullOrEmpty
        }
    }

    Context 'Errors' {
        It 'reports each unreadable file with a stable ErrorId and the file as target, and goes on' {
            $bad = Join-Path $TestDrive 'bad'
            New-Item -ItemType Directory -Force $bad | Out-Null
            $corrupt = Join-Path $bad 'corrupt.json.gz'
            $truncated = Join-Path $bad 'truncated.json'
            $other = Join-Path $bad 'policy.json'
            'not gzip' | Set-Content $corrupt
            '{"Records":[{"eventSource":"s3.amazonaws.com"' | Set-Content $truncated
            '{"Version":"2012-10-17","Statement":[]}' | Set-Content $other

            $groups = Get-CloudTrailAccessDenied -Path $script:Logs, $bad -ErrorVariable failures -ErrorAction SilentlyContinue

            $groups | Should -HaveCount 2
            $failures | Should -HaveCount 3
            ($failures | Where-Object TargetObject -EQ $corrupt).FullyQualifiedErrorId | Should -BeLike 'LogFileCorruptGzip*'
            ($failures | Where-Object TargetObject -EQ $truncated).FullyQualifiedErrorId | Should -BeLike 'LogFileInvalidJson*'
            ($failures | Where-Object TargetObject -EQ $other).FullyQualifiedErrorId | Should -BeLike 'LogFileNotCloudTrail*'
            ($failures | Where-Object TargetObject -EQ $other).CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'writes PathNotFound for a path that matches nothing' {
            Get-CloudTrailAccessDenied -Path (Join-Path $TestDrive 'nothing-here') -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        }

        It 'refuses an inverted time window before reading anything' {
            { Get-CloudTrailAccessDenied -Path $script:Logs -StartTime '2026-11-20' -EndTime '2026-11-01' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidInput*'
        }
    }

    Context 'Athena' {
        It 'writes the SQL with the filters, quoting values' {
            $query = Get-CloudTrailAccessDenied -AsAthenaQuery -TableName 'audit.trail' -PrincipalArn "o'brien" -Action 's3:*'
            $query | Should -BeOfType ([CloudTrailIamTools.Core.AccessDenied.AthenaQuery])
            $query.Sql | Should -Match 'FROM "audit"\."trail"'
            $query.Sql | Should -Match "LIKE 'o''brien' ESCAPE"
            $query.Sql | Should -Match 'GROUP BY 1, 2'
            ($query | Out-String) | Should -Match 'SELECT'
        }

        It 'warns that AWS parameters are ignored when no AWS call is made' {
            Get-CloudTrailAccessDenied -AsAthenaQuery -Region us-east-1 -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
            $warnings | Should -HaveCount 1
        }
    }

    Context 'Event history' -Skip:(-not $script:CanHostListener) {
        BeforeAll {
            $record = New-TestRecord $script:Alice 'cloudtrail:GetTrailStatus' '2026-11-20T10:00:00Z' 'AccessDenied' | ConvertTo-Json -Compress
            $body = @{ Events = @(@{ EventId = 'e1'; EventName = 'GetTrailStatus'; EventTime = 1763632800; CloudTrailEvent = $record }) } | ConvertTo-Json -Depth 5 -Compress
            $script:Port = Get-Random -Minimum 20000 -Maximum 40000
            $script:Listener = [System.Net.HttpListener]::new()
            $script:Listener.Prefixes.Add("http://127.0.0.1:$($script:Port)/")
            $script:Listener.Start()
            $script:Server = Start-ThreadJob -ArgumentList $script:Listener, $body -ScriptBlock {
                param($listener, $body)
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
                    $context.Response.ContentType = 'application/x-amz-json-1.1'
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    $context.Response.Close()
                }
            }
        }

        AfterAll {
            $script:Listener.Stop()
            $script:Server | Remove-Job -Force
        }

        It 'reads LookupEvents through -EndpointUrl with explicit credentials' {
            $groups = Get-CloudTrailAccessDenied -Region us-east-1 -EndpointUrl "http://127.0.0.1:$($script:Port)" -AccessKey AKIDEXAMPLE -SecretKey secret
            $groups.PrincipalArn | Should -Be $script:Alice
            $groups.Action | Should -Be 'cloudtrail:GetTrailStatus'
            $groups.Diagnosis.Source | Should -Be 'LookupEvents#e1'
        }
    }
}
