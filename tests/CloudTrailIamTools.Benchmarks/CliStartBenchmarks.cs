using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Issue 17, CLI start row: one `cloudtrail-iam resolve-access-error` from process start to exit (target: at most
    /// 150 ms, read the Mean/Median). `--version` shows the floor: runtime start and command-line set-up without a
    /// diagnosis. Uses the Release build (ReadyToRun): build it first. Run: dotnet run -c Release --project
    /// tests/CloudTrailIamTools.Benchmarks -- --filter '*CliStart*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
    public class CliStartBenchmarks
    {
        private const string Message =
            "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail";

        [Benchmark(Baseline = true)]
        public void Version() => ProcessRunner.Run(ProcessRunner.Cli, "--version");

        [Benchmark]
        public void ResolveAccessError() => ProcessRunner.Run(ProcessRunner.Cli, "resolve-access-error", Message);
    }
}
