using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Target (issue 8): over gzip CloudTrail logs, Scan runs at least 5x faster than `zcat | jq` selecting the denied
    /// records (ZcatJq) and takes at most 1.5x the time of `gzip -dc` alone (GzipDecompress, the baseline) on the same
    /// files. Read the Ratio column: Scan &lt;= 1.50, ZcatJq / Scan &gt;= 5. The set-up writes its own logs: realistic
    /// 1-2 KB management events (about 3% denials) in the AWSLogs layout, ~60 MB uncompressed in 48 files, gzip
    /// level 6 as CloudTrail delivers them. Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks
    /// -- --filter '*AccessDeniedScan*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
    [MemoryDiagnoser]
    public class AccessDeniedScanBenchmarks
    {
        public const int Files = 48;
        public const int RecordsPerFile = 900;

        private static readonly string JqDenied =
            ".Records[] | select(.errorCode | IN(" + string.Join(", ", Core.Diagnostics.KnownErrorCodes.AuthorizationCodeList.Select(c => JsonSerializer.Serialize(c))) + "))";

        private string root = string.Empty;
        private string[] files = Array.Empty<string>();

        public long UncompressedBytes { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            root = Path.Combine(Path.GetTempPath(), "ctit-bench-denied");
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            (files, UncompressedBytes) = BenchmarkLogs.Generate(root, Files, RecordsPerFile);
            long scanned = Scan();
            long selectedByJq = long.Parse(ShellOutput("gzip -dc \"$@\" | jq -c '" + JqDenied + "' | wc -l").Trim(), CultureInfo.InvariantCulture);
            if (scanned != selectedByJq)
            {
                throw new InvalidOperationException("The scan found " + scanned + " denials but jq selected " + selectedByJq + ": the comparison would be unfair.");
            }

            Console.WriteLine("// " + scanned + " denials (jq agrees)");
            Console.WriteLine("// " + files.Length + " files, " + (UncompressedBytes / (1024 * 1024)) + " MB uncompressed, " +
                (files.Sum(p => new FileInfo(p).Length) / 1024) + " KB compressed");
        }

        [GlobalCleanup]
        public void Cleanup() => Directory.Delete(root, recursive: true);

        [Benchmark(Baseline = true)]
        public int GzipDecompress() => Shell("gzip -dc \"$@\" > /dev/null");

        [Benchmark]
        public int ZcatJq() => Shell("gzip -dc \"$@\" | jq -c '" + JqDenied + "' > /dev/null");

        [Benchmark]
        public long Scan()
        {
            var scanner = new AccessDeniedScanner();
            var groups = new AccessDeniedAggregator();
            foreach (AccessDeniedScanItem item in scanner.ScanPaths(new[] { root }))
            {
                groups.Add(item.Event ?? throw new InvalidOperationException(item.Problem!.ToString()));
            }

            return groups.EventCount;
        }

        /// <summary>The scan on one core: the work per byte, without the parallelism.</summary>
        [Benchmark]
        public long ScanOneCore()
        {
            var scanner = new AccessDeniedScanner { MaxParallelism = 1 };
            long count = 0;
            foreach (AccessDeniedScanItem item in scanner.ScanPaths(new[] { root }))
            {
                count += item.Event is null ? 0 : 1;
            }

            return count;
        }

        /// <summary>In-process gzip decompression alone on one core: the floor under ScanOneCore.</summary>
        [Benchmark]
        public long DecompressOneCore()
        {
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            foreach (string file in files)
            {
                using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }
            }

            return total;
        }

        private byte[][] plain = Array.Empty<byte[]>();

        private byte[][] denials = Array.Empty<byte[]>();

        [GlobalSetup(Target = nameof(DiagnoseDenialsOneCore))]
        public void SetupDenials()
        {
            SetupPlain();
            var list = new List<byte[]>();
            foreach (byte[] bytes in plain)
            {
                using var document = JsonDocument.Parse(bytes);
                foreach (JsonElement record in document.RootElement.GetProperty("Records").EnumerateArray())
                {
                    if (record.TryGetProperty("errorCode", out JsonElement code) && AccessDeniedScanner.IsAuthorizationErrorCode(code.GetString()))
                    {
                        list.Add(Encoding.UTF8.GetBytes(record.GetRawText()));
                    }
                }
            }

            denials = list.ToArray();
            Console.WriteLine("// " + denials.Length + " denials");
        }

        /// <summary>Parsing and diagnosing only the denied records (what the scan adds on top of reading).</summary>
        [Benchmark]
        public int DiagnoseDenialsOneCore()
        {
            int recognized = 0;
            foreach (byte[] record in denials)
            {
                using var document = JsonDocument.Parse(record);
                recognized += Core.Diagnostics.AccessErrorResolver.Default.ResolveJson(document.RootElement, "x")[0].Recognized ? 1 : 0;
            }

            return recognized;
        }

        [GlobalSetup(Target = nameof(TokenizeOneCore))]
        public void SetupPlain()
        {
            Setup();
            plain = files.Select(f =>
            {
                using var stream = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            }).ToArray();
        }

        /// <summary>Utf8JsonReader over the decompressed bytes, token by token: the floor of the JSON side.</summary>
        [Benchmark]
        public long TokenizeOneCore()
        {
            long tokens = 0;
            foreach (byte[] bytes in plain)
            {
                var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
                while (reader.Read())
                {
                    tokens++;
                }
            }

            return tokens;
        }

        private int Shell(string script)
        {
            using Process process = StartShell(script, redirect: false);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("'" + script + "' failed with exit code " + process.ExitCode);
            }

            return process.ExitCode;
        }

        private string ShellOutput(string script)
        {
            using Process process = StartShell(script, redirect: true);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }

        private Process StartShell(string script, bool redirect)
        {
            var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = redirect };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("set -o pipefail; " + script);
            start.ArgumentList.Add("sh");
            foreach (string file in files)
            {
                start.ArgumentList.Add(file);
            }

            return Process.Start(start)!;
        }
    }
}
