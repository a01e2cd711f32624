@{
    # The build stamps ModuleVersion from Directory.Build.props into out/CloudTrailIamTools.
    RootModule           = 'CloudTrailIamTools.dll'
    ModuleVersion        = '0.0.0'
    GUID                 = '5d0c7a44-8f1e-4c6b-9a57-0b2f2c6e8a31'
    Author               = 'CloudTrailIamTools contributors'
    CompanyName          = 'CloudTrailIamTools contributors'
    Copyright            = '(c) CloudTrailIamTools contributors. MIT License.'
    Description          = 'Diagnoses and fixes AWS CloudTrail identity and access problems: explains access-denied errors, evaluates IAM policies offline or against an account, and applies least-privilege, previewable fixes.'
    # PowerShell 7.4 or later only. Windows PowerShell 5.1 (.NET Framework) has no binding redirects for modules, and
    # this folder ships System.Text.Json and its dependencies while AWS.Tools.Common loads its own copies there; that
    # cannot be proven sound without AWS.Tools.Common's Desktop layout, so Desktop is not claimed. 7.4 is the first
    # PowerShell on .NET 8, which the AWS SDK v4 build AWS.Tools.Common 5 loads in PowerShell 7 requires.
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    # AWS.Tools 5 carries AWSSDK v4, which this module is compiled against; AWS.Tools 4 (SDK v3) would fail with "Method not found",
    # and so would a future AWS.Tools.Common 6 with another SDK major version: MaximumVersion keeps to 5.x.
    RequiredModules      = @(@{ ModuleName = 'AWS.Tools.Common'; ModuleVersion = '5.0.0'; MaximumVersion = '5.999.999' })
    FormatsToProcess     = @('CloudTrailIamTools.Format.ps1xml')
    TypesToProcess       = @('CloudTrailIamTools.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-CloudTrailAccessDenied'
        'Grant-CloudTrailCrossAccountRole'
        'Grant-CloudTrailPermission'
        'Repair-OrganizationTrailSlr'
        'Resolve-CloudTrailAccessError'
        'Test-CloudTrailPermission'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'CloudTrail', 'IAM', 'Security', 'Troubleshooting', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/cloudtrailiamtools/CloudTrailIamTools'
            LicenseUri   = 'https://github.com/cloudtrailiamtools/CloudTrailIamTools/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: first release. Resolve-CloudTrailAccessError, Test-CloudTrailPermission, Grant-CloudTrailPermission, Grant-CloudTrailCrossAccountRole, Repair-OrganizationTrailSlr and Get-CloudTrailAccessDenied, with the cloudtrail-iam CLI. See https://github.com/cloudtrailiamtools/CloudTrailIamTools/blob/main/CHANGELOG.md'
        }
    }
}
