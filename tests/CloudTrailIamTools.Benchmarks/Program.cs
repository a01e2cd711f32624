using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Running;
using CloudTrailIamTools.Cli;

namespace CloudTrailIamTools.Benchmarks
{
    internal static class Program
    {
        // Pass BenchmarkDotNet's own arguments, e.g. --filter '*Resolve*'; or --diverse N for a quick timing of the
        // diverse batch repeated N times (one warm-up pass, then the timed run), or --diverse-lines N to print it;
        // or `generate-logs DIR FILES RECORDS` to write the log-scan benchmark's gzip logs, or `denial-codes` (tools/bench.sh).
        private static void Main(string[] args)
        {
            if (args.Length == 4 && args[0] == "generate-logs")
            {
                var (files, bytes) = BenchmarkLogs.Generate(
                    args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
                Console.WriteLine(files.Length + " files, " + bytes + " bytes of JSON, " + files.Sum(f => new FileInfo(f).Length) + " bytes gzip");
                return;
            }

            if (args.Length == 1 && args[0] == "denial-codes")
            {
                // The authorization error codes, quoted, comma-separated (jq and SQL both read them).
                Console.WriteLine(string.Join(",", Core.Diagnostics.KnownErrorCodes.AuthorizationCodeList.Select(c => "\"" + c + "\"")));
                return;
            }

            if (args.Length == 2 && args[0] == "--diverse-lines")
            {
                Console.Out.Write(DiverseRequests.Repeated(int.Parse(args[1], CultureInfo.InvariantCulture)));
                return;
            }

            if (args.Length == 2 && args[0] == "--diverse")
            {
                int repeats = int.Parse(args[1], CultureInfo.InvariantCulture);
                string batch = DiverseRequests.Batch();
                string[] arguments = { "test-permission", "--requests", "-" };
                CliApplication.Run(arguments, new StringReader(batch), TextWriter.Null, TextWriter.Null);
                var reader = new RepeatingReader(batch, repeats);
                using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
                Process self = Process.GetCurrentProcess();
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                int gen0Before = GC.CollectionCount(0), gen2Before = GC.CollectionCount(2);
                TimeSpan gcBefore = GC.GetTotalPauseDuration();
                TimeSpan cpuBefore = self.TotalProcessorTime;
                Stopwatch clock = Stopwatch.StartNew();
                CliApplication.Run(arguments, reader, output, TextWriter.Null);
                clock.Stop();
                self.Refresh();
                double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
                long lines = (long)DiverseRequests.Distinct * repeats;
                Console.WriteLine("allocated " + ((GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / lines).ToString("N0", CultureInfo.InvariantCulture) +
                    " bytes/line, " + (GC.CollectionCount(0) - gen0Before) + " gen0 / " + (GC.CollectionCount(2) - gen2Before) + " gen2 collections, GC pauses " +
                    (GC.GetTotalPauseDuration() - gcBefore).TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s");
                Console.WriteLine(lines + " decisions in " + clock.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s wall (" +
                    (lines / clock.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + "/s), " +
                    cpu.ToString("F2", CultureInfo.InvariantCulture) + " s CPU (" + (lines / cpu).ToString("N0", CultureInfo.InvariantCulture) + "/s)");
                return;
            }

            if (args.Length == 2 && args[0] == "--existing")
            {
                // The existing batch shape (CliBatchBenchmarks: a few policy sets repeated), timed the same way.
                var existing = new CliBatchBenchmarks();
                existing.Setup();
                existing.BatchThroughCliToStream();
                int runs = int.Parse(args[1], CultureInfo.InvariantCulture);
                Process self = Process.GetCurrentProcess();
                TimeSpan cpuBefore = self.TotalProcessorTime;
                Stopwatch clock = Stopwatch.StartNew();
                for (int i = 0; i < runs; i++)
                {
                    existing.BatchThroughCliToStream();
                }

                clock.Stop();
                self.Refresh();
                double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
                long lines = 20_000L * runs;
                Console.WriteLine(lines + " existing-shape lines in " + clock.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s wall (" +
                    (lines / clock.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + "/s), " +
                    cpu.ToString("F2", CultureInfo.InvariantCulture) + " s CPU (" + (lines / cpu).ToString("N0", CultureInfo.InvariantCulture) + "/s)");
                return;
            }

            if (args.Length == 2 && args[0] == "--diverse-profile")
            {
                Profile(int.Parse(args[1], CultureInfo.InvariantCulture));
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }

        /// <summary>Where the time of a diverse line goes: reading, evaluating, the explanation, writing (CPU time, so a busy machine does not skew it).</summary>
        private static void Profile(int repeats)
        {
            string[] lines = DiverseRequests.Batch().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var reader = new CloudTrailIamTools.Core.Evaluation.EvaluationRequestReader();
            var options = CloudTrailIamTools.Core.Evaluation.ScenarioEvaluator.CatalogOptions;
            var buffer = new MemoryStream();
            var requests = new CloudTrailIamTools.Core.Evaluation.EvaluationRequest[lines.Length];
            var results = new CloudTrailIamTools.Core.Evaluation.EvaluationResult[lines.Length];
            TimeSpan parse = TimeSpan.Zero, evaluate = TimeSpan.Zero, explain = TimeSpan.Zero, write = TimeSpan.Zero;
            Process self = Process.GetCurrentProcess();
            for (int r = 0; r <= repeats; r++)
            {
                TimeSpan t0 = self.TotalProcessorTime;
                for (int i = 0; i < lines.Length; i++)
                {
                    requests[i] = reader.Parse(lines[i]);
                }

                self.Refresh();
                TimeSpan t1 = self.TotalProcessorTime;
                for (int i = 0; i < lines.Length; i++)
                {
                    results[i] = CloudTrailIamTools.Core.Evaluation.PolicyEvaluator.Evaluate(requests[i], options);
                }

                self.Refresh();
                TimeSpan t2 = self.TotalProcessorTime;
                int chars = 0;
                for (int i = 0; i < lines.Length; i++)
                {
                    chars += results[i].Explanation.Length;
                }

                self.Refresh();
                TimeSpan t3 = self.TotalProcessorTime;
                for (int i = 0; i < lines.Length; i++)
                {
                    buffer.SetLength(0);
                    using var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                    CloudTrailIamTools.Core.Evaluation.EvaluationResultWriter.Write(writer, results[i]);
                }

                self.Refresh();
                TimeSpan t4 = self.TotalProcessorTime;
                if (r > 0)
                {
                    parse += t1 - t0;
                    evaluate += t2 - t1;
                    explain += t3 - t2;
                    write += t4 - t3;
                }
            }

            if (Environment.GetEnvironmentVariable("DIVERSE_FAST") == "1")
            {
                int slow = 0;
                foreach (string line in lines)
                {
                    if (CloudTrailIamTools.Core.Evaluation.FastRequestScanner.TryParse(line, reader) is null)
                    {
                        slow++;
                    }
                }

                Console.WriteLine(slow + " of " + lines.Length + " lines miss the fast path");
            }

            double n = (double)lines.Length * repeats;
            Console.WriteLine("per line (CPU microseconds): parse " + (parse.TotalMilliseconds * 1000 / n).ToString("F2", CultureInfo.InvariantCulture) +
                ", evaluate " + (evaluate.TotalMilliseconds * 1000 / n).ToString("F2", CultureInfo.InvariantCulture) +
                ", explanation " + (explain.TotalMilliseconds * 1000 / n).ToString("F2", CultureInfo.InvariantCulture) +
                ", write " + (write.TotalMilliseconds * 1000 / n).ToString("F2", CultureInfo.InvariantCulture));
        }
    }
}
