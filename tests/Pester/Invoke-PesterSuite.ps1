#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester suite with the Pester 5.9.1 the build restored (out/test-modules) and prints one line
    "pester: N passed, N failed, N skipped" that tools/test.sh adds to its closing count.
.PARAMETER Path
    Test files or folders; the whole tests/Pester folder by default.
#>
[CmdletBinding()]
param(
    [string[]] $Path = @($PSScriptRoot),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal'
)

$ErrorActionPreference = 'Stop'
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$pesterManifest = Join-Path $repoRoot 'out/test-modules/Pester/5.9.1/Pester.psd1'
if (-not (Test-Path $pesterManifest)) {
    throw "Pester 5.9.1 is missing at ${pesterManifest}: build the solution first (dotnet build CloudTrailIamTools.sln -c Release)."
}

Import-Module $pesterManifest -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.Exit = $false
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Verbosity
$result = Invoke-Pester -Configuration $configuration
if (-not $result) {
    'pester: 0 passed, 1 failed, 0 skipped (Invoke-Pester returned no result)'
    exit 1
}

# Containers that failed to load (a broken BeforeAll, a parse error) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$skipped = $result.SkippedCount + $result.NotRunCount
"pester: $($result.PassedCount) passed, $failed failed, $skipped skipped"
if ($failed -gt 0 -or [int]$result.PassedCount -eq 0) { exit 1 }
exit 0
