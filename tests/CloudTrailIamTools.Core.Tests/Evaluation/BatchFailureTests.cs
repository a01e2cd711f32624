using System;
using System.IO;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.BatchParallelOutputTests;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A batch whose output or input fails midway throws that very IOException (not an AggregateException from
    /// its threads), ends instead of waiting for threads that will never finish, and loses none of the lines
    /// before the failure: they were written (and, on a parallel batch or the byte path, flushed) in order.
    /// </summary>
    public sealed class BatchFailureTests
    {
        /// <summary>Each degree of parallelism, with the input (or output) as text and as bytes.</summary>
        public static TheoryData<int, bool> DegreesOnBothPaths => new TheoryData<int, bool>
        {
            { 1, false },
            { 2, false },
            { 4, false },
            { 1, true },
            { 2, true },
            { 4, true },
        };

        [Theory]
        [InlineData(1, 2)]
        [InlineData(2, 2)]
        [InlineData(4, 2)]
        [InlineData(2, 0)] // fails on the first write, while the reading thread is far ahead and waits for room
        [InlineData(4, 0)]
        public void AUtf8StreamThatFailsMidwayFailsTheBatchWithItsException(int degree, int half)
        {
            MixedBatchInput input = MixedBatch.Input;
            byte[] expected = Encoding.UTF8.GetBytes(input.ExpectedOutput("\n"));
            int limit = half == 0 ? 100 : expected.Length / half;
            var stream = new RecordingStream(limit);
            var output = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };

            IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(new StringReader(input.Text), output)));

            Assert.Equal("no space left on the device", error.Message);
            if (degree > 1)
            {
                Assert.Same(stream.Thrown, error);
            }

            Assert.Equal(expected.AsSpan(0, limit).ToArray(), stream.Written); // everything before the failure, in order
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void ATextWriterThatFailsMidwayFailsTheBatchWithItsException(int degree)
        {
            MixedBatchInput input = MixedBatch.Input;
            string expected = input.ExpectedOutput("\n");
            var output = new RecordingTextWriter(expected.Length / 3) { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };

            IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(new StringReader(input.Text), output)));

            Assert.Same(output.Thrown, error);
            AssertSameLines(expected.Substring(0, expected.Length / 3), output.Written);
        }

        [Theory]
        [MemberData(nameof(DegreesOnBothPaths))]
        public void AnInputThatFailsMidwayFailsTheBatchAfterWritingEveryLineBefore(int degree, bool utf8)
        {
            MixedBatchInput input = MixedBatch.Input;
            int failAt = input.Text.IndexOf('\n', input.Text.Length / 2) + 1; // just after a line end
            int linesBefore = ReadLineCount(input.Text.Substring(0, failAt));
            string expected = input.ExpectedOutput("\n", linesBefore);
            Assert.True(expected.Length > 100_000, "the failure should come after many lines");
            var reader = new TricklingTextReader(input.Text, degree, 70_000, failAt);
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };

            if (utf8)
            {
                var stream = new RecordingStream();
                var output = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };

                IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(reader, output)));

                Assert.Same(reader.Thrown, error);
                AssertSameLines(expected, Encoding.UTF8.GetString(stream.Flushed)); // flushed: the caller need not flush the writer
            }
            else
            {
                var output = new RecordingTextWriter { NewLine = "\n" };

                IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(reader, output)));

                Assert.Same(reader.Thrown, error);
                AssertSameLines(expected, output.Written);
                if (degree > 1)
                {
                    // The sequential batch leaves flushing a TextWriter to its caller; the parallel one flushes what it wrote.
                    Assert.Equal(output.Written, output.Flushed);
                }
            }
        }

        [Theory]
        [MemberData(nameof(DegreesOnBothPaths))]
        public void AnInputThatFailsAfterFullReadsLosesNoLineReadBefore(int degree, bool stream)
        {
            // Every read returns a full 64 Ki items (a file, a busy pipe) and the fourth fails: the sequential batch
            // has answered every line of the first three by then. (From a stream the batch first reads 4 bytes for a
            // byte order mark: the failure comes 4 bytes later, so the reads stay full.)
            const int Piece = 1 << 16;
            string text = string.Join("\n", Enumerable.Range(0, 1000).Select(i => MixedBatch.Short(i))) + "\n";
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int failAt = stream ? 4 + 3 * Piece : 3 * Piece;
            int linesBefore = stream ? bytes.Take(failAt).Count(b => b == (byte)'\n') : text.Take(failAt).Count(c => c == '\n');
            var expected = new StringBuilder();
            var reference = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 };
            string[] lines = text.Split('\n');
            for (int i = 0; i < linesBefore; i++)
            {
                expected.Append(reference.ProcessLine(lines[i], i + 1)).Append('\n');
            }

            var output = new RecordingTextWriter { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };
            if (stream)
            {
                var source = new TricklingStream(bytes, 1, Piece, failAt, minPiece: Piece);
                IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(source, output)));
                Assert.Same(source.Thrown, error);
            }
            else
            {
                var source = new TricklingTextReader(text, 1, Piece, failAt, minPiece: Piece);
                IOException error = Assert.Throws<IOException>(() => RunWithin(() => processor.Run(source, output)));
                Assert.Same(source.Thrown, error);
            }

            Assert.True(linesBefore > 300, "the lines before the failure should be more than a chunk");
            AssertSameLines(expected.ToString(), output.Written);
        }

        private static int ReadLineCount(string text)
        {
            var reader = new StringReader(text);
            int count = 0;
            while (reader.ReadLine() is not null)
            {
                count++;
            }

            return count;
        }
    }
}
