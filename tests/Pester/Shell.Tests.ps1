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
