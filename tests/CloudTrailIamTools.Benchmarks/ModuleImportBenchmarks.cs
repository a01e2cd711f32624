using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Issue 17, module row: Import-Module plus the first Resolve-CloudTrailAccessError (target: at most 250 ms together).
    /// Timed as whole pwsh processes: PwshStart loads the AWS SDK assemblies (as AWS.Tools.Common would) and exits;
    /// ImportAndFirstDiagnosis does the same, then imports out/CloudTrailIamTools and diagnoses one message. The
    /// difference of the two means is the import plus the first diagnosis. Needs pwsh (PWSH=/path/to/pwsh, or on PATH)
    /// and a Release build of src/CloudTrailIamTools. Run: dotnet run -c Release --project
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
            string bin = Path.Combine(ProcessRunner.RepoRoot, "src", "CloudTrailIamTools", "bin", "Release");
            string sdk = Directory.GetFiles(bin, "AWSSDK.Core.dll", SearchOption.AllDirectories).Select(Path.GetDirectoryName).First()!;
            loadSdk = "Add-Type -Path '" + Path.Combine(sdk, "AWSSDK.Core.dll") + "'; Add-Type -Path '" + Path.Combine(sdk, "AWSSDK.SecurityToken.dll") + "'";
            module = Path.Combine(ProcessRunner.RepoRoot, "out", "CloudTrailIamTools", "CloudTrailIamTools.dll");
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
