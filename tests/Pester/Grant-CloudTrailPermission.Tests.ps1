BeforeDiscovery {
    # Live tests need moto_server (pip install "moto[server]"); without it only the offline tests run.
    $script:HasMoto = [bool](Get-Command moto_server -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Command = Get-Command Grant-CloudTrailPermission
    $script:Scp = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in a service control policy'
    $script:Boundary = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main because no permissions boundary allows the cloudtrail:StopLogging action'
    # A closed port: a test that reached AWS would fail with a connection error, not the error it expects.
    $script:Offline = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'not-a-secret'; Region = 'us-east-1'; EndpointUrl = 'http://127.0.0.1:9' }
}

Describe 'Grant-CloudTrailPermission' {
    Context 'Declaration' {
        It 'supports -WhatIf and -Confirm with ConfirmImpact Medium and has -Force' {
            $script:Command.Parameters.Keys | Should -Contain 'WhatIf'
            $script:Command.Parameters.Keys | Should -Contain 'Confirm'
            $script:Command.Parameters['Force'].ParameterType | Should -Be ([switch])
            $script:Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
        }

        It 'binds <Name> from the pipeline by property name' -ForEach @(
            @{ Name = 'UserName' }, @{ Name = 'RoleName' }, @{ Name = 'GroupName' }
        ) {
            $attribute = $script:Command.Parameters[$Name].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
            $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
            $attribute.Mandatory | Should -BeTrue
        }

        It 'binds diagnoses from the pipeline by value' {
            $parameter = $script:Command.Parameters['Diagnosis']
            $parameter.ParameterType | Should -Be ([CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis[]])
            ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -BeTrue
        }

        It 'offers ReadOnly and FullAccess for -AccessLevel' {
            [Enum]::GetNames([CloudTrailIamTools.Core.Grants.GrantAccessLevel]) | Should -Be @('ReadOnly', 'FullAccess')
        }

        It 'declares its output type' {
            $script:Command.OutputType.Type | Should -Contain ([CloudTrailIamTools.Core.Grants.PermissionGrantResult])
        }
    }

    Context 'Errors before any call' {
        It 'needs one of -AccessLevel, -Action or -Scenario' {
            { Grant-CloudTrailPermission -UserName ana @script:Offline } | Should -Throw -ErrorId 'GrantNotSpecified*'
            { Grant-CloudTrailPermission -UserName ana -AccessLevel ReadOnly -Scenario ViewTrails @script:Offline } | Should -Throw -ErrorId 'GrantAmbiguous*'
        }

        It 'refuses a diagnosis a grant cannot fix: <Reason>' -ForEach @(
            @{ Reason = 'ServiceControlPolicy'; Message = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in a service control policy' }
            @{ Reason = 'PermissionsBoundary'; Message = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main because no permissions boundary allows the cloudtrail:StopLogging action' }
            @{ Reason = 'ExplicitDeny'; Message = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in an identity-based policy' }
            @{ Reason = 'UnknownAction'; Message = 'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatuss on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main' }
        ) {
            $results = Resolve-CloudTrailAccessError $Message | Grant-CloudTrailPermission @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | Should -HaveCount 1
            $results | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike "GrantRefused.$Reason,*"
            $failures[0].TargetObject | Should -BeOfType ([CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis])
        }

        It 'writes one error per refused diagnosis and goes on with the next' {
            $null = Resolve-CloudTrailAccessError $script:Scp, $script:Boundary | Grant-CloudTrailPermission @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Be @('GrantRefused.ServiceControlPolicy', 'GrantRefused.PermissionsBoundary')
        }

        It 'refuses an unknown action and a wildcard' {
            Grant-CloudTrailPermission -UserName ana -Action cloudtrail:GetTrailStatuss -Resource '*' @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GrantRefused.UnknownAction,*'
            Grant-CloudTrailPermission -UserName ana -Action 'cloudtrail:*' -Resource '*' @script:Offline -ErrorVariable wildcard -ErrorAction SilentlyContinue
            $wildcard[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
        }
    }

    Context 'Against moto' -Skip:(-not $script:HasMoto) {
        BeforeAll {
            $script:Moto = Start-TestMoto
            $script:Aws = $script:Moto.Aws

            # A role to grant to, made with the module itself so no other tool is needed.
            $script:RoleName = 'pester-grant-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $script:Role = Grant-CloudTrailCrossAccountRole -TrustedAccountId 111122223333 -RoleName $script:RoleName -Confirm:$false @script:Aws
        }

        AfterAll {
            Stop-TestMoto $script:Moto
        }

        It '-WhatIf returns WouldChange with the exact document and changes nothing' {
            $preview = Grant-CloudTrailPermission -RoleName $script:RoleName -AccessLevel ReadOnly -WhatIf @script:Aws
            $preview.Change | Should -Be 'WouldChange'
            $preview.PolicyArn | Should -Be 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess'
            $preview.Document | Should -Match 'cloudtrail:LookupEvents'
            # Read back: had anything been attached, the second preview would say Unchanged.
            (Grant-CloudTrailPermission -RoleName $script:RoleName -AccessLevel ReadOnly -WhatIf @script:Aws).Change | Should -Be 'WouldChange'
        }

        It 'attaches once, then reports Unchanged' {
            (Grant-CloudTrailPermission -RoleName $script:RoleName -AccessLevel ReadOnly @script:Aws).Change | Should -Be 'Attached'
            (Grant-CloudTrailPermission -RoleName $script:RoleName -AccessLevel ReadOnly @script:Aws).Change | Should -Be 'Unchanged'
        }

        It 'binds RoleName from piped objects and merges into our inline policy' {
            $first = [pscustomobject]@{ RoleName = $script:RoleName } | Grant-CloudTrailPermission -Scenario LookupEvents @script:Aws
            $first.Change | Should -Be 'PutInline'
            $merged = [pscustomobject]@{ RoleName = $script:RoleName } | Grant-CloudTrailPermission -Scenario ConfigureCloudWatchLogs @script:Aws
            $merged.Change | Should -Be 'PutInline'
            $merged.PreviousDocument | Should -Match 'cloudtrail:LookupEvents'
            $merged.Document | Should -Match 'cloudtrail:LookupEvents'
            $merged.Document | Should -Match 'iam:PassedToService'
            ([pscustomobject]@{ RoleName = $script:RoleName } | Grant-CloudTrailPermission -Scenario LookupEvents @script:Aws).Change | Should -Be 'Unchanged'
        }

        It 'grants what a piped diagnosis of an assumed role found missing, to the role' {
            $message = "User: arn:aws:sts::123456789012:assumed-role/$($script:RoleName)/s1 is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main because no identity-based policy allows the cloudtrail:GetTrailStatus action"
            $result = Resolve-CloudTrailAccessError $message | Grant-CloudTrailPermission @script:Aws
            $result.PrincipalType | Should -Be 'Role'
            $result.PrincipalName | Should -Be $script:RoleName
            $result.Actions | Should -Be @('cloudtrail:GetTrailStatus')
        }

        It 'reports a missing identity as a non-terminating AwsServiceCallFailed error' {
            Grant-CloudTrailPermission -UserName 'no-such-user-here' -AccessLevel ReadOnly @script:Aws -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'AwsServiceCallFailed,*'
        }

        It 'has a default view' {
            (Grant-CloudTrailPermission -RoleName $script:RoleName -AccessLevel ReadOnly @script:Aws | Format-Table | Out-String) | Should -Match 'Unchanged'
        }
    }
}
