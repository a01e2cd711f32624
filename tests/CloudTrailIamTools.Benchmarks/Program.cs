using BenchmarkDotNet.Running;

namespace CloudTrailIamTools.Benchmarks
{
    internal static class Program
    {
        // Pass BenchmarkDotNet's own arguments, e.g. --filter '*Resolve*'.
        private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
