using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    public sealed class AccessDeniedScannerTests : IDisposable
    {
        private const string Alice = "arn:aws:iam::111122223333:user/alice";
        private const string Bob = "arn:aws:iam::111122223333:user/ops/bob";
        private const string Deployer = "arn:aws:sts::222233334444:assumed-role/Deployer/s1";
        private const string Trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

        private readonly CloudTrailLogFactory logs = new CloudTrailLogFactory();

        public void Dispose() => logs.Dispose();

        private static string AliceDenied(DateTimeOffset time) => CloudTrailLogFactory.Record(Alice, "cloudtrail.amazonaws.com", "GetTrailStatus", time, "AccessDenied",
            "User: " + Alice + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: " + Trail + " because no identity-based policy allows the cloudtrail:GetTrailStatus action");

        private static string BobDenied(DateTimeOffset time) => CloudTrailLogFactory.Record(Bob, "ec2.amazonaws.com", "RunInstances", time, "Client.UnauthorizedOperation",
            "You are not authorized to perform this operation.", resourceArn: "arn:aws:ec2:us-east-1:111122223333:instance/*");

        /// <summary>The standard and the organization layout, gzip and plain, a digest folder and a stray file; 7 planted denials.</summary>
        private void PlantLogs()
        {
            var a = new List<string>();
            for (int i = 0; i < 300; i++)
            {
                a.Add(CloudTrailLogFactory.Success(i, T0));
                if (i == 50)
                {
                    a.Add(AliceDenied(T0.AddHours(1)));
                }

                if (i == 120)
                {
                    a.Add(BobDenied(T0.AddHours(2)));
                    a.Add(CloudTrailLogFactory.Record(Bob, "ec2.amazonaws.com", "DescribeVolumes", T0.AddHours(2), "RequestLimitExceeded", "Request limit exceeded."));
                }

                if (i == 250)
                {
                    a.Add(AliceDenied(T0.AddHours(3)));
                    a.Add(BobDenied(T0.AddHours(4)));
                }
            }

            logs.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0005Z_a1.json.gz", CloudTrailLogFactory.Log(a));

            var b = new List<string>
            {
                AliceDenied(T0.AddDays(-1)),
                CloudTrailLogFactory.Success(1, T0.AddDays(-1)),
                // Larger than the small buffers the tests use, so the buffer has to grow.
                CloudTrailLogFactory.Record(Deployer, "iam.amazonaws.com", "PassRole", T0.AddDays(-1).AddMinutes(5), "AccessDeniedException",
                    "User: " + Deployer + " is not authorized to perform: iam:PassRole on resource: arn:aws:iam::222233334444:role/App", padding: 20_000),
                CloudTrailLogFactory.Record(Deployer, "iam.amazonaws.com", "GetRole", T0.AddDays(-1), "ThrottlingException", "Rate exceeded"),
            };
            logs.Write("AWSLogs/o-abc123def4/222233334444/CloudTrail/eu-west-1/2026/11/19/222233334444_CloudTrail_eu-west-1_20261119T2355Z_b1.json", CloudTrailLogFactory.Log(b));
            logs.Write("AWSLogs/o-abc123def4/222233334444/CloudTrail/eu-west-1/2026/11/19/222233334444_CloudTrail_eu-west-1_20261119T2359Z_b2.json.gz",
                CloudTrailLogFactory.Log(new[] { AliceDenied(T0.AddDays(-1).AddHours(1)) }));
            logs.Write("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/20/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20261120T010000Z.json.gz",
                "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2026-11-20T00:00:00Z\"}");
            logs.Write("AWSLogs/README.txt", "not a log");
        }

        private static (List<AccessDeniedEvent> Events, List<LogFileProblem> Problems) Collect(IEnumerable<AccessDeniedScanItem> items)
        {
            var events = new List<AccessDeniedEvent>();
            var problems = new List<LogFileProblem>();
            foreach (AccessDeniedScanItem item in items)
            {
                if (item.Event is not null)
                {
                    events.Add(item.Event);
                }
                else
                {
                    problems.Add(item.Problem!);
                }
            }

            return (events, problems);
        }

        private static List<AccessDeniedScanItem> ScanText(AccessDeniedScanner scanner, string log, string source)
        {
            var items = new List<AccessDeniedScanItem>();
            scanner.ScanStream(new MemoryStream(Encoding.UTF8.GetBytes(log)), source, items.Add);
            return items;
        }

        private static IReadOnlyList<AccessDeniedGroup> Group(IEnumerable<AccessDeniedEvent> events)
        {
            var aggregator = new AccessDeniedAggregator();
            foreach (AccessDeniedEvent e in events)
            {
                aggregator.Add(e);
            }

            return aggregator.GetGroups();
        }

        [Theory]
        [InlineData(64)]
        [InlineData(700)]
        [InlineData(CloudTrailLogStreamReader.DefaultBufferSize)]
        public void FindsEveryPlantedDenialAcrossLayoutsAndBufferSizes(int bufferSize)
        {
            PlantLogs();
            var scanner = new AccessDeniedScanner(null, null, bufferSize);

            var (events, problems) = Collect(scanner.ScanPaths(new[] { logs.Root }));

            Assert.Empty(problems);
            Assert.Equal(3, scanner.FilesRead);
            Assert.Equal(300 + 5 + 4 + 1, scanner.RecordsRead);
            Assert.Equal(7, events.Count);
            IReadOnlyList<AccessDeniedGroup> groups = Group(events);
            Assert.Equal(3, groups.Count);

            AccessDeniedGroup alice = groups[0];
            Assert.Equal((Alice, "cloudtrail:GetTrailStatus", 4L), (alice.PrincipalArn, alice.Action, alice.Count));
            Assert.Equal(T0.AddDays(-1), alice.FirstSeen);
            Assert.Equal(T0.AddHours(3), alice.LastSeen);
            Assert.Equal(Trail, alice.Resource);
            Assert.Equal("AccessDenied", alice.ErrorCode);
            Assert.Equal(DiagnosisKind.NotAuthorized, alice.Diagnosis.Kind);
            Assert.Equal(T0.AddHours(3), alice.Diagnosis.EventTime);
            Assert.NotNull(alice.Diagnosis.SuggestedPolicy);

            AccessDeniedGroup bob = groups[1];
            Assert.Equal((Bob, "ec2:RunInstances", 2L), (bob.PrincipalArn, bob.Action, bob.Count));
            Assert.Equal((T0.AddHours(2), T0.AddHours(4)), (bob.FirstSeen, bob.LastSeen));
            Assert.Equal("Client.UnauthorizedOperation", bob.ErrorCode);
            Assert.Equal("arn:aws:ec2:us-east-1:111122223333:instance/*", bob.Resource);

            AccessDeniedGroup deployer = groups[2];
            Assert.Equal((Deployer, "iam:PassRole", 1L), (deployer.PrincipalArn, deployer.Action, deployer.Count));
            Assert.Equal("AccessDeniedException", deployer.ErrorCode);
            Assert.Equal("Deployer", deployer.Diagnosis.PrincipalName);

            if (bufferSize < 20_000)
            {
                Assert.True(scanner.LargestBuffer > 20_000, "the buffer grew for the large record");
            }
        }

        [Fact]
        public void EachEventNamesItsFileAndRecordNumber()
        {
            PlantLogs();
            var (events, _) = Collect(new AccessDeniedScanner().ScanPaths(new[] { logs.Root }));

            AccessDeniedEvent first = events.Single(e => e.EventTime == T0.AddDays(-1) && e.PrincipalArn == Alice);
            Assert.EndsWith("_b1.json#0", first.Source);
            Assert.Equal("cloudtrail:GetTrailStatus", first.Action);
            Assert.Equal("AccessDenied", first.ErrorCode);
            Assert.Equal(Trail, first.Resource);
            Assert.Equal("us-east-1", first.Region);
            Assert.Equal("111122223333", first.AccountId);
            Assert.Same(first.Diagnosis.EventId, first.EventId);
            // Record 51 of file a: 50 successes and the denial, counted from 0.
            Assert.Contains(events, e => e.Source.EndsWith("_a1.json.gz#51", StringComparison.Ordinal) && e.EventTime == T0.AddHours(1));
        }

        [Fact]
        public void BadFilesAreReportedOneByOneAndTheScanGoesOn()
        {
            PlantLogs();
            string good = CloudTrailLogFactory.Log(new[] { AliceDenied(T0.AddHours(10)), CloudTrailLogFactory.Success(1, T0) });
            string corrupt = logs.WriteBytes("bad/corrupt.json.gz", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xfe, 1, 2, 3 });
            string notGzip = logs.WriteBytes("bad/plain-text.json.gz", new byte[] { 0x1f, 0x8b }.Concat(Encoding.UTF8.GetBytes("hello")).ToArray());
            string truncated = logs.WriteBytes("bad/truncated.json.gz", CloudTrailLogFactory.Gzip(good.Substring(0, good.Length - 200)));
            string truncatedPlain = logs.Write("bad/truncated.json", good.Substring(0, good.Length - 5));
            string notLog = logs.Write("bad/other.json", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
            string array = logs.Write("bad/array.json", "[1,2,3]");
            string recordsNotArray = logs.Write("bad/records-object.json", "{\"Records\":{}}");
            string empty = logs.Write("bad/empty.json", string.Empty);
            string missing = Path.Combine(logs.Root, "missing");

            var scanner = new AccessDeniedScanner();
            var (events, problems) = Collect(scanner.ScanPaths(new[] { missing, logs.Root }));

            // The good data is all there, plus the denials in the truncated files that came before the cut.
            Assert.Equal(7 + 2, events.Count);
            Assert.Equal(events.Count, scanner.DeniedEvents);
            Assert.Single(events, e => e.Source.StartsWith(truncated + "#", StringComparison.Ordinal));
            Assert.Single(events, e => e.Source.StartsWith(truncatedPlain + "#", StringComparison.Ordinal));
            var byPath = problems.ToDictionary(p => p.Path);
            Assert.Equal(9, problems.Count);
            Assert.Equal(LogFileProblemKind.Unreadable, byPath[missing].Kind);
            Assert.Equal(LogFileProblemKind.CorruptCompression, byPath[corrupt].Kind);
            Assert.Equal("LogFileCorruptGzip", byPath[corrupt].ErrorId);
            Assert.Equal(LogFileProblemKind.CorruptCompression, byPath[notGzip].Kind);
            Assert.Equal(LogFileProblemKind.InvalidJson, byPath[truncated].Kind);
            Assert.Equal(LogFileProblemKind.InvalidJson, byPath[truncatedPlain].Kind);
            Assert.Equal(LogFileProblemKind.InvalidJson, byPath[empty].Kind);
            Assert.Equal(LogFileProblemKind.NotCloudTrailLog, byPath[notLog].Kind);
            Assert.Contains("Records", byPath[notLog].Message);
            Assert.Equal(LogFileProblemKind.NotCloudTrailLog, byPath[array].Kind);
            Assert.Equal(LogFileProblemKind.NotCloudTrailLog, byPath[recordsNotArray].Kind);
            Assert.Equal("LogFileNotCloudTrail", byPath[array].ErrorId);
        }

        [Fact]
        public void GzipIsRecognisedByContentWhenTheNameSaysJson()
        {
            string path = logs.WriteBytes("x/log.json", CloudTrailLogFactory.Gzip(CloudTrailLogFactory.Log(new[] { AliceDenied(T0) })));

            var (events, problems) = Collect(new AccessDeniedScanner().ScanPaths(new[] { path }));

            Assert.Empty(problems);
            Assert.Single(events);
        }

        public static IEnumerable<object[]> Filters() => new[]
        {
            new object[] { new AccessDeniedFilter(principals: new[] { "*:user/alice" }), 4 },
            new object[] { new AccessDeniedFilter(principals: new[] { "ALICE" }), 4 },
            new object[] { new AccessDeniedFilter(principals: new[] { "bob", "Deploy*" }), 3 },
            new object[] { new AccessDeniedFilter(principals: new[] { "arn:aws:sts::*:assumed-role/deployer/*" }), 1 },
            new object[] { new AccessDeniedFilter(actions: new[] { "cloudtrail:*" }), 4 },
            new object[] { new AccessDeniedFilter(actions: new[] { "EC2:runinstances", "iam:Pass?ole" }), 3 },
            new object[] { new AccessDeniedFilter(actions: new[] { "s3:*" }), 0 },
            new object[] { new AccessDeniedFilter(startTime: T0), 4 },
            new object[] { new AccessDeniedFilter(endTime: T0.AddDays(-1)), 1 },
            new object[] { new AccessDeniedFilter(startTime: T0.AddHours(1), endTime: T0.AddHours(2)), 2 },
            new object[] { new AccessDeniedFilter(principals: new[] { "*alice" }, startTime: T0.AddHours(2)), 1 },
        };

        [Theory]
        [MemberData(nameof(Filters))]
        public void FiltersKeepOnlyMatchingDenials(AccessDeniedFilter filter, int expected)
        {
            PlantLogs();

            var (events, problems) = Collect(new AccessDeniedScanner(filter).ScanPaths(new[] { logs.Root }));

            Assert.Empty(problems);
            Assert.Equal(expected, events.Count);
            Assert.All(events, e => Assert.True(filter.Matches(e.Diagnosis)));
        }

        [Fact]
        public void FilterRejectsAnInvertedWindowAndEmptyPatterns()
        {
            Assert.Throws<InvalidInputException>(() => new AccessDeniedFilter(startTime: T0, endTime: T0.AddSeconds(-1)));
            Assert.Throws<InvalidInputException>(() => new AccessDeniedFilter(principals: new[] { " " }));
            Assert.Throws<InvalidInputException>(() => new AccessDeniedFilter(actions: new[] { string.Empty }));
        }

        [Fact]
        public void ARecordLargerThanTheBufferIsReadWhole()
        {
            string big = CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "PutObject", T0, "AccessDenied", "Access Denied", padding: 300_000);
            var scanner = new AccessDeniedScanner(null, null, bufferSize: 1024);

            var items = ScanText(scanner, CloudTrailLogFactory.Log(new[] { CloudTrailLogFactory.Success(0, T0), big }), "big.json");

            AccessDeniedEvent e = Assert.Single(items).Event!;
            Assert.Equal("s3:PutObject", e.Action);
            Assert.Equal("big.json#1", e.Source);
            Assert.InRange(scanner.LargestBuffer, 300_000, 1024 * 1024);
        }

        [Fact]
        public void ARecordBeyondTheLimitIsReportedNotLoaded()
        {
            string big = CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "PutObject", T0, "AccessDenied", "Access Denied", padding: 100_000);
            var scanner = new AccessDeniedScanner(null, null, bufferSize: 1024, maxRecordSize: 16 * 1024);

            var items = ScanText(scanner, CloudTrailLogFactory.Log(new[] { AliceDenied(T0), big }), "huge.json");

            Assert.Equal(2, items.Count);
            Assert.NotNull(items[0].Event);
            Assert.Equal(LogFileProblemKind.RecordTooLarge, items[1].Problem!.Kind);
        }

        [Fact]
        public void AHundredThousandRecordStreamIsReadWithOneSmallBuffer()
        {
            const int Records = 100_000;
            var stream = new GeneratedLogStream(Records, i => i % 1000 == 7 ? AliceDenied(T0.AddSeconds(i)) : CloudTrailLogFactory.Success(i, T0));
            var scanner = new AccessDeniedScanner(null, null, bufferSize: 64 * 1024);

            var aggregator = new AccessDeniedAggregator();
            scanner.ScanStream(stream, "generated", item => aggregator.Add(item.Event!));

            Assert.Equal(Records, scanner.RecordsRead);
            AccessDeniedGroup group = Assert.Single(aggregator.GetGroups());
            Assert.Equal(100, group.Count);
            Assert.Equal(T0.AddSeconds(7), group.FirstSeen);
            Assert.Equal(T0.AddSeconds(99_007), group.LastSeen);
            // The input is far larger than the buffer, which never grew.
            Assert.True(stream.BytesProduced > 50 * 1024 * 1024 / 2, stream.BytesProduced + " bytes");
            Assert.Equal(64 * 1024, scanner.LargestBuffer);
        }

        [Fact]
        public void StoppingEarlyStopsTheReaders()
        {
            for (int f = 0; f < 40; f++)
            {
                logs.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/f" + f + ".json.gz",
                    CloudTrailLogFactory.Log(Enumerable.Range(0, 200).Select(i => AliceDenied(T0.AddSeconds(i)))));
            }

            var scanner = new AccessDeniedScanner();
            AccessDeniedScanItem first = scanner.ScanPaths(new[] { logs.Root }).First();

            Assert.NotNull(first.Event);
            Assert.True(scanner.FilesRead < 40, scanner.FilesRead + " files read");
            // Everything was closed: the folder can be deleted at once.
            Directory.Delete(logs.Root, recursive: true);
        }

        [Fact]
        public void JsonLinesTakeLogsEventsAndArraysAndReportBadLines()
        {
            string input = string.Join("\n", new[]
            {
                CloudTrailLogFactory.Log(new[] { AliceDenied(T0), CloudTrailLogFactory.Success(1, T0) }),
                string.Empty,
                BobDenied(T0),
                "[" + AliceDenied(T0.AddHours(1)) + "," + CloudTrailLogFactory.Success(2, T0) + "]",
                "{\"not\":\"cloudtrail\"}",
                "{\"Records\":[",
                CloudTrailLogFactory.Success(3, T0),
            });

            var scanner = new AccessDeniedScanner();
            var items = scanner.ScanJsonValues(new StringReader(input)).ToList();

            Assert.Equal(new[] { "<stdin>:1#0", "<stdin>:3", "<stdin>:4#0" }, items.Where(i => i.Event is not null).Select(i => i.Event!.Source));
            Assert.Equal(new[] { ("<stdin>:5", LogFileProblemKind.NotCloudTrailLog), ("<stdin>:6", LogFileProblemKind.InvalidJson) },
                items.Where(i => i.Problem is not null).Select(i => (i.Problem!.Path, i.Problem.Kind)));
            Assert.Equal(6, scanner.RecordsRead);
        }

        [Fact]
        public void LookupEventsAreClassifiedByTheirRawRecord()
        {
            var events = new[]
            {
                new CloudTrailEvent("e1", "GetTrailStatus", "cloudtrail.amazonaws.com", T0, "alice", null, true, Array.Empty<CloudTrailEventResource>(), AliceDenied(T0)),
                new CloudTrailEvent("e2", "DescribeInstances", "ec2.amazonaws.com", T0, "busy", null, true, Array.Empty<CloudTrailEventResource>(), CloudTrailLogFactory.Success(1, T0)),
                new CloudTrailEvent("e3", "RunInstances", "ec2.amazonaws.com", T0, "bob", null, false, Array.Empty<CloudTrailEventResource>(), null),
                new CloudTrailEvent("e4", "RunInstances", "ec2.amazonaws.com", T0, "bob", null, false, Array.Empty<CloudTrailEventResource>(), "{oops"),
            };

            var items = new AccessDeniedScanner().ScanLookupEvents(events).ToList();

            Assert.Equal(2, items.Count);
            Assert.Equal("LookupEvents#e1", items[0].Event!.Source);
            Assert.Equal("cloudtrail:GetTrailStatus", items[0].Event!.Action);
            Assert.Equal(("LookupEvents#e4", LogFileProblemKind.InvalidJson), (items[1].Problem!.Path, items[1].Problem!.Kind));
        }

        [Theory]
        [InlineData("AccessDenied", true)]
        [InlineData("AccessDeniedException", true)]
        [InlineData("UnauthorizedOperation", true)]
        [InlineData("Client.UnauthorizedOperation", true)]
        [InlineData("UnauthorizedAccess", true)]
        [InlineData("ThrottlingException", false)]
        [InlineData("NoSuchEntity", false)]
        [InlineData(null, false)]
        public void DenialCodesAreTheClassifiersAuthorizationCodes(string? code, bool denied)
        {
            Assert.Equal(denied, AccessDeniedScanner.IsAuthorizationErrorCode(code));
        }

        [Fact]
        public void GroupsIgnoreActionCaseAndKeepTheLatestSample()
        {
            var scanner = new AccessDeniedScanner();
            string log = CloudTrailLogFactory.Log(new[]
            {
                CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "GetObject", T0.AddHours(5), "AccessDenied", "User: " + Alice + " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/new"),
                CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "GetObject", T0, "AccessDenied", "User: " + Alice + " is not authorized to perform: S3:getobject on resource: arn:aws:s3:::b/old"),
                CloudTrailLogFactory.Record(Bob, "s3.amazonaws.com", "GetObject", T0, "AccessDenied", "Access Denied"),
                CloudTrailLogFactory.Record(Bob, "s3.amazonaws.com", "GetObject", T0.AddHours(1), "AccessDenied", "Access Denied"),
            });

            IReadOnlyList<AccessDeniedGroup> groups = Group(ScanText(scanner, log, "s3.json").Select(i => i.Event!));

            Assert.Equal(2, groups.Count);
            Assert.Equal((Alice, "s3:GetObject", 2L, "arn:aws:s3:::b/new"), (groups[0].PrincipalArn, groups[0].Action, groups[0].Count, groups[0].Resource));
            Assert.Equal((T0, T0.AddHours(5)), (groups[0].FirstSeen, groups[0].LastSeen));
            Assert.Equal(Bob, groups[1].PrincipalArn);
            Assert.Equal("s3.json#3", groups[1].Diagnosis.Source);
        }
    }
}
