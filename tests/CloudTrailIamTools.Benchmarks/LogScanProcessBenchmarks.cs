using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Issue 17, log scan row: `cloudtrail-iam get-access-denied --path` over 200 gzip logs (200,000 records, about 3%
    /// denials, every denial diagnosed and grouped) as a whole process, against single-threaded `gzip -dc` of the same
    /// files (the baseline; target Ratio at most 1.00), `gzip -dc | jq` selecting the denials, and DuckDB's read_json
    /// with the same GROUP BY (only where @duckdb/node-api is installed: DUCKDB_NODE_MODULES=/path/to/node_modules;
    /// otherwise that row fails and says so). The logs are written once to $TMPDIR/ctit-bench-logs (the folder
    /// tools/bench.sh uses). Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks -- --filter '*LogScanProcess*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
    public class LogScanProcessBenchmarks
    {
        private string logs = string.Empty;
        private string[] files = Array.Empty<string>();
        private string codes = string.Empty;

        [GlobalSetup]
        public void Setup()
        {
            logs = Path.Combine(Path.GetTempPath(), "ctit-bench-logs");
            if (!Directory.Exists(logs))
            {
                BenchmarkLogs.Generate(logs, 200, 1000);
            }

            files = Directory.GetFiles(logs, "*.json.gz", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            codes = string.Join(",", Core.Diagnostics.KnownErrorCodes.AuthorizationCodeList.Select(c => "\"" + c + "\""));
        }

        [Benchmark(Baseline = true)]
        public void GzipDecompress() => ProcessRunner.Shell("gzip -dc \"$@\" > /dev/null", files);

        [Benchmark]
        public void CliGetAccessDenied() => ProcessRunner.Run(ProcessRunner.Cli, "get-access-denied", "--path", logs);

        [Benchmark]
        public void ZcatJq() => ProcessRunner.Shell("gzip -dc \"$@\" | jq -c '.Records[] | select(.errorCode | IN(" + codes + "))' > /dev/null", files);

        [Benchmark]
        public void DuckDbReadJson()
        {
            string? modules = Environment.GetEnvironmentVariable("DUCKDB_NODE_MODULES");
            if (string.IsNullOrEmpty(modules) || !Directory.Exists(Path.Combine(modules, "@duckdb", "node-api")))
            {
                throw new InvalidOperationException("DuckDB is not installed here: npm install @duckdb/node-api, then set DUCKDB_NODE_MODULES to its node_modules.");
            }

            ProcessRunner.Run("node", Path.Combine(ProcessRunner.RepoRoot, "tools", "bench-duckdb.mjs"), logs, codes.Replace('"', '\''));
        }
    }
}
