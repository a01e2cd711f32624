BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:User = 'arn:aws:iam::123456789012:user/mateojackson'
    $script:Trail = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail'
    $script:ReadTrails = '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["cloudtrail:DescribeTrails","cloudtrail:GetTrailStatus"],"Resource":"*"}]}'
    $script:AllowAll = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'

    # No AWS credentials may be needed offline: point every source at nothing.
    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE') {
        $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:AWS_ACCESS_KEY_ID = $null
    $env:AWS_SECRET_ACCESS_KEY = $null
    $env:AWS_PROFILE = $null
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
    $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
}

AfterAll {
    foreach ($entry in $script:SavedEnvironment.GetEnumerator()) {
        [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
    }
}

Describe 'Test-CloudTrailPermission offline' {
    Context 'Parameter binding' {
        It 'takes a policy as JSON text and names the deciding statement' {
            $r = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrailStatus -Resource $script:Trail -PolicyDocument $script:ReadTrails
            $r.Decision | Should -Be 'Allowed'
            $r.AllowedBy | Should -Be 'IdentityBased'
            $r.MatchedStatements[0].Sid | Should -Be 'Read'
            $r.Resource | Should -Be $script:Trail
        }

        It 'takes a policy path and names the file in the result' {
            $file = Join-Path $TestDrive 'read.json'
            Set-Content -Path $file -Value $script:ReadTrails
            $r = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:DescribeTrails -PolicyDocument $file
            $r.MatchedStatements[0].Policy | Should -Be $file
        }

        It 'takes a hashtable policy' {
            $policy = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'cloudtrail:LookupEvents'; Resource = '*' }) }
            (Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:LookupEvents -PolicyDocument $policy).Decision | Should -Be 'Allowed'
        }

        It 'gives one result per action and resource, in order' {
            $results = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrailStatus, cloudtrail:StopLogging `
                -Resource $script:Trail, 'arn:aws:cloudtrail:us-east-1:123456789012:trail/Other' -PolicyDocument $script:ReadTrails
            $results | Should -HaveCount 4
            $results.Decision | Should -Be @('Allowed', 'Allowed', 'ImplicitDeny', 'ImplicitDeny')
        }

        It 'applies SCP levels root first' {
            $account = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:Describe*","Resource":"*"}]}'
            # Root allows everything; the next level (an OU: two policies, neither allows CreateTrail) still denies.
            $r = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:CreateTrail -PolicyDocument $script:AllowAll `
                -ServiceControlPolicy $script:AllowAll, @($account, $script:ReadTrails)
            $r.Decision | Should -Be 'ImplicitDeny'
            $r.DeniedBy | Should -Be 'ServiceControl'
            # Policies within one level are alternatives: adding one that allows makes that level allow.
            $allowed = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:CreateTrail -PolicyDocument $script:AllowAll `
                -ServiceControlPolicy @($account), @($account, $script:AllowAll)
            $allowed.Decision | Should -Be 'ImplicitDeny'
            $allowed = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:CreateTrail -PolicyDocument $script:AllowAll `
                -ServiceControlPolicy $script:AllowAll, @($account, $script:AllowAll)
            $allowed.Decision | Should -Be 'Allowed'
        }

        It 'reads -Context, with arrays as multi-valued keys' {
            $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:AddTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","owner"]}}}]}'
            (Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:AddTags -PolicyDocument $policy -Context @{ 'aws:TagKeys' = 'team', 'owner' }).Decision |
                Should -Be 'Allowed'
            (Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:AddTags -PolicyDocument $policy -Context @{ 'aws:TagKeys' = 'team', 'cost' }).Decision |
                Should -Be 'ImplicitDeny'
        }

        It 'applies a boundary and a session policy' {
            $session = 'arn:aws:sts::123456789012:assumed-role/Admin/mateo'
            $r = Test-CloudTrailPermission -PrincipalArn $session -Action cloudtrail:DescribeTrails -PolicyDocument $script:AllowAll `
                -PermissionsBoundary $script:ReadTrails -SessionPolicy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:GetTrailStatus","Resource":"*"}]}'
            $r.DeniedBy | Should -Be 'Session'
        }

        It 'checks a scenario with one verdict and the missing policy' {
            $s = Test-CloudTrailPermission -PrincipalArn $script:User -Scenario ViewTrails -PolicyDocument $script:ReadTrails
            $s | Should -BeOfType ([CloudTrailIamTools.Core.Evaluation.ScenarioResult])
            $s.Decision | Should -Be 'ImplicitDeny'
            $s.MissingPermissionsPolicy | Should -Match 'cloudtrail:GetTrail'
        }

        It 'binds PrincipalArn, Action and Resource by property name' {
            $r = [pscustomobject]@{ PrincipalArn = $script:User; Action = 'cloudtrail:GetTrailStatus'; Resource = $script:Trail } |
                Test-CloudTrailPermission -PolicyDocument $script:ReadTrails
            $r.Decision | Should -Be 'Allowed'
        }

        It 'never needs credentials' {
            { Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrail -PolicyDocument $script:ReadTrails -ErrorAction Stop } |
                Should -Not -Throw
        }
    }

    Context 'Pipeline requests' {
        It 'evaluates ConvertFrom-Json request objects in order' {
            $lines = @(
                '{"Action":"cloudtrail:DescribeTrails","Principal":"' + $script:User + '","IdentityPolicies":[' + $script:ReadTrails + ']}'
                '{"Action":"cloudtrail:DeleteTrail","Principal":"' + $script:User + '","IdentityPolicies":[' + $script:ReadTrails + ']}'
            )
            $results = $lines | ConvertFrom-Json | Test-CloudTrailPermission
            $results.Decision | Should -Be @('Allowed', 'ImplicitDeny')
        }

        It 'evaluates JSON text lines and hashtables' {
            $hashtable = @{ Action = 'cloudtrail:GetTrailStatus'; Principal = $script:User; IdentityPolicies = @($script:ReadTrails) }
            # Parentheses: the comma binds tighter than +.
            $results = @(('{"Action":"cloudtrail:DescribeTrails","Principal":"' + $script:User + '"}'), $hashtable) | Test-CloudTrailPermission
            $results | Should -HaveCount 2
            $results.Decision | Should -Be @('ImplicitDeny', 'Allowed')
        }

        It 'writes an error for a bad request and goes on' {
            $results = @('{"Action":"cloudtrail:GetTrail"}', ('{"Action":"cloudtrail:DescribeTrails","Principal":"' + $script:User + '"}')) |
                Test-CloudTrailPermission -ErrorVariable failures -ErrorAction SilentlyContinue
            $results | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput*'
        }
    }

    Context 'Errors' {
        It 'reports a bad policy as InvalidPolicyDocument with the policy as target and the JSON path' {
            $bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"*","Resource":"*"}]}'
            Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrail -PolicyDocument $bad -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPolicyDocument*'
            $failures[0].TargetObject | Should -Be $bad
            $failures[0].Exception.Message | Should -Match 'Statement\[0\]\.Effect'
        }

        It 'reports a bad policy in a pipeline request per item' {
            $bad = '{"Action":"cloudtrail:GetTrail","Principal":"' + $script:User + '","IdentityPolicies":[{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Colour":"red"}]}]}'
            $good = '{"Action":"cloudtrail:GetTrail","Principal":"' + $script:User + '"}'
            $results = $bad, $good | Test-CloudTrailPermission -ErrorVariable failures -ErrorAction SilentlyContinue
            $results | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPolicyDocument*'
            $failures[0].TargetObject | Should -Be '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Colour":"red"}]}'
            $failures[0].Exception.PolicyName | Should -Be 'IdentityPolicies[0]'
        }

        It 'warns about actions the catalog does not know' {
            Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:DescribeTrail -PolicyDocument $script:AllowAll -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings[0] | Should -Match 'cloudtrail:DescribeTrail'
        }

        It 'rejects an unknown scenario listing the valid ones' {
            { Test-CloudTrailPermission -PrincipalArn $script:User -Scenario BakeACake -PolicyDocument $script:AllowAll } |
                Should -Throw -ExpectedMessage '*CreateOrganizationTrail*'
        }

        It 'asks for an action or a scenario' {
            Test-CloudTrailPermission -PrincipalArn $script:User -PolicyDocument $script:AllowAll -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'NoActionOrScenario*'
        }
    }

    Context 'Output' {
        It 'returns the documented type with table and list views' {
            $r = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrailStatus -PolicyDocument $script:ReadTrails
            $r | Should -BeOfType ([CloudTrailIamTools.Core.Evaluation.EvaluationResult])
            ($r | Format-Table | Out-String) | Should -Match 'Allowed'
            ($r | Format-List | Out-String) | Should -Match 'Explanation'
        }
    }
}

Describe 'Test-CloudTrailPermission live' {
    BeforeAll {
        $script:Moto = Get-Command moto_server -ErrorAction SilentlyContinue
        if ($script:Moto) {
            $script:MotoServer = Start-TestMoto
            $script:Endpoint = $script:MotoServer.Url
            $script:Aws = $script:MotoServer.Aws
            $env:AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
            $env:AWS_SECRET_ACCESS_KEY = 'moto-secret-key-not-real'
            $user = 'pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            aws iam create-user --user-name $user --endpoint-url $script:Endpoint --region us-east-1 | Out-Null
            aws iam put-user-policy --user-name $user --policy-name status --policy-document $script:ReadTrails --endpoint-url $script:Endpoint --region us-east-1 | Out-Null
            $script:LiveUser = "arn:aws:iam::123456789012:user/$user"
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null
        }
    }

    AfterAll {
        Stop-TestMoto $script:MotoServer
    }

    It 'reads the principal''s policies from IAM and names them' -Skip:(-not (Get-Command moto_server -ErrorAction SilentlyContinue)) {
        $r = Test-CloudTrailPermission -PrincipalArn $script:LiveUser -Action cloudtrail:GetTrailStatus @script:Aws
        $r | Should -BeOfType ([CloudTrailIamTools.Core.Live.LivePermissionResult])
        $r.Decision | Should -Be 'Allowed'
        $r.MatchedStatements[0].Policy | Should -BeLike 'user/pester-*:status'
        $r.SimulatorDecision | Should -BeNullOrEmpty
    }

    It 're-tests what a diagnosis says was denied' -Skip:(-not (Get-Command moto_server -ErrorAction SilentlyContinue)) {
        $message = "User: $($script:LiveUser) is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/t"
        $r = Resolve-CloudTrailAccessError $message | Test-CloudTrailPermission @script:Aws
        $r.Action | Should -Be 'cloudtrail:StopLogging'
        $r.Principal | Should -Be $script:LiveUser
        $r.Decision | Should -Be 'ImplicitDeny'
    }

    It 'runs a scenario live' -Skip:(-not (Get-Command moto_server -ErrorAction SilentlyContinue)) {
        $s = Test-CloudTrailPermission -PrincipalArn $script:LiveUser -Scenario LookupEvents @script:Aws
        $s.Decision | Should -Be 'ImplicitDeny'
        $s.MissingPermissionsPolicy | Should -Match 'cloudtrail:LookupEvents'
    }

    It 'reports a missing principal as a non-terminating error' -Skip:(-not (Get-Command moto_server -ErrorAction SilentlyContinue)) {
        Test-CloudTrailPermission -PrincipalArn 'arn:aws:iam::123456789012:user/ghost-pester' -Action cloudtrail:GetTrail @script:Aws -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AwsServiceCallFailed*'
    }

    It 'fails before any call when no credentials can be found' {
        { Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:GetTrail -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*No credentials*'
    }
}

Describe 'Resolve-CloudTrailAccessError -Decode' {
    It 'does not look for credentials when nothing is encoded' {
        $d = Resolve-CloudTrailAccessError -Decode 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: cloudtrail:GetTrail'
        $d.Kind | Should -Be 'NotAuthorized'
    }

    It 'needs credentials only for an encoded message' {
        { Resolve-CloudTrailAccessError -Decode -Region us-east-1 'Encoded authorization failure message: abc123' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*No credentials*'
    }
}

Describe 'Test-CloudTrailPermission -Quiet' {
    It 'returns one Boolean, $true only when every result is Allowed' {
        $allowed = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus -PolicyDocument $script:ReadTrails -Quiet
        $allowed | Should -HaveCount 1
        $allowed | Should -BeOfType ([bool])
        $allowed | Should -BeTrue

        $denied = Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:DescribeTrails, cloudtrail:StopLogging -PolicyDocument $script:ReadTrails -Quiet
        $denied | Should -HaveCount 1
        $denied | Should -BeFalse
    }

    It 'makes an if statement read the way it sounds' {
        $reached = $false
        if (Test-CloudTrailPermission -PrincipalArn $script:User -Action cloudtrail:StopLogging -PolicyDocument $script:ReadTrails -Quiet) {
            $reached = $true
        }
        $reached | Should -BeFalse
    }

    It 'covers pipeline requests and scenarios, and counts an error as not allowed' {
        $request = '{"Action":"cloudtrail:DescribeTrails","Principal":"' + $script:User + '","IdentityPolicies":[' + $script:ReadTrails + ']}'
        $request | Test-CloudTrailPermission -Quiet | Should -BeTrue

        $withError = @($request, '{"Action":"cloudtrail:GetTrail"}') | Test-CloudTrailPermission -Quiet -ErrorVariable failures -ErrorAction SilentlyContinue
        $withError | Should -BeFalse
        $failures | Should -HaveCount 1

        Test-CloudTrailPermission -PrincipalArn $script:User -Scenario ViewTrails -PolicyDocument $script:AllowAll -Quiet | Should -BeTrue
        Test-CloudTrailPermission -PrincipalArn $script:User -Scenario ViewTrails -PolicyDocument $script:ReadTrails -Quiet | Should -BeFalse
    }
}
