BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Guide = 'User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail'
}

Describe 'Resolve-CloudTrailAccessError' {
    Context 'Parameter binding' {
        It 'takes a message by position' {
            $d = Resolve-CloudTrailAccessError $script:Guide
            $d.Kind | Should -Be 'NotAuthorized'
            $d.PrincipalName | Should -Be 'mateojackson'
            $d.Action | Should -Be 'cloudtrail:GetTrailStatus'
        }

        It 'takes messages from the pipeline, one diagnosis each, in order' {
            $results = $script:Guide, 'Access Denied' | Resolve-CloudTrailAccessError
            $results.Kind | Should -Be @('NotAuthorized', 'AccessDenied')
        }

        It 'joins the lines of a wrapped message read by Get-Content into one diagnosis' {
            $file = Join-Path $TestDrive 'err.txt'
            Set-Content -LiteralPath $file -Value @(
                ''
                'An error occurred (AccessDeniedException) when calling the CreateTrail operation: User:'
                'arn:aws:iam::123456789012:user/bob is not authorized to perform:'
                'cloudtrail:CreateTrail with'
                'an explicit deny in a service control policy'
                ''
                ''
                'Access Denied'
            )
            $results = @(Get-Content -LiteralPath $file | Resolve-CloudTrailAccessError)
            $results.Count | Should -Be 2
            $results[0].PrincipalArn | Should -Be 'arn:aws:iam::123456789012:user/bob'
            $results[0].Action | Should -Be 'cloudtrail:CreateTrail'
            $results[0].PolicyType | Should -Be 'ServiceControl'
            $results[1].Kind | Should -Be 'AccessDenied'
        }

        It 'reads each -Message element given on the command line as a whole message' {
            $results = @(Resolve-CloudTrailAccessError -Message 'Access Denied', 'nothing to see here')
            $results.Count | Should -Be 2
            $results[1].Recognized | Should -BeFalse
        }

        It 'joins the lines of a native command''s 2>&1 output' -Skip:(-not (Get-Command sh -ErrorAction SilentlyContinue)) {
            $script = 'echo; echo "An error occurred (AccessDeniedException) when calling the GetTrail operation: User:" >&2; ' +
                'echo "arn:aws:iam::123456789012:user/bob is not authorized to perform:" >&2; echo "cloudtrail:GetTrail" >&2'
            $results = @(& sh -c $script 2>&1 | Resolve-CloudTrailAccessError)
            $results.Count | Should -Be 1
            $results[0].PrincipalArn | Should -Be 'arn:aws:iam::123456789012:user/bob'
            $results[0].Action | Should -Be 'cloudtrail:GetTrail'
            $results[0].ErrorCode | Should -Be 'AccessDeniedException'
        }

        It 'writes nothing for blank lines and does not fall back to $Error' {
            $results = @('', '   ', '' | Resolve-CloudTrailAccessError)
            $results.Count | Should -Be 0
        }

        It 'reads a pretty-printed event from Get-Content as one input' {
            $file = Join-Path $TestDrive 'pretty-event.txt'
            @{ eventSource = 'cloudtrail.amazonaws.com'; eventName = 'DescribeTrails'; errorCode = 'AccessDenied'; errorMessage = 'Access Denied'
               userIdentity = @{ arn = 'arn:aws:iam::123456789012:user/bob' } } | ConvertTo-Json | Set-Content -LiteralPath $file
            $d = Get-Content -LiteralPath $file | Resolve-CloudTrailAccessError
            @($d).Count | Should -Be 1
            $d.Action | Should -Be 'cloudtrail:DescribeTrails'
        }

        It 'takes ErrorRecords from the pipeline' {
            $record = [System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new($script:Guide), 'AccessDenied', 'InvalidOperation', $null)
            $d = $record | Resolve-CloudTrailAccessError
            $d.Source | Should -Be 'ErrorRecord'
            $d.Action | Should -Be 'cloudtrail:GetTrailStatus'
        }

        It 'takes exceptions and walks to the service error code' {
            $service = [Amazon.Runtime.AmazonServiceException]::new('The management account does not have a service-linked role.')
            $service.ErrorCode = 'NoManagementAccountSLRExistsException'
            $d = Resolve-CloudTrailAccessError -Exception ([System.InvalidOperationException]::new($service.Message, $service))
            $d.Kind | Should -Be 'ServiceLinkedRoleMissing'
        }

        It 'takes CloudTrail events from ConvertFrom-Json' {
            $record = '{"eventSource":"cloudtrail.amazonaws.com","eventName":"DescribeTrails","eventTime":"2026-11-20T10:00:00Z","errorCode":"AccessDenied","errorMessage":"Access Denied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/bob"}}' | ConvertFrom-Json
            $d = $record | Resolve-CloudTrailAccessError
            $d.Action | Should -Be 'cloudtrail:DescribeTrails'
            $d.PrincipalName | Should -Be 'bob'
        }

        It 'reads log files by -Path and -LiteralPath' {
            $file = Join-Path $TestDrive 'log.json'
            '{"Records":[{"eventSource":"cloudtrail.amazonaws.com","eventName":"GetTrail","errorCode":"AccessDenied","errorMessage":"Access Denied"}]}' | Set-Content $file
            (Resolve-CloudTrailAccessError -Path (Join-Path $TestDrive '*.json')).Action | Should -Be 'cloudtrail:GetTrail'
            (Resolve-CloudTrailAccessError -LiteralPath $file).Action | Should -Be 'cloudtrail:GetTrail'
        }

        It 'diagnoses the newest error in $Error when given nothing' {
            try { throw $script:Guide } catch { }
            $d = Resolve-CloudTrailAccessError
            $d.Action | Should -Be 'cloudtrail:GetTrailStatus'
        }
    }

    Context 'Errors' {
        It 'writes a non-terminating PathNotFound error per missing path and goes on' {
            $file = Join-Path $TestDrive 'ok.json'
            '{"Records":[{"eventSource":"cloudtrail.amazonaws.com","eventName":"GetTrail","errorCode":"AccessDenied","errorMessage":"Access Denied"}]}' | Set-Content $file
            $results = Resolve-CloudTrailAccessError -Path (Join-Path $TestDrive 'missing.json'), $file -ErrorVariable failures -ErrorAction SilentlyContinue
            $results | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        }

        It 'reports a corrupt gzip file as LogFileCorruptGzip naming the file, as Get-CloudTrailAccessDenied does' {
            $file = Join-Path $TestDrive 'bad.json.gz'
            'not gzip' | Set-Content $file
            Resolve-CloudTrailAccessError -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'LogFileCorruptGzip*'
            $failures[0].TargetObject | Should -Be $file
        }
    }

    Context 'Output' {
        It 'returns the documented type with a default view' {
            $d = Resolve-CloudTrailAccessError $script:Guide
            $d | Should -BeOfType ([CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis])
            ($d | Format-Table | Out-String) | Should -Match 'NotAuthorized'
        }
    }
}
