using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using CloudTrailIamTools.Core.Tests.Fuzz;

namespace CloudTrailIamTools.Cli.Tests
{
    [CollectionDefinition(nameof(CliFuzzCollection), DisableParallelization = true)]
    public sealed class CliFuzzCollection
    {
    }

    /// <summary>
    /// Every CLI command that reads input (standard input and --path), fed hostile inputs for a fixed time: always an exit
    /// code of 0, 1 or 2, never the "unexpected ... report this as a bug" line or a stack trace, and a bounded heap.
    /// </summary>
    [Collection(nameof(CliFuzzCollection))]
    public sealed class CliReaderFuzzTests : IDisposable
    {
        private static readonly TimeSpan RandomPhase = TimeSpan.FromSeconds(5);
        // A 3 MB error message costs the message parser about 300 MB of short-lived garbage (msg's layout pass); the
        // readers themselves stay near one 64 MB buffer.
        private const long HeapLimitMegabytes = 512;

        private readonly string root = Path.Combine(Path.GetTempPath(), "ctit-cli-fuzz-" + Guid.NewGuid().ToString("N"));

        public CliReaderFuzzTests()
        {
            Directory.CreateDirectory(root);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        [Fact]
        public void EveryReadingCommandSurvivesHostileInput()
        {
            using var heap = new HeapWatch();
            HostileInputs.FeedAll(RandomPhase, (name, bytes, seed) => Feed(name, bytes, seed, heap));
        }

        private void Feed(string name, byte[] bytes, int seed, HeapWatch heap)
        {
            string file = HostileInputs.WriteAsLogFile(root, bytes);
            string text = Encoding.UTF8.GetString(bytes);
            string[][] commands =
            {
                new[] { "get-access-denied", "--json" },
                new[] { "get-access-denied", "--no-group", "--path", root },
                new[] { "resolve-access-error", "--json" },
                new[] { "resolve-access-error", "--path", file },
                new[] { "test-permission", "--requests", "-" },
                new[] { "test-permission", "--requests", file },
            };
            foreach (string[] args in commands)
            {
                heap.Reset();
                string stdin = args[args.Length - 1] == "-" || args.Length == 2 ? text : string.Empty;
                CliResult result;
                try
                {
                    result = CliRunner.Run(stdin, args);
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException(string.Join(" ", args) + " threw on '" + name + "' (seed " + seed + "): " + exception);
                }

                string what = string.Join(" ", args) + " on '" + name + "' (seed " + seed + ")";
                Assert.True(result.ExitCode is 0 or 1 or 2, what + " exited " + result.ExitCode);
                Assert.False(result.Error.Contains("report this as a bug", StringComparison.Ordinal), what + ": " + result.Error);
                Assert.False(result.Error.Contains("   at ", StringComparison.Ordinal), what + " printed a stack trace: " + result.Error);
                long grown = heap.PeakGrowthMegabytes;
                Assert.True(grown < HeapLimitMegabytes, what + " grew the heap by " + grown + " MB.");
            }
        }
    }
}
