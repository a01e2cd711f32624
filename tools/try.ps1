#Requires -Version 5.1
<#
.SYNOPSIS
    The module's main job on one sample: imports the built module and diagnoses the CloudTrail guide's
    "not authorized" example, printed as an administrator sees it in PowerShell. Run by tools/try.sh.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-BuiltModule.ps1')

$message = 'User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail'
$module = Get-Module CloudTrailIamTools
"CloudTrailIamTools $($module.Version) imported in PowerShell $($PSVersionTable.PSVersion) from $($module.ModuleBase)."
''
'PS> Resolve-CloudTrailAccessError ''' + $message + ''' | Format-List'
Resolve-CloudTrailAccessError $message | Format-List | Out-String -Width 120
'An interactive pwsh with the module loaded:  bash tools/try.sh shell'
'   (or, after a build:  dotnet pwsh -NoExit -File tools/Import-BuiltModule.ps1)'
'Then: Get-Help about_CloudTrailIamTools'
