#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, analyzes and packages the CloudTrailIamTools module.
.DESCRIPTION
    Wraps the dotnet build (which also lays out out/CloudTrailIamTools) for PowerShell users.
    Tasks: Build, Test (xunit, then Pester), Pester, Analyze (PSScriptAnalyzer, when installed), Package.
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Analyze', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleFolder = Join-Path $root 'out/CloudTrailIamTools'
$env:AWS_EC2_METADATA_DISABLED = 'true'

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'CloudTrailIamTools.sln') -c $Configuration -nologo
}

function Invoke-UnitTest {
    Invoke-Dotnet test (Join-Path $root 'CloudTrailIamTools.sln') -c $Configuration --no-build -nologo
}

function Invoke-Pester5 {
    # The Pester 5.9.1 the build restored (out/test-modules), never one from the machine's module path.
    & (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -Verbosity Detailed
    if ($LASTEXITCODE -ne 0) { throw 'The Pester suite failed.' }
}

function Invoke-Analyze {
    if (-not (Get-Module -ListAvailable PSScriptAnalyzer)) {
        Write-Warning 'PSScriptAnalyzer is not installed (Install-Module PSScriptAnalyzer -Scope CurrentUser): analysis was skipped.'
        return
    }

    $targets = @(
        (Join-Path $root 'CloudTrailIamTools.psd1'),
        (Join-Path $root 'build.ps1')
    ) + (Get-ChildItem (Join-Path $root 'tests/Pester') -Filter *.ps1 | ForEach-Object FullName)
    $findings = $targets | ForEach-Object { Invoke-ScriptAnalyzer -Path $_ -Severity Error, Warning }
    $findings | Format-Table -AutoSize | Out-String | Write-Host
    if ($findings | Where-Object Severity -EQ 'Error') { throw 'PSScriptAnalyzer reported errors.' }
}

function Invoke-Package {
    $manifest = Import-PowerShellDataFile (Join-Path $moduleFolder 'CloudTrailIamTools.psd1')
    $version = $manifest.ModuleVersion
    $target = Join-Path $root "artifacts/CloudTrailIamTools/$version"
    if (Test-Path $target) { Remove-Item $target -Recurse -Force }
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Copy-Item (Join-Path $moduleFolder '*') $target -Recurse
    $archive = Join-Path $root "artifacts/CloudTrailIamTools.$version.zip"
    Compress-Archive -Path (Join-Path $target '*') -DestinationPath $archive -Force
    Write-Host "Packaged $target and $archive"
}

foreach ($name in $Task) {
    Write-Host "== $name"
    switch ($name) {
        'Build' { Invoke-Build }
        'Test' { Invoke-UnitTest; Invoke-Pester5 }
        'Pester' { Invoke-Pester5 }
        'Analyze' { Invoke-Analyze }
        'Package' { Invoke-Package }
    }
}
