#!/usr/bin/env bash
# The README's first command: restores the pinned pwsh (.config/dotnet-tools.json), builds, imports the built
# module in that pwsh and diagnoses the CloudTrail guide's sample "not authorized" error (tools/try.ps1).
#   bash tools/try.sh         build and diagnose the sample
#   bash tools/try.sh shell   build, then an interactive pwsh with the module loaded
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
export POWERSHELL_TELEMETRY_OPTOUT=1
export POWERSHELL_UPDATECHECK=Off
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

if ! dotnet tool restore >/dev/null; then
  echo "FAILED: dotnet tool restore could not restore PowerShell 7.6.10 (.config/dotnet-tools.json)." >&2
  exit 1
fi
echo "Building (dotnet build CloudTrailIamTools.sln -c Release)..."
dotnet build CloudTrailIamTools.sln -c Release -nologo -v quiet | grep -E 'error|warning|CloudTrailIamTools ->' || true
if [ ! -f out/CloudTrailIamTools/CloudTrailIamTools.psd1 ]; then
  echo "FAILED: the build did not lay out out/CloudTrailIamTools." >&2
  exit 1
fi

if [ "${1:-}" = "shell" ]; then
  exec dotnet pwsh -NoExit -NoLogo -File tools/Import-BuiltModule.ps1
fi
exec dotnet pwsh -NoProfile -NonInteractive -File tools/try.ps1
