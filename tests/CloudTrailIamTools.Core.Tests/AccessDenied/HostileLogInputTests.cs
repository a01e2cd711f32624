using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    /// <summary>Input a scheduled report meets in the wild: bad bytes, links, special files. Nothing stops the scan or counts twice.</summary>
    public sealed class HostileLogInputTests : IDisposable
    {
        private const string Ana = "arn:aws:iam::111122223333:user/ana";
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

        private readonly CloudTrailLogFactory logs = new CloudTrailLogFactory();

        public void Dispose() => logs.Dispose();

        internal static string Denied(string principal = Ana) => CloudTrailLogFactory.Record(principal, "cloudtrail.amazonaws.com", "GetTrailStatus", T0, "AccessDenied",
            "User: " + principal + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: main");

        /// <summary>A log of three denials whose middle record names a user with two bytes that are not UTF-8.</summary>
        internal static byte[] LogWithInvalidUtf8()
        {
            byte[] bad = Encoding.UTF8.GetBytes(Denied(Ana.Replace("ana", "an@@a")));
            for (int at = Array.IndexOf(bad, (byte)'@'); at >= 0; at = Array.IndexOf(bad, (byte)'@'))
            {
                bad[at] = 0xFF;
                bad[at + 1] = 0xFE;
            }
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.UTF8.GetBytes("{\"Records\":[" + Denied() + ","));
            bytes.AddRange(bad);
            bytes.AddRange(Encoding.UTF8.GetBytes("," + Denied() + "]}"));
            return bytes.ToArray();
        }

        [Fact]
        public void InvalidUtf8InOneRecordIsReportedWithItsFileAndRecordAndTheScanGoesOn()
        {
            string bad = logs.WriteBytes("a/bad.json", LogWithInvalidUtf8());
            string badGzip = logs.WriteBytes("a/bad2.json.gz", Gzip(LogWithInvalidUtf8()));
            logs.Write("b/good.json", CloudTrailLogFactory.Log(new[] { Denied(), Denied() }));

            List<AccessDeniedScanItem> items = new AccessDeniedScanner { MaxParallelism = 2 }.ScanPaths(new[] { logs.Root }).ToList();

            // Every denial, the bad record included (read with U+FFFD), and one problem per bad record naming file and record.
            Assert.Equal(8, items.Count(item => item.Event is not null));
            Assert.Equal(2, items.Count(item => item.Event?.PrincipalArn?.Contains('\uFFFD') == true));
            LogFileProblem[] problems = items.Where(item => item.Problem is not null).Select(item => item.Problem!).OrderBy(p => p.Path, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { bad + "#1", badGzip + "#1" }, problems.Select(p => p.Path));
            Assert.All(problems, p => Assert.Contains("not valid UTF-8", p.Message));
        }

        [Fact]
        public void InvalidUtf8OnStandardInputIsReportedWithItsLineAndTheRestIsRead()
        {
            // A log on line 1, then JSON Lines events, the second of which holds invalid UTF-8.
            byte[] eventLine = Encoding.UTF8.GetBytes(Denied(Ana.Replace("ana", "an@a")));
            for (int at = Array.IndexOf(eventLine, (byte)'@'); at >= 0; at = Array.IndexOf(eventLine, (byte)'@'))
            {
                eventLine[at] = 0xC3;
            }
            var input = new List<byte>();
            input.AddRange(LogWithInvalidUtf8());
            input.AddRange(Encoding.UTF8.GetBytes("\n" + Denied() + "\n"));
            input.AddRange(eventLine);
            input.AddRange(Encoding.UTF8.GetBytes("\n" + Denied() + "\n"));

            List<AccessDeniedScanItem> items = new AccessDeniedScanner().ScanJsonValues(new MemoryStream(input.ToArray())).ToList();

            Assert.Equal(6, items.Count(item => item.Event is not null));
            Assert.Equal(new[] { "<stdin>:1#1", "<stdin>:3" }, items.Where(item => item.Problem is not null).Select(item => item.Problem!.Path));
        }

        [Fact]
        public void AnErrorCodeThatIsNotUtf8IsNoDenialAndNoCrash()
        {
            byte[] record = Encoding.UTF8.GetBytes(CloudTrailLogFactory.Record(Ana, "s3.amazonaws.com", "GetObject", T0, "Access@Denied"));
            record[Array.IndexOf(record, (byte)'@')] = 0xFF;
            byte[] log = Encoding.UTF8.GetBytes("{\"Records\":[").Concat(record).Concat(Encoding.UTF8.GetBytes("," + Denied() + "]}")).ToArray();
            string path = logs.WriteBytes("code.json", log);

            List<AccessDeniedScanItem> items = new AccessDeniedScanner().ScanPaths(new[] { path }).ToList();

            AccessDeniedScanItem only = Assert.Single(items);
            Assert.Equal(path + "#1", only.Event!.Source);
        }

        [Fact]
        public void AnEscapedLoneSurrogateIsKeptAsReplacementCharacterNotACrash()
        {
            // Valid JSON, not valid Unicode: System.Text.Json's GetString throws on it.
            string record = Denied().Replace("on resource: main", "on resource: ma\\ud800in");
            string badCode = CloudTrailLogFactory.Record(Ana, "s3.amazonaws.com", "GetObject", T0, "AccessDenied")
                .Replace("\"errorCode\":\"AccessDenied\"", "\"errorCode\":\"Access\\udc00Denied\"");
            string path = logs.Write("surrogate.json", CloudTrailLogFactory.Log(new[] { record, badCode }));

            List<AccessDeniedScanItem> items = new AccessDeniedScanner().ScanPaths(new[] { path }).ToList();
            List<AccessDeniedScanItem> fromInput = new AccessDeniedScanner().ScanJsonValues(new MemoryStream(Encoding.UTF8.GetBytes(record + "\n"))).ToList();

            Assert.Equal("ma\uFFFDin", Assert.Single(items).Event!.Resource);
            Assert.Equal("ma\uFFFDin", Assert.Single(fromInput).Event!.Resource);
        }

        [Fact]
        public void LinksInsideFoldersAreNotFollowedSoNothingLoopsOrCountsTwice()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            logs.Write("AWSLogs/a.json", CloudTrailLogFactory.Log(new[] { Denied() }));
            logs.Write("AWSLogs/sub/b.json", CloudTrailLogFactory.Log(new[] { Denied() }));
            string loop = Path.Combine(logs.Root, "AWSLogs", "sub", "loop");
            Directory.CreateSymbolicLink(loop, "..");
            Directory.CreateSymbolicLink(Path.Combine(logs.Root, "AWSLogs", "up"), logs.Root);
            string fileLink = Path.Combine(logs.Root, "AWSLogs", "c.json");
            File.CreateSymbolicLink(fileLink, Path.Combine(logs.Root, "AWSLogs", "a.json"));

            List<AccessDeniedScanItem> items = new AccessDeniedScanner().ScanPaths(new[] { Path.Combine(logs.Root, "AWSLogs") }).ToList();

            Assert.Equal(2, items.Count(item => item.Event is not null));
            LogFileProblem[] skipped = items.Where(item => item.Problem is not null).Select(item => item.Problem!).ToArray();
            Assert.All(skipped, problem => Assert.Equal(LogFileProblemKind.Skipped, problem.Kind));
            Assert.All(skipped, problem => Assert.False(problem.IsError));
            Assert.Equal(new[] { fileLink, loop, Path.Combine(logs.Root, "AWSLogs", "up") }.OrderBy(p => p, StringComparer.Ordinal),
                skipped.Select(problem => problem.Path).OrderBy(p => p, StringComparer.Ordinal));
        }

        [Fact]
        public void OverlappingPathsReadEachFileOnce()
        {
            string a = logs.Write("AWSLogs/x/a.json", CloudTrailLogFactory.Log(new[] { Denied() }));
            logs.Write("AWSLogs/b.json", CloudTrailLogFactory.Log(new[] { Denied() }));
            string[] paths = { Path.Combine(logs.Root, "AWSLogs"), Path.Combine(logs.Root, "AWSLogs", "x"), a, a, Path.Combine(logs.Root, "AWSLogs") + "/" };

            var scanner = new AccessDeniedScanner();
            List<AccessDeniedScanItem> items = scanner.ScanPaths(paths).ToList();

            Assert.Equal(2, items.Count(item => item.Event is not null));
            Assert.Equal(2, scanner.FilesRead);
        }

        [Fact]
        public async System.Threading.Tasks.Task AFifoNamedLikeALogIsSkippedNotOpened()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            logs.Write("AWSLogs/a.json", CloudTrailLogFactory.Log(new[] { Denied() }));
            string empty = logs.Write("AWSLogs/empty.json", string.Empty);
            string fifo = Path.Combine(logs.Root, "AWSLogs", "x.json");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { fifo }))
            {
                mkfifo.WaitForExit();
                Assert.Equal(0, mkfifo.ExitCode);
            }

            var scan = System.Threading.Tasks.Task.Run(() => new AccessDeniedScanner().ScanPaths(new[] { Path.Combine(logs.Root, "AWSLogs") }).ToList());
            // Before the fix the reader blocked in open() for ever: this throws TimeoutException.
            List<AccessDeniedScanItem> items = await scan.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Single(items, item => item.Event is not null);

            // An empty regular file is still read (and reported as cut short): only the FIFO is skipped.
            Assert.Equal(LogFileProblemKind.InvalidJson, Assert.Single(items, item => item.Problem?.Path == empty).Problem!.Kind);
            LogFileProblem skipped = Assert.Single(items, item => item.Problem is not null && item.Problem.Path != empty).Problem!;
            Assert.Equal(fifo, skipped.Path);
            Assert.Equal(LogFileProblemKind.Skipped, skipped.Kind);
            Assert.Contains("not a regular file", skipped.Message);
        }

        internal static byte[] Gzip(byte[] content)
        {
            using var memory = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write(content, 0, content.Length);
            }

            return memory.ToArray();
        }
    }
}
