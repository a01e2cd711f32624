# Shared set-up for the Pester suite: imports the built module from out/CloudTrailIamTools.
# Where AWS.Tools.Common is not installed the manifest's RequiredModules refuses the import, so the set-up
# loads AWSSDK.Core and AWSSDK.SecurityToken from the build output and imports the module dll directly.
$ErrorActionPreference = 'Stop'
$env:AWS_EC2_METADATA_DISABLED = 'true'
$script:RepoRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
$script:ModuleFolder = Join-Path $script:RepoRoot 'out/CloudTrailIamTools'

if (-not (Get-Module CloudTrailIamTools)) {
    if (Get-Module -ListAvailable AWS.Tools.Common | Where-Object Version -GE '5.0.0') {
        Import-Module (Join-Path $script:ModuleFolder 'CloudTrailIamTools.psd1') -Force
    }
    else {
        $sdkFolder = Get-ChildItem (Join-Path $script:RepoRoot 'src/CloudTrailIamTools/bin') -Recurse -Filter AWSSDK.Core.dll |
            Sort-Object LastWriteTime -Descending | Select-Object -First 1 | ForEach-Object DirectoryName
        foreach ($assembly in 'AWSSDK.Core.dll', 'AWSSDK.SecurityToken.dll') {
            Add-Type -Path (Join-Path $sdkFolder $assembly)
        }

        Import-Module (Join-Path $script:ModuleFolder 'CloudTrailIamTools.dll') -Force
        Update-FormatData -PrependPath (Join-Path $script:ModuleFolder 'CloudTrailIamTools.Format.ps1xml')
    }
}
