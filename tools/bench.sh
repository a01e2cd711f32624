#!/usr/bin/env bash
# Side-by-side timings for the performance targets (issue 17), as whole processes: medians of RUNS runs taken in
# turn (A B C A B C ...), so that a drifting machine load hits every command alike; then each ratio.
#   log scan : `cloudtrail-iam get-access-denied --path` over 200 gzip logs (200,000 records) against single-threaded
#              `gzip -dc` of the same files (target: at most 1.0x), `gzip -dc | jq` selecting the denials, and DuckDB's
#              read_json with the same GROUP BY where @duckdb/node-api is installed (DUCKDB_NODE_MODULES=.../node_modules).
#   CLI start: one `resolve-access-error` (target: at most 150 ms).
#   batch    : `test-permission --requests -` over the diverse batch (340 distinct lines, each with its own policies,
#              repeated 600 times: 204,000 decisions), whole process and steady state (target: 200,000 decisions/s).
#   module   : Import-Module of the built manifest plus the first Resolve-CloudTrailAccessError in a running pwsh, with
#              AWS.Tools.Common (the test stand-in from out/test-modules) already loaded as users have it (target: at
#              most 250 ms), where pwsh is found (PWSH=/path/to/pwsh, or on PATH).
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

# The diverse batch, as one file given on standard input; 600 and 1,200 passes, so that the difference is the
# steady state (process start, the first pass filling the caches and the JIT's work are in both).
BATCH=${TMPDIR:-/tmp}/ctit-bench-diverse
if [ ! -s "$BATCH-600.jsonl" ]; then
  dotnet "$BENCH" --diverse-lines 600 >"$BATCH-600.jsonl"
  cat "$BATCH-600.jsonl" "$BATCH-600.jsonl" >"$BATCH-1200.jsonl"
fi
NAMES=() SNIPPETS=() MEDIAN=()
add batch600 "'$CLI' test-permission --requests - < '$BATCH-600.jsonl'"
add batch1200 "'$CLI' test-permission --requests - < '$BATCH-1200.jsonl'"
run_all
rate() { awk -v n="$1" -v ms="$2" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }
echo "diverse batch: 204,000 decisions in ${MEDIAN[0]} ms ($(rate 204000 "${MEDIAN[0]}")/s, process start included); 408,000 in ${MEDIAN[1]} ms; steady state $(rate 204000 $((MEDIAN[1] - MEDIAN[0])))/s (target 200,000/s)"

PWSH=${PWSH:-$(command -v pwsh || true)}
if [ -n "$PWSH" ]; then
  dotnet build src/CloudTrailIamTools -c Release -nologo -v quiet >/dev/null
  dotnet build tests/TestModules -c Release -nologo -v quiet >/dev/null
  MODULES=$(pwd)/out/test-modules
  MANIFEST=$(pwd)/out/CloudTrailIamTools/CloudTrailIamTools.psd1
  SCRIPT="\$env:PSModulePath = '$MODULES' + [IO.Path]::PathSeparator + \$env:PSModulePath; Import-Module AWS.Tools.Common; \$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$MANIFEST'; \$null = Resolve-CloudTrailAccessError '$MESSAGE'; [int]\$w.Elapsed.TotalMilliseconds"
  samples=""
  for ((round = 0; round <= RUNS; round++)); do
    ms=$("$PWSH" -NoProfile -NonInteractive -Command "$SCRIPT")
    [ "$round" -gt 0 ] && samples+="$ms "
  done
  echo "module: Import-Module + first diagnosis $(tr ' ' '\n' <<<"$samples" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms (target 250; AWS.Tools.Common loaded first, as users have it)"
else
  echo "module: skipped, pwsh not found (set PWSH)"
fi
