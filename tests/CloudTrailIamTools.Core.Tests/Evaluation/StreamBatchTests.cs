using System;
using System.IO;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Benchmarks;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A batch read from a stream is cut into lines on its bytes and decoded by the workers; what it writes must be
    /// exactly what the same bytes give through a StreamReader on one thread (the batch before it): line breaks of
    /// every kind, blank lines that are blank only once decoded, invalid UTF-8, byte order marks, reads that stop
    /// anywhere.
    /// </summary>
    public sealed class StreamBatchTests
    {
        private static readonly string[] Valid = DiverseRequests.Batch().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(40).ToArray();

        public static TheoryData<string> Inputs()
        {
            string a = Valid[0];
            string b = Valid[1];
            return new TheoryData<string>
            {
                a + "\n" + b + "\n",
                a + "\r\n" + b + "\r\n" + a,
                a + "\r" + b + "\r\r\n\n" + a,
                "\n \t\n\u00A0\n\u3000 \n" + a + "\n\u2028\n",
                a + "\n{\"Action\":\"s3:GetObject\",\"Principal\":\"arn:aws:iam::111122223333:user/\u00e9l\u00e8ve\"}\n",
                a + "\nnot json\n{\"Action\":\n" + b,
                string.Join("\n", Enumerable.Repeat(Valid, 60).SelectMany(lines => lines)),
                a + "\n" + new string(' ', 300_000) + b + "\n" + a,
            };
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public void TheStreamPathWritesWhatAStreamReaderGives(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            AssertSameAsStreamReader(bytes, readSize: int.MaxValue);
            AssertSameAsStreamReader(bytes, readSize: 4099); // short reads: a \r\n and a character split between two
        }

        [Theory]
        [InlineData(new byte[] { 0xC3 })] // a character cut short at the end of a line
        [InlineData(new byte[] { 0xE2, 0x82 })]
        [InlineData(new byte[] { 0xFF, 0xFE, 0x41 })] // bytes UTF-8 never has
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
        public void InvalidUtf8IsReplacedAsAStreamReaderReplacesIt(byte[] bad)
        {
            byte[] line = Encoding.UTF8.GetBytes(Valid[0]);
            byte[] bytes = Concat(line, Encoding.UTF8.GetBytes("\n{\"Action\":\"s3:GetObject\",\"Principal\":\"x"), bad, Encoding.UTF8.GetBytes("\"}\n"), bad, Encoding.UTF8.GetBytes("\n"), line);

            AssertSameAsStreamReader(bytes, readSize: int.MaxValue);
            AssertSameAsStreamReader(bytes, readSize: 7);
        }

        [Fact]
        public void ByteOrderMarksAreReadAsAStreamReaderReadsThem()
        {
            string text = Valid[0] + "\n" + Valid[1] + "\n";
            AssertSameAsStreamReader(Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes(text)), readSize: int.MaxValue);
            AssertSameAsStreamReader(Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes(text)), readSize: 1);
            AssertSameAsStreamReader(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(), readSize: 3);
            AssertSameAsStreamReader(Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray(), readSize: int.MaxValue);
            AssertSameAsStreamReader(Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(text)).ToArray(), readSize: 2);
            AssertSameAsStreamReader(Array.Empty<byte>(), readSize: int.MaxValue);
            AssertSameAsStreamReader(new byte[] { 0xEF, 0xBB }, readSize: 1);
        }

        [Fact]
        public void ErrorLinesCarryTheLineNumbersOfTheStream()
        {
            string text = Valid[0] + "\r\n\r\n \n" + "oops\n" + Valid[1] + "\rnot json either";
            string written = RunStream(Encoding.UTF8.GetBytes(text), readSize: int.MaxValue, threads: 2, out BatchSummary summary);

            string[] lines = written.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("{\"Line\":4,", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("{\"Line\":6,", lines[3], StringComparison.Ordinal);
            Assert.Equal(4, summary.Requests);
            Assert.Equal(2, summary.Errors);
        }

        private static void AssertSameAsStreamReader(byte[] bytes, int readSize)
        {
            var expected = new StringWriter { NewLine = "\n" };
            var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            BatchSummary sequential = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions) { MaxDegreeOfParallelism = 1 }.Run(reader, expected);

            foreach (int threads in new[] { 1, 2, 3 })
            {
                string actual = RunStream(bytes, readSize, threads, out BatchSummary summary);
                Assert.Equal(expected.ToString(), actual);
                Assert.Equal((sequential.Requests, sequential.Allowed, sequential.Denied, sequential.Errors), (summary.Requests, summary.Allowed, summary.Denied, summary.Errors));
            }
        }

        private static string RunStream(byte[] bytes, int readSize, int threads, out BatchSummary summary)
        {
            var output = new StringWriter { NewLine = "\n" };
            summary = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions) { MaxDegreeOfParallelism = threads }.Run(new ShortReads(bytes, readSize), output);
            return output.ToString();
        }

        private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

        /// <summary>Hands out at most a given number of bytes a read, as a pipe or a terminal does.</summary>
        private sealed class ShortReads : MemoryStream
        {
            private readonly int readSize;

            public ShortReads(byte[] bytes, int readSize)
                : base(bytes, writable: false)
            {
                this.readSize = readSize;
            }

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
        }
    }
}
