using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Issue 17, module row: Import-Module plus the first Resolve-CloudTrailAccessError (target: at most 250 ms together).
    /// Timed as whole pwsh processes: PwshStart imports AWS.Tools.Common (the test stand-in the build lays out in
    /// out/test-modules, which loads AWSSDK.Core as the real one does) and exits; ImportAndFirstDiagnosis does the
    /// same, then imports the built manifest out/CloudTrailIamTools/CloudTrailIamTools.psd1 and diagnoses one message.
    /// The difference of the two means is the import plus the first diagnosis. Needs pwsh (PWSH=/path/to/pwsh, or on
    /// PATH) and Release builds of src/CloudTrailIamTools and tests/TestModules. Run: dotnet run -c Release --project
    /// tests/CloudTrailIamTools.Benchmarks -- --filter '*ModuleImport*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
    public class ModuleImportBenchmarks
    {
        private const string Message =
            "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/My-Trail";

        private string pwsh = string.Empty;
        private string loadSdk = string.Empty;
        private string module = string.Empty;

        [GlobalSetup]
        public void Setup()
        {
            pwsh = Environment.GetEnvironmentVariable("PWSH") ?? FindOnPath("pwsh")
                ?? throw new InvalidOperationException("pwsh not found: set PWSH to a PowerShell 7 executable.");
            string modules = Path.Combine(ProcessRunner.RepoRoot, "out", "test-modules");
            if (!Directory.Exists(Path.Combine(modules, "AWS.Tools.Common")))
            {
                throw new InvalidOperationException("out/test-modules/AWS.Tools.Common not found: build tests/TestModules -c Release first.");
            }

            loadSdk = "$env:PSModulePath = '" + modules + "' + [IO.Path]::PathSeparator + $env:PSModulePath; Import-Module AWS.Tools.Common";
            module = Path.Combine(ProcessRunner.RepoRoot, "out", "CloudTrailIamTools", "CloudTrailIamTools.psd1");
        }

        [Benchmark(Baseline = true)]
        public void PwshStart() => ProcessRunner.Run(pwsh, "-NoProfile", "-NonInteractive", "-Command", loadSdk);

        [Benchmark]
        public void ImportAndFirstDiagnosis() =>
            ProcessRunner.Run(pwsh, "-NoProfile", "-NonInteractive", "-Command", loadSdk + "; Import-Module '" + module + "'; $null = Resolve-CloudTrailAccessError '" + Message + "'");

        private static string? FindOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}
