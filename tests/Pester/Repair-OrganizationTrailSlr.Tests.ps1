BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:CommandName = 'Repair-OrganizationTrailSlr'
    $script:SlrMissing = 'An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.'
    $script:Guide = 'User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail'

    # moto_server and the aws CLI are preinstalled where the suite runs; the live contexts start one moto per file.
    function Start-Moto {
        $executable = (Get-Command moto_server -ErrorAction SilentlyContinue).Source
        if (-not $executable) { return $null }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $env:MOTO_IAM_LOAD_MANAGED_POLICIES = 'false'
        $log = Join-Path ([System.IO.Path]::GetTempPath()) "repair-slr-moto-$port"
        $process = Start-Process -FilePath $executable -ArgumentList '-H', '127.0.0.1', '-p', $port -PassThru -RedirectStandardOutput "$log.out" -RedirectStandardError "$log.err"
        $url = "http://127.0.0.1:$port"
        $deadline = (Get-Date).AddSeconds(45)
        while ((Get-Date) -lt $deadline) {
            try { Invoke-WebRequest "$url/moto-api/" -UseBasicParsing -TimeoutSec 2 | Out-Null; return [pscustomobject]@{ Process = $process; Url = $url } }
            catch { Start-Sleep -Milliseconds 200 }
        }
        Stop-Process -Id $process.Id -ErrorAction SilentlyContinue
        throw "moto_server did not answer on $url"
    }

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

    $script:Moto = Start-Moto
    $script:Live = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'moto-secret'; Region = 'us-east-1'; EndpointUrl = $script:Moto.Url }
}

AfterAll {
    if ($script:Moto) { Stop-Process -Id $script:Moto.Process.Id -ErrorAction SilentlyContinue }
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
            $results | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
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
            (Invoke-MotoCli -Arguments @('organizations', 'list-aws-service-access-for-organization')).EnabledServicePrincipals | Should -BeNullOrEmpty
            (Invoke-MotoCli -Arguments @('iam', 'list-roles', '--path-prefix', '/aws-service-role/cloudtrail.amazonaws.com/')).Roles | Should -BeNullOrEmpty
        }

        It 'fixes with -Force, and a second run changes nothing' {
            $first = Repair-OrganizationTrailSlr @script:Live -Force
            ($first | Where-Object Status -eq 'Fixed').Check | Should -Be @('TrustedAccess', 'ServiceLinkedRole')
            ($first | Where-Object Check -eq 'Verification').Status | Should -Be 'Passed'

            $second = Repair-OrganizationTrailSlr @script:Live -Force
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
