# The README's first command (tools/try.sh) ends in tools/try.ps1: import the built module, diagnose the guide's sample.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'tools/try.ps1 (README first command)' {
    It 'diagnoses the guide''s mateojackson / cloudtrail:GetTrailStatus message and says how to start a shell' {
        $output = & (Join-Path $script:RepoRoot 'tools/try.ps1') 3>$null | Out-String
        $output | Should -Match 'CloudTrailIamTools \d+\.\d+\.\d+ imported in PowerShell 7\.'
        $output | Should -Match 'Kind\s+: NotAuthorized'
        $output | Should -Match 'PrincipalArn\s+: arn:aws:iam::123456789012:user/mateojackson'
        $output | Should -Match 'Action\s+: cloudtrail:GetTrailStatus'
        $output | Should -Match 'Grant-CloudTrailPermission -UserName mateojackson'
        $output | Should -Match 'bash tools/try\.sh shell'
    }
}
