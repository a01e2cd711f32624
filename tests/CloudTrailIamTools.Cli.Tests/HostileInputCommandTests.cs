using System;
using System.IO;
using System.Linq;
using System.Text;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>get-access-denied and resolve-access-error meet bad bytes, links and special files: report, go on, count once.</summary>
    public sealed class HostileInputCommandTests : IDisposable
    {
        private const string Ana = "arn:aws:iam::111122223333:user/ana";

        private readonly string root = Path.Combine(Path.GetTempPath(), "ctit-cli-hostile-" + Guid.NewGuid().ToString("N"));

        public HostileInputCommandTests()
        {
            Directory.CreateDirectory(root);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        internal static string Denied(string principal = Ana) =>
            "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + principal + "\",\"accountId\":\"111122223333\"}," +
            "\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"GetTrailStatus\",\"awsRegion\":\"us-east-1\"," +
            "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: " + principal + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: main\"," +
            "\"eventID\":\"" + Guid.NewGuid() + "\",\"recipientAccountId\":\"111122223333\"}";

        /// <summary>A log of three denials; the middle one names a user whose name holds bytes that are not UTF-8.</summary>
        internal static byte[] LogWithInvalidUtf8()
        {
            byte[] bad = Encoding.UTF8.GetBytes(Denied(Ana.Replace("ana", "an@a")));
            for (int at = Array.IndexOf(bad, (byte)'@'); at >= 0; at = Array.IndexOf(bad, (byte)'@'))
            {
                bad[at] = 0xFF;
            }

            return Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + ",").Concat(bad).Concat(Encoding.UTF8.GetBytes("," + Denied() + "]}")).ToArray();
        }

        private string Write(string relative, byte[] content)
        {
            string path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            return path;
        }

        [Fact]
        public void GetAccessDeniedReportsTheBadRecordAndCountsEveryDenial()
        {
            string bad = Write("logs/bad.json", LogWithInvalidUtf8());
            Write("logs/good.json", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + "]}"));

            CliResult result = CliRunner.Run(null, "get-access-denied", "--path", Path.Combine(root, "logs"), "--no-group", "--json");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(4, result.OutputLines.Length);
            Assert.Equal("error: " + bad + "#1: The record is not valid UTF-8 text; it was read with U+FFFD in place of the bad bytes.", result.Error.Trim());
        }

        [Fact]
        public void ALinkBackUpTheTreeIsNotedNotFollowed()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            Write("logs/a.json", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + "]}"));
            Write("logs/sub/b.json", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + "]}"));
            string loop = Path.Combine(root, "logs", "sub", "loop");
            Directory.CreateSymbolicLink(loop, "..");

            CliResult result = CliRunner.Run(null, "get-access-denied", "--path", Path.Combine(root, "logs"), "--json");

            // Before: the loop made each file count many times over, with exit 0 and no word about it.
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("\"Count\":2,", Assert.Single(result.OutputLines));
            Assert.StartsWith("note: " + loop + ": Skipped: a link to a folder", result.Error.Trim());
        }

        [Fact]
        public void ResolvePathReportsTheBadRecordAndDiagnosesEverythingElse()
        {
            string bad = Write("bad.json", LogWithInvalidUtf8());
            string truncated = Write("cut.json", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + ",{\"eventVersion\":"));
            string good = Write("good.json", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + "]}"));

            CliResult result = CliRunner.Run(null, "resolve-access-error", "--json", "--path", bad, "--path", truncated, "--path", good);

            // Bad data is a data error (1), not a usage error (2); 3 + 1 + 1 diagnoses, one error line per problem.
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(5, result.OutputLines.Length);
            string[] errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, errors.Length);
            Assert.Equal("error: " + bad + "#1: The record is not valid UTF-8 text; it was read with U+FFFD in place of the bad bytes.", errors[0]);
            Assert.StartsWith("error: " + truncated + ": The JSON is invalid or truncated", errors[1]);
        }

        [Fact]
        public void ResolvePathOfAFolderOrMissingFileIsAUsageError()
        {
            CliResult folder = CliRunner.Run(null, "resolve-access-error", "--path", root);
            CliResult missing = CliRunner.Run(null, "resolve-access-error", "--path", Path.Combine(root, "nope.json"));

            Assert.Equal((2, "error: --path '" + root + "': is a folder; name the log files in it."), (folder.ExitCode, folder.Error.Trim()));
            Assert.Equal((2, "error: --path '" + Path.Combine(root, "nope.json") + "': no such file."), (missing.ExitCode, missing.Error.Trim()));
        }
    }
}
