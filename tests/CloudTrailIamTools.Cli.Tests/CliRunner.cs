using System.IO;

namespace CloudTrailIamTools.Cli.Tests
{
    internal sealed class CliResult
    {
        public CliResult(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Error { get; }

        public string[] OutputLines => Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
    }

    internal static class CliRunner
    {
        public static CliResult Run(string? standardInput, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exitCode = CliApplication.Run(args, new StringReader(standardInput ?? string.Empty), output, error);
            return new CliResult(exitCode, output.ToString().Replace("\r\n", "\n"), error.ToString());
        }
    }
}
