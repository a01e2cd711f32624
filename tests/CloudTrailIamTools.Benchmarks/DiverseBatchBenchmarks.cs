using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using CloudTrailIamTools.Cli;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Target (issue 17): at least 200,000 decisions per second on the diverse shape - about 340 distinct request
    /// lines, each carrying its own policies over S3, KMS, IAM, STS, EC2 and CloudTrail, the batch repeated - through
    /// `test-permission --requests -` end to end. One operation is one request line, so the mean must stay under
    /// 5,000 ns. The batch repeats 600 times, as in the measurement, streamed from one copy of it
    /// (RepeatingReader), so an operation is 204,000 lines: the first pass, which fills the policy caches, weighs
    /// as little as it does in the run.
    /// Quick check without BenchmarkDotNet: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks -- --diverse 600
    /// Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks -- --filter '*DiverseBatchBenchmarks*' --job short
    /// </summary>
    [MemoryDiagnoser]
    public class DiverseBatchBenchmarks
    {
        private const int Repeats = 600;
        private const int Lines = DiverseRequests.Distinct * Repeats;

        private static readonly string[] Arguments = { "test-permission", "--requests", "-" };

        private string batch = null!;

        [GlobalSetup]
        public void Setup()
        {
            batch = DiverseRequests.Batch();
            var check = new StringWriter();
            int exit = CliApplication.Run(Arguments, new StringReader(DiverseRequests.Batch()), check, new StringWriter());
            string[] written = check.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            if (exit != 0 || written.Length != DiverseRequests.Distinct || System.Array.Exists(written, line => line.StartsWith("{\"Line\":", System.StringComparison.Ordinal)))
            {
                throw new System.InvalidOperationException("The diverse batch did not evaluate every line (exit " + exit + ", " + written.Length + " lines).");
            }
        }

        [Benchmark(OperationsPerInvoke = Lines)]
        public int DiverseBatchThroughCliToStream()
        {
            using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
            return CliApplication.Run(Arguments, new RepeatingReader(batch, Repeats), output, TextWriter.Null);
        }
    }
}
