BeforeDiscovery {
    # Live tests need moto_server (pip install "moto[server]"); without it only the offline tests run.
    $script:HasMoto = [bool](Get-Command moto_server -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Command = Get-Command Grant-CloudTrailCrossAccountRole
    # A closed port: a test that reached AWS would fail with a connection error, not the error it expects.
    $script:Offline = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'not-a-secret'; Region = 'us-east-1'; EndpointUrl = 'http://127.0.0.1:9'; Confirm = $false }
}

Describe 'Grant-CloudTrailCrossAccountRole' {
    Context 'Declaration' {
        It 'supports -WhatIf and -Confirm with ConfirmImpact High and has -Force' {
            $script:Command.Parameters.Keys | Should -Contain 'WhatIf'
            $script:Command.Parameters['Force'].ParameterType | Should -Be ([switch])
            $script:Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        }

        It 'takes -TrustedAccountId by position and by property name' {
            $attribute = $script:Command.Parameters['TrustedAccountId'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
            $attribute.Position | Should -Be 0
            $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
        }

        It 'defaults the role name' {
            [CloudTrailIamTools.Core.Grants.CrossAccountRoleRequest]::DefaultRoleName | Should -Be 'CloudTrailCrossAccountReader'
        }
    }

    Context 'Refusals before any call' {
        It 'refuses <Principal> as GrantRefused.UnsafeTrust' -ForEach @(
            @{ Principal = '*' }, @{ Principal = 'o-abcdef1234' }
        ) {
            $result = Grant-CloudTrailCrossAccountRole -TrustedAccountId 111122223333, $Principal @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | Should -HaveCount 1
            $result | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GrantRefused.UnsafeTrust,*'
        }

        It 'refuses a malformed account ID as InvalidInput' -ForEach @(
            @{ Account = '11112222333' }, @{ Account = 'arn:aws:iam::111122223333:root' }
        ) {
            Grant-CloudTrailCrossAccountRole -TrustedAccountId $Account @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
        }

        It 'requires -ExternalId with -ThirdParty' {
            Grant-CloudTrailCrossAccountRole -TrustedAccountId 111122223333 -ThirdParty @script:Offline -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $failures[0].Exception.Message | Should -Match 'ExternalId'
            # The core names our parameters; the module spells them as parameters, never as CLI options.
            $failures[0].Exception.Message | Should -BeLike '-ThirdParty needs -ExternalId:*'
            $failures[0].Exception.Message | Should -Not -Match '--[a-z]'
        }

        It 'validates -MaxSessionDuration at binding' {
            { Grant-CloudTrailCrossAccountRole -TrustedAccountId 111122223333 -MaxSessionDuration 60 @script:Offline } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context 'Against moto' -Skip:(-not $script:HasMoto) {
        BeforeAll {
            $script:Moto = Start-TestMoto
            $script:Aws = $script:Moto.Aws

            $script:RoleName = 'pester-reader-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        }

        AfterAll {
            Stop-TestMoto $script:Moto
        }

        It '-WhatIf returns both documents and creates nothing' {
            $preview = Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $script:RoleName -LogBucketName central-logs -WhatIf @script:Aws
            $preview.Change | Should -Be 'WouldChange'
            $preview.TrustPolicy | Should -Match 'arn:aws:iam::111122223333:root'
            $preview.PermissionPolicy | Should -Match 'AWSLogs/111122223333/\*'
            # Read back: a created role would make the second preview Unchanged.
            (Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $script:RoleName -LogBucketName central-logs -WhatIf @script:Aws).Change | Should -Be 'WouldChange'
        }

        It 'creates the role, then reports Unchanged' {
            $created = Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $script:RoleName -LogBucketName central-logs -Confirm:$false @script:Aws
            $created.Change | Should -Be 'Created'
            $created.RoleArn | Should -Be "arn:aws:iam::123456789012:role/$($script:RoleName)"
            $created.TrustedAccountPolicy | Should -Match ([regex]::Escape($created.RoleArn))
            $created.PowerShellCommand | Should -BeLike '(Use-STSRole -RoleArn*'
            $created.AwsCliCommand | Should -BeLike 'aws sts assume-role --role-arn*'
            (Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $script:RoleName -LogBucketName central-logs -Confirm:$false @script:Aws).Change | Should -Be 'Unchanged'
        }

        It 'refuses a different existing role with CrossAccountRoleDiffers, then -Force updates it' {
            Grant-CloudTrailCrossAccountRole 444455556666 -RoleName $script:RoleName -LogBucketName central-logs -Confirm:$false @script:Aws -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CrossAccountRoleDiffers,*'
            $failures[0].TargetObject.Differences | Should -Not -BeNullOrEmpty
            $updated = Grant-CloudTrailCrossAccountRole 444455556666 -RoleName $script:RoleName -LogBucketName central-logs -Force @script:Aws
            $updated.Change | Should -Be 'Updated'
            (Grant-CloudTrailCrossAccountRole 444455556666 -RoleName $script:RoleName -LogBucketName central-logs -Force @script:Aws).Change | Should -Be 'Unchanged'
        }

        It 'warns about other policies on the role also when it is Unchanged' {
            $name = 'pester-noted-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $null = Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $name -Force @script:Aws
            $null = Grant-CloudTrailPermission -RoleName $name -AccessLevel ReadOnly -Force @script:Aws
            $result = Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $name -Force @script:Aws -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Change | Should -Be 'Unchanged'
            $warnings -join ' ' | Should -Match 'AWSCloudTrail_ReadOnlyAccess'
        }

        It 'refuses a piped record that targets a role an earlier record set (CrossAccountRoleRepeated)' {
            $name = 'pester-piped-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $rows = [pscustomobject]@{ TrustedAccountId = '111122223333'; RoleName = $name }, [pscustomobject]@{ TrustedAccountId = '444455556666'; RoleName = $name }
            $results = $rows | Grant-CloudTrailCrossAccountRole -Force @script:Aws -ErrorVariable failures -ErrorAction SilentlyContinue
            @($results).Count | Should -Be 1
            $results.Change | Should -Be 'Created'
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CrossAccountRoleRepeated,*'
            (Grant-CloudTrailCrossAccountRole 111122223333 -RoleName $name -WhatIf @script:Aws).Change | Should -Be 'Unchanged'
        }

        It 'has a default view' {
            (Grant-CloudTrailCrossAccountRole 444455556666 -RoleName $script:RoleName -LogBucketName central-logs -Force @script:Aws | Format-List | Out-String) | Should -Match 'TrustPolicy'
        }
    }
}
