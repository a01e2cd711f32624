#Requires -Version 5.1
<#
.SYNOPSIS
    Imports the built module (out/CloudTrailIamTools) through its manifest, as users do.
.DESCRIPTION
    The manifest requires AWS.Tools.Common 5. Where it is installed, that one is used. Where it is not (the
    build machines cannot install it), the test-only stand-in the build lays out in out/test-modules is put on
    PSModulePath for this session: it loads the AWS SDK, enough for everything that does not call AWS.
    Used by tools/try.sh and by `bash tools/try.sh shell`.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$manifest = Join-Path $repoRoot 'out/CloudTrailIamTools/CloudTrailIamTools.psd1'
if (-not (Test-Path $manifest)) {
    throw "The module is not built ($manifest is missing): run dotnet build CloudTrailIamTools.sln -c Release."
}

$awsTools = Get-Module -ListAvailable AWS.Tools.Common | Where-Object { $_.Version -ge '5.0.0' -and $_.Version -lt '6.0.0' }
if (-not $awsTools) {
    $standIn = Join-Path $repoRoot 'out/test-modules'
    $env:PSModulePath = $standIn + [System.IO.Path]::PathSeparator + $env:PSModulePath
    Write-Warning ("AWS.Tools.Common 5 is not installed: using the test-only stand-in in $standIn (it loads the AWS SDK only). " +
        'Diagnosing messages, log files and offline policy checks work; to call AWS, install AWS.Tools.Common 5.')
}

Import-Module $manifest -Force
