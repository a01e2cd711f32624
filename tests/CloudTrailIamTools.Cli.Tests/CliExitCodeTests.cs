namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>Exit codes mean one thing each, and a wrong command line gets one error, not two contradictory ones.</summary>
    public sealed class CliExitCodeTests
    {
        private const string Commands = "Commands: resolve-access-error, grant-permission, grant-cross-account-role, repair-organization-trail-slr, test-permission, get-access-denied. Run 'cloudtrail-iam --help' for usage.";

        [Theory]
        [InlineData("bogus", "error: 'bogus' is not a cloudtrail-iam command.")]
        [InlineData("--bogus", "error: '--bogus' is not an option of cloudtrail-iam; options follow the command.")]
        public void AnUnknownCommandIsOneError(string arg, string expected)
        {
            CliResult result = CliRunner.Run(null, arg);

            // Before: "Required command was not provided." and "Unrecognized command or argument 'bogus'." together.
            Assert.Equal(2, result.ExitCode);
            Assert.Equal(expected + "\n" + Commands + "\n", result.Error.Replace("\r\n", "\n"));
            Assert.Equal(string.Empty, result.Output);
        }

        [Fact]
        public void NoCommandIsOneError()
        {
            CliResult result = CliRunner.Run(null);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: no command given.\n" + Commands + "\n", result.Error.Replace("\r\n", "\n"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("  \n\n")]
        public void EmptyStandardInputIsSaid(string input)
        {
            CliResult report = CliRunner.Run(input, "get-access-denied", "--json");
            CliResult resolve = CliRunner.Run(input, "resolve-access-error");

            // A report over nothing is no clean report; resolve's input may rightly be empty (`cmd 2>&1 | resolve-access-error`).
            Assert.Equal((1, "error: standard input was empty: no CloudTrail JSON to read."), (report.ExitCode, report.Error.Trim()));
            Assert.Equal((0, "note: standard input was empty: no error message to diagnose (give one as an argument, or --path)."), (resolve.ExitCode, resolve.Error.Trim()));
            Assert.Equal(string.Empty, report.Output + resolve.Output);
        }

        [Fact]
        public void TheExitCodesAreInTheHelp()
        {
            CliResult root = CliRunner.Run(null, "--help");

            Assert.Equal(0, root.ExitCode);
            Assert.Contains("Exit codes: 0 done, every input read; 1 some input could not be read or used", root.Output.Replace("\n", " ").Replace("  ", " "));
            foreach (string command in new[] { "get-access-denied", "resolve-access-error" })
            {
                Assert.Contains("Exit codes:", CliRunner.Run(null, command, "--help").Output);
            }
        }
    }
}
