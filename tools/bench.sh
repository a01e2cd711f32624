#!/usr/bin/env bash
# Side-by-side timings for the performance targets (issue 17), as whole processes: medians of RUNS runs taken in
# turn (A B C A B C ...), so that a drifting machine load hits every command alike; then each ratio.
#   log scan : `cloudtrail-iam get-access-denied --path` over 200 gzip logs (200,000 records) against single-threaded
#              `gzip -dc` of the same files (target: at most 1.0x), `gzip -dc | jq` selecting the denials, and DuckDB's
#              read_json with the same GROUP BY where @duckdb/node-api is installed (DUCKDB_NODE_MODULES=.../node_modules).
#   CLI start: one `resolve-access-error` (target: at most 150 ms).
#   module   : Import-Module plus the first Resolve-CloudTrailAccessError in a running pwsh (target: at most 250 ms),
#              where pwsh is found (PWSH=/path/to/pwsh, or on PATH).
# Usage: tools/bench.sh            (RUNS=5, LOGS=${TMPDIR:-/tmp}/ctit-bench-logs, generated on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off
RUNS=${RUNS:-5}
LOGS=${LOGS:-${TMPDIR:-/tmp}/ctit-bench-logs}
CLI=src/CloudTrailIamTools.Cli/bin/Release/net10.0/cloudtrail-iam
BENCH=tests/CloudTrailIamTools.Benchmarks/bin/Release/net10.0/CloudTrailIamTools.Benchmarks.dll
MESSAGE='User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail'

dotnet build src/CloudTrailIamTools.Cli -c Release -nologo -v quiet >/dev/null
dotnet build tests/CloudTrailIamTools.Benchmarks -c Release -nologo -v quiet >/dev/null
if [ ! -d "$LOGS" ]; then
  dotnet "$BENCH" generate-logs "$LOGS" 200 1000
fi
CODES=$(dotnet "$BENCH" denial-codes)

# Each command is a shell snippet; its output goes to /dev/null. Prints the median wall time in milliseconds.
declare -a NAMES=() SNIPPETS=()
add() { NAMES+=("$1"); SNIPPETS+=("$2"); }
run_all() {
  local -A times=()
  local round i start end
  for ((i = 0; i < ${#NAMES[@]}; i++)); do bash -c "${SNIPPETS[$i]}" >/dev/null 2>&1 || true; done # warm-up
  for ((round = 0; round < RUNS; round++)); do
    for ((i = 0; i < ${#NAMES[@]}; i++)); do
      start=$(date +%s%N)
      bash -c "${SNIPPETS[$i]}" >/dev/null 2>&1 || { echo "failed: ${NAMES[$i]}" >&2; exit 1; }
      end=$(date +%s%N)
      times[$i]+="$(((end - start) / 1000000)) "
    done
  done
  for ((i = 0; i < ${#NAMES[@]}; i++)); do
    MEDIAN[$i]=$(tr ' ' '\n' <<<"${times[$i]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

FILES="find '$LOGS' -name '*.json.gz' -print0 | xargs -0"
declare -a MEDIAN=()
add scan "'$CLI' get-access-denied --path '$LOGS'"
add gzip "$FILES gzip -dc"
command -v jq >/dev/null && add jq "$FILES gzip -dc | jq -c '.Records[] | select(.errorCode | IN($CODES))'"
if [ -n "${DUCKDB_NODE_MODULES:-}" ] && [ -d "${DUCKDB_NODE_MODULES}/@duckdb/node-api" ]; then
  add duckdb "node tools/bench-duckdb.mjs '$LOGS' \"$(tr '"' "'" <<<"$CODES")\""
fi
run_all

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs each, medians"
echo "log scan over $(find "$LOGS" -name '*.json.gz' | wc -l) gzip files:"
for ((i = 0; i < ${#NAMES[@]}; i++)); do
  printf '  %-7s %6d ms' "${NAMES[$i]}" "${MEDIAN[$i]}"
  [ "$i" -gt 0 ] && printf '   scan / %s = %s' "${NAMES[$i]}" "$(ratio "${MEDIAN[0]}" "${MEDIAN[$i]}")"
  echo
done

NAMES=() SNIPPETS=() MEDIAN=()
add resolve "'$CLI' resolve-access-error '$MESSAGE'"
add version "'$CLI' --version"
run_all
echo "CLI start: resolve-access-error ${MEDIAN[0]} ms (target 150), --version ${MEDIAN[1]} ms"

PWSH=${PWSH:-$(command -v pwsh || true)}
if [ -n "$PWSH" ]; then
  dotnet build src/CloudTrailIamTools -c Release -nologo -v quiet >/dev/null
  SDK=$(dirname "$(find src/CloudTrailIamTools/bin/Release -name AWSSDK.Core.dll | head -n 1)")
  MODULE=$(pwd)/out/CloudTrailIamTools/CloudTrailIamTools.dll
  SCRIPT="Add-Type -Path '$SDK/AWSSDK.Core.dll'; Add-Type -Path '$SDK/AWSSDK.SecurityToken.dll'; \$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$MODULE'; \$null = Resolve-CloudTrailAccessError '$MESSAGE'; [int]\$w.Elapsed.TotalMilliseconds"
  samples=""
  for ((round = 0; round <= RUNS; round++)); do
    ms=$("$PWSH" -NoProfile -NonInteractive -Command "$SCRIPT")
    [ "$round" -gt 0 ] && samples+="$ms "
  done
  echo "module: Import-Module + first diagnosis $(tr ' ' '\n' <<<"$samples" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms (target 250; AWSSDK loaded first, as AWS.Tools.Common does)"
else
  echo "module: skipped, pwsh not found (set PWSH)"
fi
