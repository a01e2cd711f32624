using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    /// <summary>Standard input: concatenated JSON values (zcat of log files, JSON Lines, pretty-printed), streamed.</summary>
    public sealed class AccessDeniedStandardInputTests
    {
        private const string Alice = "arn:aws:iam::111122223333:user/alice";
        private const string Bob = "arn:aws:iam::111122223333:user/ops/bob";
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

        private static string AliceDenied(DateTimeOffset time) => CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "GetObject", time, "AccessDenied",
            "User: " + Alice + " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/q3.csv");

        private static string BobDenied(DateTimeOffset time) => CloudTrailLogFactory.Record(Bob, "ec2.amazonaws.com", "RunInstances", time, "Client.UnauthorizedOperation",
            "You are not authorized to perform this operation.");

        private static string Log(int successes, params string[] denied)
        {
            var records = new List<string>();
            for (int i = 0; i < successes; i++)
            {
                records.Add(CloudTrailLogFactory.Success(i, T0));
            }

            records.AddRange(denied);
            return CloudTrailLogFactory.Log(records);
        }

        private static string Indented(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        }

        private static List<AccessDeniedScanItem> Scan(string input, AccessDeniedScanner? scanner = null) =>
            (scanner ?? new AccessDeniedScanner()).ScanJsonValues(new MemoryStream(Encoding.UTF8.GetBytes(input))).ToList();

        private static string[] Sources(IEnumerable<AccessDeniedScanItem> items) => items.Where(i => i.Event is not null).Select(i => i.Event!.Source!).ToArray();

        private static (string Path, LogFileProblemKind Kind)[] Problems(IEnumerable<AccessDeniedScanItem> items) =>
            items.Where(i => i.Problem is not null).Select(i => (i.Problem!.Path, i.Problem.Kind)).ToArray();

        [Theory]
        [InlineData("")]
        [InlineData("\n")]
        [InlineData("\r\n")]
        [InlineData("  \n\n")]
        public void ConcatenatedLogFilesAreEachReadWhateverSeparatesThem(string separator)
        {
            // What `zcat a.json.gz b.json.gz` writes: one log object after the other, usually with nothing between them.
            string input = Log(3, AliceDenied(T0)) + separator + Log(2, BobDenied(T0.AddHours(1)), AliceDenied(T0.AddHours(2)));
            var scanner = new AccessDeniedScanner();

            var items = Scan(input, scanner);

            Assert.Empty(Problems(items));
            int second = separator.Count(c => c == '\n') + 1;
            Assert.Equal(new[] { "<stdin>:1#3", "<stdin>:" + second + "#2", "<stdin>:" + second + "#3" }, Sources(items));
            Assert.Equal(8, scanner.RecordsRead);
        }

        [Fact]
        public void ALargeLogIsScannedRecordByRecordAndItsFirstDenialArrivesBeforeTheInputIsReadToTheEnd()
        {
            var records = new List<string> { AliceDenied(T0) };
            for (int i = 0; i < 20_000; i++)
            {
                records.Add(CloudTrailLogFactory.Success(i, T0));
            }

            records.Add(BobDenied(T0));
            byte[] log = Encoding.UTF8.GetBytes(CloudTrailLogFactory.Log(records));
            var input = new ReadCountingStream(new MemoryStream(log));
            var scanner = new AccessDeniedScanner(null, null, 16 * 1024);

            using IEnumerator<AccessDeniedScanItem> items = scanner.ScanJsonValues(input).GetEnumerator();

            Assert.True(items.MoveNext());
            Assert.Equal("<stdin>:1#0", items.Current.Event!.Source);
            Assert.True(input.BytesRead < log.Length / 10, input.BytesRead + " of " + log.Length + " bytes read before the first denial");
            Assert.True(items.MoveNext());
            Assert.Equal("<stdin>:1#20001", items.Current.Event!.Source);
            Assert.False(items.MoveNext());
            Assert.Equal(16 * 1024, scanner.LargestBuffer);
            Assert.Equal(20_002, scanner.RecordsRead);
        }

        [Fact]
        public void PrettyPrintedLogsEventsAndArraysAreRead()
        {
            string log = Indented(Log(1, AliceDenied(T0)));
            string evt = Indented(BobDenied(T0));
            string input = log + "\n" + evt + "\n[" + AliceDenied(T0.AddHours(1)) + "]\n" + BobDenied(T0.AddHours(2)) + "\n";
            int eventLine = log.Split('\n').Length + 1;
            int arrayLine = eventLine + evt.Split('\n').Length;

            var items = Scan(input);

            Assert.Empty(Problems(items));
            Assert.Equal(new[] { "<stdin>:1#1", "<stdin>:" + eventLine, "<stdin>:" + arrayLine + "#0", "<stdin>:" + (arrayLine + 1) }, Sources(items));
            Assert.Equal(new[] { Alice, Bob, Alice, Bob }, items.Select(i => i.Event!.PrincipalArn));
        }

        [Fact]
        public void ALogWhoseRecordsComeAfterOtherMembersIsStillALog()
        {
            string input = "{\"logVersion\":{\"major\":1,\"list\":[1,2,{\"x\":[]}]},\"note\":\"n\",\"Records\":[" + AliceDenied(T0) + "],\"trailer\":{}}" + BobDenied(T0);

            var items = Scan(input, new AccessDeniedScanner(null, null, 32));

            Assert.Empty(Problems(items));
            Assert.Equal(new[] { "<stdin>:1#0", "<stdin>:1" }, Sources(items));
        }

        [Fact]
        public void BadValuesAreReportedEachAtItsLineAndTheScanGoesOn()
        {
            string input = string.Join("\n", new[]
            {
                Log(1, AliceDenied(T0)),                       // 1
                "not json",                                    // 2
                "still not json",                              // 3
                "{\"eventName\": oops}",                       // 4
                BobDenied(T0),                                 // 5
                "42",                                          // 6
                "{\"not\":\"cloudtrail\"}",                    // 7
                "{\"Records\":[" + AliceDenied(T0.AddHours(1)) + ",{\"eventName\":\"GetObj",   // 8: cut inside a record
                Log(0, BobDenied(T0.AddHours(1))),             // 9
                "{\"Records\":[" + AliceDenied(T0.AddHours(2)),   // 10: the input ends inside the log
            });
            var scanner = new AccessDeniedScanner(null, null, 64);

            var items = Scan(input, scanner);

            Assert.Equal(new[] { "<stdin>:1#1", "<stdin>:5", "<stdin>:8#0", "<stdin>:9#0", "<stdin>:10#0" }, Sources(items));
            Assert.Equal(
                new[]
                {
                    ("<stdin>:2", LogFileProblemKind.InvalidJson),
                    ("<stdin>:4", LogFileProblemKind.InvalidJson),
                    ("<stdin>:6", LogFileProblemKind.NotCloudTrailLog),
                    ("<stdin>:7", LogFileProblemKind.NotCloudTrailLog),
                    ("<stdin>:8", LogFileProblemKind.InvalidJson),
                    ("<stdin>:10", LogFileProblemKind.InvalidJson),
                },
                Problems(items));
            Assert.Equal(6, scanner.Problems);
        }

        [Theory]
        [InlineData(",{\"eventVersion\":\"1.0")]
        [InlineData(",{\"eventVersion\"")]
        [InlineData(",{\"eventVersion\":")]
        [InlineData(",")]
        [InlineData("")]
        public void AfterATruncatedLogTheNextLogOnTheSameLineIsStillRead(string cut)
        {
            // `zcat cut.json.gz next.json.gz`: the first file stops mid-record and the next follows with no newline.
            string input = "{\"Records\":[" + AliceDenied(T0) + cut + Log(2, BobDenied(T0.AddHours(1))) + "\n" + AliceDenied(T0.AddHours(2));
            var scanner = new AccessDeniedScanner(null, null, 64);

            var items = Scan(input, scanner);

            Assert.Equal(new[] { ("<stdin>:1", LogFileProblemKind.InvalidJson) }, Problems(items));
            Assert.Equal(new[] { Alice, Bob, Alice }, items.Where(i => i.Event is not null).Select(i => i.Event!.PrincipalArn));
            Assert.Equal(new[] { "<stdin>:1#0", "<stdin>:1#2", "<stdin>:2" }, Sources(items));
        }

        [Fact]
        public void AnObjectTooLargeToBeAnEventIsReportedAndTheNextLineIsRead()
        {
            string huge = CloudTrailLogFactory.Record(Alice, "s3.amazonaws.com", "GetObject", T0, "AccessDenied", "denied", padding: 20_000);
            string input = huge + "\n" + BobDenied(T0) + "\n";

            var items = Scan(input, new AccessDeniedScanner(null, null, 1024, 4096));

            Assert.Equal(new[] { ("<stdin>:1", LogFileProblemKind.RecordTooLarge) }, Problems(items));
            Assert.Equal(new[] { "<stdin>:2" }, Sources(items));
        }

        [Fact]
        public void DecodedTextAndAByteOrderMarkAreAccepted()
        {
            // Written by hand: the factory's writer would escape the non-ASCII characters.
            string unescaped = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + Alice + "\",\"accountId\":\"111122223333\"}," +
                "\"eventTime\":\"2026-11-20T00:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"errorCode\":\"AccessDenied\"," +
                "\"errorMessage\":\"User: " + Alice + " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::rapports/été-€-𝄞.csv\"}";
            string input = BobDenied(T0) + Log(0, unescaped);
            byte[] withMark = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(input)).ToArray();

            var fromText = new AccessDeniedScanner(null, null, 32).ScanJsonValues(new StringReader(input)).ToList();
            var fromBytes = new AccessDeniedScanner().ScanJsonValues(new MemoryStream(withMark)).ToList();

            foreach (var items in new[] { fromText, fromBytes })
            {
                Assert.Empty(Problems(items));
                Assert.Equal(new[] { "<stdin>:1", "<stdin>:1#0" }, Sources(items));
                Assert.Equal("arn:aws:s3:::rapports/été-€-𝄞.csv", items[1].Event!.Resource);
            }
        }

        [Theory]
        [InlineData(1, 16)]
        [InlineData(3, 64)]
        [InlineData(7, 200)]
        [InlineData(4096, 1024)]
        [InlineData(1 << 20, 256 * 1024)]
        public void ResultsDoNotDependOnHowTheInputIsChunkedOrTheBufferSize(int chunk, int bufferSize)
        {
            string input = "\uFEFF" + Indented(Log(1, AliceDenied(T0))) + "\r\n" + Log(1, BobDenied(T0)) + Log(0, AliceDenied(T0)) + "\n" +
                "{\"Records\":[" + BobDenied(T0) + ",{\"eventVersion\":\"1." + Log(0, AliceDenied(T0)) + "\n" +
                "nonsense {\n" + "[" + BobDenied(T0) + ",7,[1,[2]],{}]\n" + "{\"eventName\":\"x\",\"userIdentity\":{},\"errorCode\":\"AccessDenied\"}" + "  true\n" +
                "{\"Records\":[" + AliceDenied(T0);
            byte[] bytes = Encoding.UTF8.GetBytes(input);
            var reference = new AccessDeniedScanner().ScanJsonValues(new MemoryStream(bytes)).ToList();
            var scanner = new AccessDeniedScanner(null, null, bufferSize);

            var items = scanner.ScanJsonValues(new ChunkedStream(bytes, chunk)).ToList();

            Assert.Equal(Sources(reference), Sources(items));
            Assert.Equal(Problems(reference), Problems(items));
            Assert.Equal(new[] { "<stdin>:1#1", "<stdin>:" + (Indented(Log(1, AliceDenied(T0))).Split('\n').Length + 1) + "#1" }, Sources(items).Take(2));
            Assert.Equal(8, Sources(items).Length);
            Assert.Equal(4, Problems(items).Length);
        }

        private sealed class ChunkedStream : Stream
        {
            private readonly byte[] bytes;
            private readonly int chunk;
            private int offset;

            public ChunkedStream(byte[] bytes, int chunk)
            {
                this.bytes = bytes;
                this.chunk = chunk;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int copied = Math.Min(Math.Min(count, chunk), bytes.Length - this.offset);
                Buffer.BlockCopy(bytes, this.offset, buffer, offset, copied);
                this.offset += copied;
                return copied;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private sealed class ReadCountingStream : Stream
        {
            private readonly Stream inner;

            public ReadCountingStream(Stream inner) => this.inner = inner;

            public long BytesRead { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int read = inner.Read(buffer, offset, count);
                BytesRead += read;
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
