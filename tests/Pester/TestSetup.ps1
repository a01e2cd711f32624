# Shared set-up for the Pester suite: imports the built module through its manifest, as users do.
# out/test-modules (laid out by the build: tests/TestModules) holds the test-only AWS.Tools.Common 5.0.0 stand-in
# that satisfies the manifest's RequiredModules; putting it first on PSModulePath is the only change to the session.
$ErrorActionPreference = 'Stop'
$env:AWS_EC2_METADATA_DISABLED = 'true'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleFolder = Join-Path $script:RepoRoot 'out/CloudTrailIamTools'
$script:ModuleManifest = Join-Path $script:ModuleFolder 'CloudTrailIamTools.psd1'
$script:TestModules = Join-Path $script:RepoRoot 'out/test-modules'

if (-not (Test-Path (Join-Path $script:TestModules 'AWS.Tools.Common/5.0.0/AWS.Tools.Common.psd1'))) {
    throw "The AWS.Tools.Common stand-in is missing from ${script:TestModules}: build the solution first (dotnet build CloudTrailIamTools.sln -c Release)."
}

$separator = [System.IO.Path]::PathSeparator
if (($env:PSModulePath -split $separator) -notcontains $script:TestModules) {
    $env:PSModulePath = $script:TestModules + $separator + $env:PSModulePath
}

if (-not (Get-Module CloudTrailIamTools)) {
    Import-Module $script:ModuleManifest -Force
}

# The one place the suite starts moto_server, with its environment (reference: MOTO_IAM_LOAD_MANAGED_POLICIES=true,
# or every arn:aws:iam::aws:policy/... is NoSuchEntity). The variables are set for the child process only and the
# session's values are restored, so no test file changes what the next one sees.
$script:MotoEnvironment = @{ MOTO_IAM_LOAD_MANAGED_POLICIES = 'true'; AWS_EC2_METADATA_DISABLED = 'true' }

function Start-TestMoto {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()

    $executable = (Get-Command moto_server -ErrorAction SilentlyContinue).Source
    if (-not $executable) { throw 'moto_server is not installed: pip install "moto[server]".' }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "cloudtrailiamtools-moto-$port"

    $saved = @{}
    foreach ($name in $script:MotoEnvironment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $script:MotoEnvironment[$name])
    }
    try {
        $process = Start-Process -FilePath $executable -ArgumentList '-H', '127.0.0.1', '-p', $port -PassThru -RedirectStandardOutput "$log.out" -RedirectStandardError "$log.err"
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    $url = "http://127.0.0.1:$port"
    $deadline = (Get-Date).AddSeconds(45)
    while ((Get-Date) -lt $deadline) {
        try {
            Invoke-WebRequest "$url/moto-api/" -UseBasicParsing -TimeoutSec 2 | Out-Null
            return [pscustomobject]@{
                Process = $process
                Url     = $url
                # Splat into any cmdlet that calls AWS.
                Aws     = @{ AccessKey = 'AKIAIOSFODNN7EXAMPLE'; SecretKey = 'moto-secret-key-not-real'; Region = 'us-east-1'; EndpointUrl = $url }
            }
        }
        catch { Start-Sleep -Milliseconds 200 }
    }
    Stop-Process -Id $process.Id -ErrorAction SilentlyContinue
    throw "moto_server did not answer on $url (log: $log.err)"
}

function Stop-TestMoto {
    [CmdletBinding()]
    param([pscustomobject] $Moto)
    if ($Moto -and $Moto.Process) { Stop-Process -Id $Moto.Process.Id -ErrorAction SilentlyContinue }
}
