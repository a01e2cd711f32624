using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.BatchParallelOutputTests;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Run(Stream, TextWriter), the CLI's path for files and standard input: on several threads the lines are cut
    /// from the UTF-8 bytes and decoded by the workers. Over the mixed batch it writes what the lines evaluated one
    /// by one give; a line is blank on this path exactly when it is blank decoded; an interactive line is answered
    /// while the batch waits; a failing input fails the batch after every line before it was written.
    /// </summary>
    public sealed class BatchStreamInputTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        [Theory]
        [InlineData(1, false, false, false)]
        [InlineData(2, false, false, false)]
        [InlineData(2, true, true, true)]
        [InlineData(2, false, true, false)]
        [InlineData(4, true, false, true)]
        [InlineData(4, false, true, true)]
        public void TheMixedBatchFromBytesGivesTheLinesEvaluatedOneByOne(int degree, bool byteOrderMark, bool trickle, bool utf8Output)
        {
            MixedBatchInput input = MixedBatch.Input;
            byte[] bytes = (byteOrderMark ? Encoding.UTF8.GetPreamble() : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(input.Text)).ToArray();
            Stream source = trickle ? new TricklingStream(bytes, degree, 70_000) : new MemoryStream(bytes);
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };

            string written;
            BatchSummary summary;
            if (utf8Output)
            {
                var stream = new MemoryStream();
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                summary = RunWithin(() => processor.Run(source, writer));
                writer.Flush();
                written = Encoding.UTF8.GetString(stream.ToArray());
            }
            else
            {
                var writer = new StringWriter { NewLine = "\n" };
                summary = RunWithin(() => processor.Run(source, writer));
                written = writer.ToString();
            }

            AssertSameLines(input.ExpectedOutput("\n"), written);
            Assert.Equal(input.Lines.Count(line => !string.IsNullOrWhiteSpace(line)), summary.Requests);
            Assert.Equal(input.ErrorLines.Length, summary.Errors);
        }

        [Theory]
        [InlineData("\u001C")] // information separators, white space to char.IsWhiteSpace? the two paths must agree either way
        [InlineData("\u001F")]
        [InlineData("\u000B\u000C")]
        [InlineData("\u0085")]
        [InlineData("\u00A0 \u3000")]
        [InlineData("\u2028")]
        [InlineData("\u2029\u205F")]
        [InlineData("\u180E")] // no longer white space in Unicode
        [InlineData("\u200B")] // zero width space: not white space
        [InlineData("\uFEFF")] // a byte order mark inside the stream is a character
        [InlineData("\u0000")]
        public void ALineIsBlankFromBytesExactlyWhenItIsBlankAsText(string line)
        {
            string text = BatchContextTests.Line("s3:GetObject", "{}") + "\n" + line + "\n" + line + "\r\n" + BatchContextTests.Line("s3:PutObject", "{}") + "\n" + line;
            var expected = new StringWriter { NewLine = "\n" };
            BatchSummary sequential = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 }.Run(new StringReader(text), expected);

            foreach (int degree in new[] { 1, 2, 4 })
            {
                var output = new StringWriter { NewLine = "\n" };
                BatchSummary summary = RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(new MemoryStream(Encoding.UTF8.GetBytes(text)), output));
                Assert.Equal(expected.ToString(), output.ToString());
                Assert.Equal((sequential.Requests, sequential.Errors), (summary.Requests, summary.Errors));
            }

            Assert.Equal(string.IsNullOrWhiteSpace(line) ? 2 : 5, sequential.Requests);
        }

        [Theory]
        [InlineData(2, false)]
        [InlineData(4, true)]
        public async Task EachAnswerIsFlushedBeforeTheNextLineIsTyped(int degree, bool byteOrderMark)
        {
            using var input = new BlockingStream(Timeout);
            var output = new RecordingTextWriter { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };
            Task<BatchSummary> run = Task.Run(() => processor.Run(input, output));
            string[] typed = { MixedBatch.Short(7), "not json", MixedBatch.Short(299, otherCasing: true) };
            var reference = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 };

            string expected = string.Empty;
            for (int i = 0; i < typed.Length; i++)
            {
                byte[] line = Encoding.UTF8.GetBytes(typed[i] + "\n");
                input.Feed(i == 0 && byteOrderMark ? Encoding.UTF8.GetPreamble().Concat(line).ToArray() : line);
                expected += reference.ProcessLine(typed[i], i + 1) + "\n";
                string sofar = expected;
                Assert.True(output.WaitForFlushed(flushed => flushed == sofar, Timeout),
                    "line " + (i + 1) + "'s answer was not flushed while the batch waited for the next line; flushed: " + output.Flushed);
            }

            input.End();
            BatchSummary summary = await run.WaitAsync(Timeout);
            Assert.Equal(expected, output.Flushed);
            Assert.Equal((3L, 1L, 1L), (summary.Requests, summary.Allowed, summary.Errors));
        }

        [Theory]
        [InlineData(2)]
        [InlineData(4)]
        public async Task LinesThatFillAWholeReadAreAnsweredBeforeTheNextRead(int degree)
        {
            // 64 KiB of complete lines in one piece, then the producer pauses.
            string line = MixedBatch.Short(7);
            var block = new StringBuilder();
            while (block.Length + line.Length + 1 <= 1 << 16)
            {
                block.Append(line).Append('\n');
            }

            int lines = block.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            block.Append(' ', (1 << 16) - block.Length - 1).Append('\n'); // a blank line makes it exactly 65,536 bytes
            using var input = new BlockingStream(TimeSpan.FromSeconds(30));
            var output = new RecordingTextWriter { NewLine = "\n" };
            Task<BatchSummary> run = Task.Run(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(input, output));

            input.Feed(Encoding.ASCII.GetBytes(line + "\n")); // a first line, answered (the batch is past the byte order mark's bytes)
            Assert.True(output.WaitForFlushed(flushed => flushed.Length > 0, Timeout), "the first line was not answered");

            input.Feed(Encoding.ASCII.GetBytes(block.ToString()));

            Assert.True(output.WaitForFlushed(flushed => flushed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1 + lines, Timeout),
                "the " + lines + " answers were not flushed while the batch waited for more input; flushed " + output.Flushed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            input.End();
            Assert.Equal(1 + lines, (await run.WaitAsync(Timeout)).Requests);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void AStreamThatFailsMidwayFailsTheBatchAfterWritingEveryLineBefore(int degree)
        {
            MixedBatchInput input = MixedBatch.Input;
            byte[] bytes = Encoding.UTF8.GetBytes(input.Text);
            int failAt = Array.IndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1; // just after a line end
            int linesBefore = new StringReader(Encoding.UTF8.GetString(bytes, 0, failAt)).ReadToEnd().Split('\n').Length - 1;
            var source = new TricklingStream(bytes, degree, 70_000, failAt);
            var stream = new RecordingStream();
            var output = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };

            IOException error = Assert.Throws<IOException>(() => RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(source, output)));

            Assert.Same(source.Thrown, error);
            AssertSameLines(input.ExpectedOutput("\n", LineCount(input, failAt)), Encoding.UTF8.GetString(stream.Flushed));
            Assert.True(linesBefore > 0);
        }

        /// <summary>How many of the batch's lines end within its first <paramref name="byteCount"/> UTF-8 bytes.</summary>
        private static int LineCount(MixedBatchInput input, int byteCount)
        {
            string before = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(input.Text), 0, byteCount);
            var reader = new StringReader(before);
            int count = 0;
            while (reader.ReadLine() is not null)
            {
                count++;
            }

            return count;
        }
    }
}
