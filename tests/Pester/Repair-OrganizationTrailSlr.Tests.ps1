BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandName = 'Repair-OrganizationTrailSlr'
    $script:SlrMissing = 'An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.'
    $script:Guide = 'User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail'

    # moto_server and the aws CLI are preinstalled where the suite runs; this file shares one moto (TestSetup.ps1).

    # The aws CLI reads keys from the environment; set them for the call only, so other tests see the session unchanged.
    function Invoke-MotoCli {
        param([string[]] $Arguments)
        $saved = $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY
        try {
            $env:AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; $env:AWS_SECRET_ACCESS_KEY = 'moto-secret'
            $output = & aws @Arguments --endpoint-url $script:Moto.Url --region us-east-1 --output json
            if ($LASTEXITCODE -ne 0) { throw "aws $Arguments failed" }
            if ($output) { ($output -join "`n") | ConvertFrom-Json }
        }
        finally {
            $env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY = $saved
        }
    }

    function Reset-Moto {
        Invoke-WebRequest "$($script:Moto.Url)/moto-api/reset" -Method Post -UseBasicParsing | Out-Null
    }

    $script:Moto = if (Get-Command moto_server -ErrorAction SilentlyContinue) { Start-TestMoto }
    $script:Live = if ($script:Moto) { $script:Moto.Aws }
}

AfterAll {
    Stop-TestMoto $script:Moto
}

Describe 'Repair-OrganizationTrailSlr' {
    Context 'Parameter binding' {
        It 'supports ShouldProcess with ConfirmImpact Medium and has -Force' {
            $command = Get-Command $script:CommandName
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
            $command.Parameters['Force'].ParameterType | Should -Be ([switch])
            $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
                Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }

        It 'has the AWS.Tools credential parameters' {
            $command = Get-Command $script:CommandName
            foreach ($name in 'ProfileName', 'ProfileLocation', 'AccessKey', 'SecretKey', 'SessionToken', 'Credential', 'Region', 'EndpointUrl') {
                $command.Parameters.Keys | Should -Contain $name
            }
        }

        It 'takes diagnoses from the pipeline and the account id by position' {
            $command = Get-Command $script:CommandName
            $diagnosis = $command.Parameters['Diagnosis']
            $diagnosis.ParameterType | Should -Be ([CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis[]])
            ($diagnosis.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -BeTrue
            ($command.Parameters['DelegatedAdministratorAccountId'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).Position | Should -Be 0
            $command.Parameters['DelegatedAdministratorAccountId'].Aliases | Should -Contain 'DelegatedAdminAccountId'
        }

        It 'declares its output type' {
            (Get-Command $script:CommandName).OutputType.Type | Should -Contain ([CloudTrailIamTools.Core.OrganizationTrails.OrganizationTrailCheckResult])
        }
    }

    Context 'Errors' {
        It 'rejects an account id that is not 12 digits before any call' {
            { Repair-OrganizationTrailSlr -DelegatedAdministratorAccountId 12345 -ProfileName none -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidInput,CloudTrailIamTools.Commands.RepairOrganizationTrailSlrCommand'
        }

        It 'reports a diagnosis of another kind as DiagnosisNotApplicable and checks nothing' {
            $results = Resolve-CloudTrailAccessError $script:Guide |
                Repair-OrganizationTrailSlr -ProfileName no-such-profile -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | Should -HaveCount 1
            $results | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -Be 'DiagnosisNotApplicable,CloudTrailIamTools.Commands.RepairOrganizationTrailSlrCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].TargetObject.Kind | Should -Be 'NotAuthorized'
        }

        It 'ends with the configuration error when the profile does not exist' {
            $file = Join-Path $TestDrive 'credentials'
            Set-Content $file "[other]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = secret"
            { Repair-OrganizationTrailSlr -ProfileName no-such-profile -ProfileLocation $file -ErrorAction Stop } |
                Should -Throw -ErrorId 'AwsConfiguration.ProfileNotFound,CloudTrailIamTools.Commands.RepairOrganizationTrailSlrCommand'
        }
    }

    Context 'Against moto' -Skip:(-not (Get-Command moto_server -ErrorAction SilentlyContinue)) {
        BeforeEach {
            Reset-Moto
            Invoke-MotoCli -Arguments @('organizations', 'create-organization', '--feature-set', 'ALL') | Out-Null
        }

        It '-WhatIf runs every check, reports WouldFix and changes nothing' {
            $results = Repair-OrganizationTrailSlr @script:Live -WhatIf
            $results | Should -HaveCount 9
            ($results | Where-Object Check -eq 'TrustedAccess').Status | Should -Be 'WouldFix'
            ($results | Where-Object Check -eq 'ServiceLinkedRole').Status | Should -Be 'WouldFix'
            $access = Invoke-MotoCli -Arguments @('organizations', 'list-aws-service-access-for-organization')
            $access.PSObject.Properties.Name | Should -Contain 'EnabledServicePrincipals'
            $access.EnabledServicePrincipals | Should -BeNullOrEmpty
            $roles = Invoke-MotoCli -Arguments @('iam', 'list-roles', '--path-prefix', '/aws-service-role/cloudtrail.amazonaws.com/')
            $roles.PSObject.Properties.Name | Should -Contain 'Roles'
            $roles.Roles | Should -BeNullOrEmpty
        }

        It 'fixes with -Force, and a second run changes nothing' {
            $first = Repair-OrganizationTrailSlr @script:Live -Force
            ($first | Where-Object Status -eq 'Fixed').Check | Should -Be @('TrustedAccess', 'ServiceLinkedRole')
            ($first | Where-Object Check -eq 'Verification').Status | Should -Be 'Passed'

            $second = Repair-OrganizationTrailSlr @script:Live -Force
            $second | Should -HaveCount 9
            $second | Where-Object Status -in 'Fixed', 'Failed' | Should -BeNullOrEmpty
        }

        It 'repairs once for a ServiceLinkedRoleMissing diagnosis from Resolve-CloudTrailAccessError' {
            $diagnosis = Resolve-CloudTrailAccessError $script:SlrMissing
            $diagnosis.Kind | Should -Be 'ServiceLinkedRoleMissing'
            $results = $diagnosis, $diagnosis | Repair-OrganizationTrailSlr @script:Live -Force
            $results | Should -HaveCount 9
            ($results | Where-Object Check -eq 'ServiceLinkedRole').Status | Should -Be 'Fixed'
        }

        It 'reports a missing organization as a Failed result, not an error' {
            Reset-Moto
            $results = Repair-OrganizationTrailSlr @script:Live -ErrorVariable failures
            $results | Should -Not -BeNullOrEmpty
            $failures | Should -BeNullOrEmpty
            $organization = $results | Where-Object Check -eq 'Organization'
            $organization.Status | Should -Be 'Failed'
            $organization.ErrorCode | Should -Be 'AWSOrganizationsNotInUseException'
            ($results | Where-Object Status -eq 'Skipped') | Should -HaveCount 7
        }

        It 'formats results with the default table view' {
            $table = Repair-OrganizationTrailSlr @script:Live -WhatIf | Format-Table | Out-String
            $table | Should -Match 'TrustedAccess'
            $table | Should -Match 'WouldFix'
        }
    }
}
