#!/usr/bin/env bash
# The project's test command (README): every xunit suite, then the Pester suite under the pinned pwsh
# (.config/dotnet-tools.json: PowerShell 7.6.10, run as `dotnet pwsh`; Pester 5.9.1 restored by the build).
# There is no skip path: a pwsh that cannot be restored or started fails the run.
# Prints one closing line "tests: N passed, N failed, N skipped" summed over the xunit suites and Pester.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
export POWERSHELL_TELEMETRY_OPTOUT=1
export POWERSHELL_UPDATECHECK=Off
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

log=$(mktemp)
pester_log=$(mktemp)
trap 'rm -f "$log" "$pester_log"' EXIT

if ! dotnet tool restore >"$log" 2>&1; then
  cat "$log"
  echo "FAILED: dotnet tool restore could not restore the pinned pwsh (.config/dotnet-tools.json); the Pester suite cannot run."
  exit 1
fi
if ! version=$(dotnet pwsh -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>&1); then
  echo "$version"
  echo "FAILED: the pinned pwsh does not start (dotnet pwsh); the Pester suite cannot run."
  exit 1
fi

dotnet build CloudTrailIamTools.sln -c Release -nologo -v quiet 2>&1 | tee "$log" | grep -E 'error|warning' || true
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "Build failed."
  exit 1
fi

dotnet test CloudTrailIamTools.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

echo "Pester (pwsh $version):"
NO_COLOR=1 dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 2>&1 | tee "$pester_log"
pester_status=${PIPESTATUS[0]}
summary=$(grep -E '^pester: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$pester_log" | tail -1)
if [ -z "$summary" ]; then
  echo "FAILED: the Pester run ended without its summary line (exit code $pester_status)."
  summary="pester: 0 passed, 1 failed, 0 skipped"
  pester_status=1
fi
[ "$pester_status" -ne 0 ] && status=1

read -r p_passed p_failed p_skipped < <(echo "$summary" | awk '{print $2, $4, $6}')
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk -v p="$p_passed" '{s+=$2} END {print s+p}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk -v p="$p_failed" '{s+=$2} END {print s+p}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk -v p="$p_skipped" '{s+=$2} END {print s+p}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
