#!/usr/bin/env bash
# The project's test command (README): every xunit suite, then the Pester suite where pwsh exists.
# Prints one closing line "tests: N passed, N failed, N skipped" summed over the suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build CloudTrailIamTools.sln -c Release -nologo -v quiet 2>&1 | tee "$log" | grep -E 'error|warning' || true
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "Build failed."
  exit 1
fi

dotnet test CloudTrailIamTools.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if command -v pwsh >/dev/null 2>&1; then
  pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Pester -Configuration Release || status=1
else
  echo "Pester: skipped, pwsh is not installed on this machine (the Pester suite in tests/Pester runs where PowerShell 7 exists: ./build.ps1 -Task Test)."
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
