# What an administrator meets in the shell: pipelines, progress, manifest. Imported through the manifest (TestSetup.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $script:Guide = 'User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail'
    # A closed port: a test that reached AWS would fail with a connection error, not the result it expects.
    $script:Offline = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'not-a-secret'; Region = 'us-east-1'; EndpointUrl = 'http://127.0.0.1:9' }

    function Write-Log([string] $Path, [string] $User, [int] $Count = 1) {
        New-Item -ItemType Directory -Force -Path (Split-Path $Path) | Out-Null
        $records = foreach ($i in 1..$Count) {
            @{
                eventVersion = '1.09'; eventTime = '2026-11-20T10:00:00Z'; eventSource = 'cloudtrail.amazonaws.com'; eventName = 'GetTrailStatus'
                awsRegion = 'us-east-1'; eventID = [guid]::NewGuid().ToString(); recipientAccountId = '123456789012'
                userIdentity = @{ type = 'IAMUser'; arn = "arn:aws:iam::123456789012:user/$User"; accountId = '123456789012' }
                errorCode = 'AccessDenied'
                errorMessage = "User: arn:aws:iam::123456789012:user/$User is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail"
            }
        }
        Set-Content -LiteralPath $Path -Value (@{ Records = @($records) } | ConvertTo-Json -Depth 6 -Compress)
    }

    $script:Logs = Join-Path $TestDrive 'AWSLogs'
    Write-Log (Join-Path $script:Logs '123456789012/CloudTrail/us-east-1/2026/11/20/a.json') mateojackson 2
    Write-Log (Join-Path $script:Logs '123456789012/CloudTrail/us-east-1/2026/11/21/b.json') ana 1

    # Runs a script in a fresh runspace of this process with the module imported, and returns its streams.
    function Invoke-InRunspace([string] $Script) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$($script:ModuleManifest)'`n$Script")
            $output = $shell.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($shell.Streams.Progress); Errors = @($shell.Streams.Error) }
        }
        finally { $shell.Dispose() }
    }
}

Describe 'Pipelines connect' {
    It 'binds a folder path string from the pipeline to Get-CloudTrailAccessDenied -Path' {
        $groups = $script:Logs | Get-CloudTrailAccessDenied
        $groups | Should -HaveCount 2
        ($groups | Measure-Object Count -Sum).Sum | Should -Be 3
    }

    It 'binds -Path by property name from FullName' {
        $groups = Get-Item $script:Logs | Select-Object FullName | Get-CloudTrailAccessDenied
        $groups | Should -HaveCount 2
        $files = Get-ChildItem $script:Logs -Recurse -File -Filter *.json | Get-CloudTrailAccessDenied -NoGroup
        $files | Should -HaveCount 3
    }

    It 'searches a folder given to Resolve-CloudTrailAccessError -Path like Get-CloudTrailAccessDenied does' {
        $diagnoses = Resolve-CloudTrailAccessError -Path $script:Logs
        $diagnoses | Should -HaveCount 3
        $diagnoses.PrincipalName | Sort-Object -Unique | Should -Be @('ana', 'mateojackson')
        Resolve-CloudTrailAccessError -LiteralPath $script:Logs | Should -HaveCount 3
    }

    It 'sends access-denied groups into Grant-CloudTrailPermission -WhatIf through each group''s diagnosis' {
        # Offline (a closed endpoint), -WhatIf still reads the principal from IAM: one connection error per group shows each
        # group was bound and processed; unbound input would be one InputObjectNotBound error instead.
        Get-CloudTrailAccessDenied -Path $script:Logs | Grant-CloudTrailPermission -WhatIf @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue 3>$null
        $failures | Should -HaveCount 2
        $failures.FullyQualifiedErrorId | Should -Not -BeLike 'InputObjectNotBound*'
        $failures.Exception.Message | Should -Match 'GetUser'
    }
}

Describe 'Progress' {
    It 'reports files and records read while Get-CloudTrailAccessDenied reads logs, and clears it at the end' {
        $run = Invoke-InRunspace "`$ProgressPreference = 'Continue'; Get-CloudTrailAccessDenied -Path '$($script:Logs)'"
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -HaveCount 2
        $run.Progress | Should -Not -BeNullOrEmpty
        $run.Progress[0].Activity | Should -BeLike 'Get-CloudTrailAccessDenied*log files*'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
        ($run.Progress | Where-Object RecordType -EQ 'Processing' | Select-Object -Last 1).StatusDescription | Should -Match '\d+ file\(s\), \d+ record\(s\) read'
    }

    It 'writes no progress under $ProgressPreference = SilentlyContinue' {
        $run = Invoke-InRunspace "`$ProgressPreference = 'SilentlyContinue'; Get-CloudTrailAccessDenied -Path '$($script:Logs)'"
        $run.Output | Should -HaveCount 2
        $run.Progress | Should -BeNullOrEmpty
    }
}

Describe 'Manifest' {
    It 'requires AWS.Tools.Common 5.x: a 6.0 cannot satisfy RequiredModules' {
        $manifest = Import-PowerShellDataFile $script:ModuleManifest
        $required = $manifest.RequiredModules | Where-Object ModuleName -EQ 'AWS.Tools.Common'
        $required.ModuleVersion | Should -Be '5.0.0'
        [version]$required.MaximumVersion | Should -BeLessThan ([version]'6.0')

        # A module path holding only an AWS.Tools.Common 6.0.0: the import must refuse it.
        $folder = Join-Path $TestDrive 'only-6/AWS.Tools.Common/6.0.0'
        New-Item -ItemType Directory -Force $folder | Out-Null
        "@{ ModuleVersion = '6.0.0'; GUID = '$([guid]::NewGuid())' }" | Set-Content (Join-Path $folder 'AWS.Tools.Common.psd1')
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = Join-Path $TestDrive 'only-6'
            $run = Invoke-InRunspace 'Get-Module AWS.Tools.Common'
        }
        finally { $env:PSModulePath = $saved }
        $run.Errors | Should -Not -BeNullOrEmpty
        ($run.Errors | Out-String) | Should -Match 'AWS\.Tools\.Common'
    }
}

Describe 'Default table views read at 80 and 160 columns' {
    BeforeAll {
        # Objects carrying each output type's name select its default view; the values are long, realistic ones.
        $trail = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/organization-audit-trail'
        $script:Samples = @{
            'Diagnostics.AccessErrorDiagnosis' = [pscustomobject]@{ Kind = 'ServiceLinkedRoleMissing'; PrincipalName = 'mateojackson'; Action = 'cloudtrail:GetTrailStatus'; ActionIsKnown = $true; Resource = $trail }
            'Grants.PermissionGrantResult' = [pscustomobject]@{ Change = 'WouldChange'; PrincipalType = 'User'; PrincipalName = 'mateojackson'; PolicyType = 'Managed'; PolicyName = 'CloudTrailIamTools-ReadOnly-mateojackson'; Actions = @('cloudtrail:GetTrailStatus', 'cloudtrail:DescribeTrails') }
            'Grants.CrossAccountRoleResult' = [pscustomobject]@{ Change = 'WouldChange'; RoleArn = 'arn:aws:iam::123456789012:role/CloudTrailLogReader'; TrustedAccountIds = @('111122223333', '444455556666'); ExternalIdRequired = $true; MfaRequired = $true }
            'OrganizationTrails.OrganizationTrailCheckResult' = [pscustomobject]@{ Check = 'ServiceLinkedRole'; Status = 'Failed'; ErrorCode = 'AWSOrganizationsNotInUseException'; Detail = 'The account is not a member of an organization, so no organization trail can be created.' }
            'Evaluation.EvaluationResult' = [pscustomobject]@{ Decision = 'ExplicitDeny'; DeniedBy = @('PermissionsBoundary'); Action = 'cloudtrail:GetTrailStatus'; Resource = $trail }
            'Live.LivePermissionResult' = [pscustomobject]@{ Decision = 'ImplicitDeny'; DeniedBy = @('IdentityBased'); SimulatorDecision = 'ImplicitDeny'; SimulatorAgrees = $true; Action = 'cloudtrail:GetTrailStatus'; Resource = $trail }
            'Evaluation.ScenarioResult' = [pscustomobject]@{ Scenario = 'ConfigureCloudWatchLogs'; Decision = 'ImplicitDeny'; MissingPermissions = @('iam:PassRole', 'logs:CreateLogGroup'); Principal = 'arn:aws:iam::123456789012:user/mateojackson' }
            'AccessDenied.AccessDeniedGroup' = [pscustomobject]@{ Count = 1234; LastSeen = [DateTimeOffset]'2026-11-20T12:00:00Z'; PrincipalArn = 'arn:aws:iam::123456789012:user/mateojackson'; Diagnosis = @{ PrincipalName = 'mateojackson' }; Action = 'cloudtrail:GetTrailStatus'; Resource = $trail }
            'AccessDenied.AccessDeniedEvent' = [pscustomobject]@{ EventTime = [DateTimeOffset]'2026-11-20T12:00:00Z'; PrincipalArn = 'arn:aws:iam::123456789012:user/mateojackson'; Diagnosis = @{ PrincipalName = 'mateojackson' }; Action = 'cloudtrail:GetTrailStatus'; Resource = $trail }
        }
        foreach ($name in $script:Samples.Keys) { $script:Samples[$name].PSTypeNames.Insert(0, "CloudTrailIamTools.Core.$name") }

        # The header line is the one above the dashes; a column runs from its dashes to the next column's (the last to the
        # screen edge; the first, which may be right-aligned, from the left edge).
        function Get-TableShape([string] $Text, [int] $Width) {
            $lines = $Text -split "`r?`n"
            $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\s*-+( +-+)*\s*$' })
            $runs = @([regex]::Matches($lines[$dashes], '-+'))
            $columns = for ($i = 0; $i -lt $runs.Count; $i++) {
                $start = if ($i -eq 0) { 0 } else { $runs[$i].Index }
                $end = if ($i -eq $runs.Count - 1) { $Width } else { $runs[$i + 1].Index - 1 }
                $end - $start
            }
            [pscustomobject]@{ Lines = $lines; Header = $lines[$dashes - 1]; Columns = $columns }
        }
    }

    It '<Type> at <Width> columns: every column shown, none narrower than 6, nothing cut, no line wider than the screen' -ForEach @(
        foreach ($type in 'Diagnostics.AccessErrorDiagnosis', 'Grants.PermissionGrantResult', 'Grants.CrossAccountRoleResult', 'OrganizationTrails.OrganizationTrailCheckResult',
            'Evaluation.EvaluationResult', 'Live.LivePermissionResult', 'Evaluation.ScenarioResult', 'AccessDenied.AccessDeniedGroup', 'AccessDenied.AccessDeniedEvent') {
            foreach ($width in 80, 160) { @{ Type = $type; Width = $width } }
        }
    ) {
        $sample = $script:Samples[$Type]
        $view = Get-FormatData -TypeName "CloudTrailIamTools.Core.$Type" -PowerShellVersion $PSVersionTable.PSVersion |
            ForEach-Object FormatViewDefinition | Where-Object { $_.Control -is [System.Management.Automation.TableControl] }
        $labels = $view.Control.Headers.Label
        $labels | Should -Not -BeNullOrEmpty

        $shape = Get-TableShape ($sample | Format-Table | Out-String -Width $Width) $Width
        foreach ($label in $labels) { $shape.Header | Should -Match "\b$([regex]::Escape($label))\b" }
        $shape.Columns | Should -HaveCount $labels.Count
        $shape.Columns | ForEach-Object { $_ | Should -BeGreaterOrEqual 6 }
        $shape.Lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width }
        ($shape.Lines -join "`n") | Should -Not -Match '…'
    }

    It 'shows Grant''s policy name whole at 160 columns' {
        $text = $script:Samples['Grants.PermissionGrantResult'] | Format-Table | Out-String -Width 160
        $text | Should -Match 'CloudTrailIamTools-ReadOnly-mateojackson'
    }
}

Describe 'Completers' {
    It 'completes -Region from the SDK''s Region list' {
        $line = 'Test-CloudTrailPermission -PrincipalArn arn:aws:iam::123456789012:user/a -Action cloudtrail:GetTrail -Region eu-we'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain 'eu-west-1'
        $completions.CompletionText | ForEach-Object { $_ | Should -BeLike 'eu-we*' }
    }

    It 'completes -ProfileName from the shared credentials file, and from -ProfileLocation' {
        $credentials = Join-Path $TestDrive 'credentials'
        "[audit-readonly]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = x`n[audit admin]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = x`n[other]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = x" |
            Set-Content $credentials
        $saved = $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE
        try {
            $env:AWS_SHARED_CREDENTIALS_FILE = $credentials
            $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
            $line = 'Get-CloudTrailAccessDenied -ProfileName aud'
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.CompletionText | Should -Be @("'audit admin'", 'audit-readonly')
        }
        finally { $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE = $saved }

        $line = "Repair-OrganizationTrailSlr -ProfileLocation '$credentials' -ProfileName oth"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'other'
    }
}

Describe 'Connection parameters where no AWS call is made' {
    It '<Name> warns the same way for each connection parameter it will not use' -ForEach @(
        @{ Name = 'Resolve-CloudTrailAccessError (no -Decode)'; Command = { Resolve-CloudTrailAccessError $script:Guide -Region eu-west-1 -ProfileName audit -WarningVariable w 3>$null; $w } }
        @{ Name = 'Test-CloudTrailPermission (offline)'; Command = { Test-CloudTrailPermission -PrincipalArn arn:aws:iam::123456789012:user/a -Action cloudtrail:GetTrail -PolicyDocument '{"Version":"2012-10-17","Statement":[]}' -Region eu-west-1 -ProfileName audit -WarningVariable w 3>$null; $w } }
        @{ Name = 'Get-CloudTrailAccessDenied -Path'; Command = { Get-CloudTrailAccessDenied -Path $script:Logs -Region eu-west-1 -ProfileName audit -WarningVariable w 3>$null; $w } }
    ) {
        $output = & $Command
        $warnings = @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $results = @($output | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
        $results | Should -Not -BeNullOrEmpty
        $warnings | Should -HaveCount 2
        $warnings[0].Message | Should -Match '^-ProfileName is ignored: \S+ calls AWS only .+\.$'
        $warnings[1].Message | Should -Match '^-Region is ignored: \S+ calls AWS only .+\.$'
    }

    It 'does not warn where the connection is used (Resolve-CloudTrailAccessError -Decode)' {
        $diagnosis = Resolve-CloudTrailAccessError $script:Guide -Decode -Region eu-west-1 -WarningVariable w 3>$null
        $diagnosis | Should -Not -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
    }
}

Describe 'Output a script can consume' {
    It 'the documented nightly JSON report (Get-CloudTrailAccessDenied example 4) carries enum names, not numbers' {
        $help = Get-Help Get-CloudTrailAccessDenied -Examples
        $example = $help.examples.example | Where-Object title -Match 'nightly report as JSON'
        $example.code | Should -Match 'ConvertTo-Json .*-EnumsAsStrings'

        $json = Get-CloudTrailAccessDenied -Path $script:Logs | ConvertTo-Json -Depth 5 -EnumsAsStrings
        $report = $json | ConvertFrom-Json
        $report | Should -HaveCount 2
        $report[0].Diagnosis.Kind | Should -Be 'NotAuthorized'
        $report[0].Diagnosis.PrincipalType | Should -Be 'User'
    }

    It 'Export-Csv of diagnoses and of permission check results writes list values, not System.String[]' {
        $csv = Join-Path $TestDrive 'diagnoses.csv'
        Resolve-CloudTrailAccessError $script:Guide | Export-Csv -NoTypeInformation $csv
        $row = Import-Csv $csv
        $row | Should -Not -BeNullOrEmpty
        $row.Remediation | Should -Match '^1?\.?\s*Allow cloudtrail:GetTrailStatus|Allow cloudtrail:GetTrailStatus'
        $row.SuggestedManagedPolicies | Should -Match '^arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess arn:aws:iam::aws:policy/'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.String\[\]|System\.Collections\.Generic'

        $check = Test-CloudTrailPermission -PrincipalArn arn:aws:iam::123456789012:user/a -Action cloudtrail:GetTrailStatus -PolicyDocument '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:Get*","Resource":"*"}]}'
        $row = $check | ConvertTo-Csv | ConvertFrom-Csv
        $row.AllowedBy | Should -Be 'IdentityBased'
        ($check | ConvertTo-Csv) -join "`n" | Should -Not -Match 'System\.Collections\.Generic|System\.String\[\]'
    }

    It 'keeps list properties lists for scripts and JSON' {
        $diagnosis = Resolve-CloudTrailAccessError $script:Guide
        $diagnosis.SuggestedManagedPolicies.Count | Should -BeGreaterThan 1
        $diagnosis.SuggestedManagedPolicies[0] | Should -Be 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess'
        ($diagnosis | ConvertTo-Json -Depth 3 | ConvertFrom-Json).SuggestedManagedPolicies | Should -HaveCount $diagnosis.SuggestedManagedPolicies.Count
    }

    It 'lists every list property of every output type in CloudTrailIamTools.Types.ps1xml' {
        $types = Get-Command -Module CloudTrailIamTools | ForEach-Object OutputType | ForEach-Object Type | Sort-Object FullName -Unique
        $types | Should -Not -BeNullOrEmpty
        foreach ($type in $types) {
            $lists = $type.GetProperties() | Where-Object { $_.PropertyType -ne [string] -and [System.Collections.IEnumerable].IsAssignableFrom($_.PropertyType) }
            $members = (Get-TypeData $type.FullName).Members.Keys
            foreach ($list in $lists) { $members | Should -Contain $list.Name -Because "$($type.Name).$($list.Name) is a list" }
        }
    }
}
