using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;

namespace CloudTrailIamTools.Benchmarks
{
    internal static class Program
    {
        // Pass BenchmarkDotNet's own arguments, e.g. --filter '*Resolve*'; or `generate-logs DIR FILES RECORDS`
        // to write the benchmark's gzip logs for side-by-side runs (tools/bench.sh); or `denial-codes`.
        private static int Main(string[] args)
        {
            if (args.Length == 4 && args[0] == "generate-logs")
            {
                var (files, bytes) = BenchmarkLogs.Generate(
                    args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
                Console.WriteLine(files.Length + " files, " + bytes + " bytes of JSON, " + files.Sum(f => new System.IO.FileInfo(f).Length) + " bytes gzip");
                return 0;
            }

            if (args.Length == 1 && args[0] == "denial-codes")
            {
                // For tools/bench.sh: the authorization error codes, quoted, comma-separated (jq and SQL both read them).
                Console.WriteLine(string.Join(",", Core.Diagnostics.KnownErrorCodes.AuthorizationCodeList.Select(c => "\"" + c + "\"")));
                return 0;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
