using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A batch on several threads writes exactly what it writes on one: every output line, its order, its line
    /// breaks and the counts, over the mixed batch (bad lines, blank lines, every line end, huge and non-ASCII
    /// lines, many chunks), on both output paths (a TextWriter, and a UTF-8 StreamWriter's bytes). Each run is
    /// compared with the lines evaluated one by one without the batch, so every degree equals every other.
    /// </summary>
    public sealed class BatchParallelOutputTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        public enum Output
        {
            Text,
            TextCrLf,
            Utf8,
            Utf8CrLf,
            Utf8WithByteOrderMark,
            Utf16, // a StreamWriter of another encoding takes the TextWriter path
        }

        [Theory]
        [InlineData(1, Output.Text, false)]
        [InlineData(1, Output.Utf8WithByteOrderMark, true)]
        [InlineData(2, Output.Text, false)]
        [InlineData(2, Output.TextCrLf, true)]
        [InlineData(2, Output.Utf8, true)]
        [InlineData(2, Output.Utf8CrLf, false)]
        [InlineData(4, Output.Utf8CrLf, true)]
        [InlineData(2, Output.Utf8WithByteOrderMark, false)]
        [InlineData(4, Output.Text, true)]
        [InlineData(4, Output.TextCrLf, false)]
        [InlineData(4, Output.Utf8, false)]
        [InlineData(4, Output.Utf8WithByteOrderMark, true)]
        [InlineData(1, Output.Utf16, false)]
        [InlineData(2, Output.Utf16, true)]
        public void OutputAndCountsEqualTheLinesEvaluatedOneByOne(int degree, Output output, bool trickle)
        {
            MixedBatchInput input = MixedBatch.Input;
            TextReader reader = trickle ? new TricklingTextReader(input.Text, degree, 70_000) : new StringReader(input.Text);
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };

            BatchSummary summary;
            string written;
            if (output is Output.Text or Output.TextCrLf)
            {
                string newLine = output == Output.TextCrLf ? "\r\n" : "\n";
                var writer = new StringWriter { NewLine = newLine };
                summary = RunWithin(() => processor.Run(reader, writer));
                written = writer.ToString();
                AssertSameLines(input.ExpectedOutput(newLine), written);
            }
            else
            {
                Encoding encoding = output == Output.Utf16 ? new UnicodeEncoding(false, true) : new UTF8Encoding(output == Output.Utf8WithByteOrderMark);
                var stream = new MemoryStream();
                string newLine = output == Output.Utf8CrLf ? "\r\n" : "\n";
                var writer = new StreamWriter(stream, encoding) { NewLine = newLine };
                if (output == Output.Utf8)
                {
                    writer.Write("before\n"); // still in the writer's buffer when the batch starts
                }

                summary = RunWithin(() => processor.Run(reader, writer));
                writer.Write("after\n");
                writer.Flush();

                byte[] bytes = stream.ToArray();
                string before = output == Output.Utf8 ? "before\n" : string.Empty;
                byte[] expected = encoding.GetPreamble().Concat(encoding.GetBytes(before + input.ExpectedOutput(newLine) + "after\n")).ToArray();
                if (!bytes.AsSpan().SequenceEqual(expected))
                {
                    Assert.True(bytes.AsSpan().StartsWith(encoding.GetPreamble()), "the byte order mark is not first");
                    string text = encoding.GetString(bytes, encoding.GetPreamble().Length, bytes.Length - encoding.GetPreamble().Length);
                    AssertSameLines(before + input.ExpectedOutput(newLine) + "after\n", text);
                    Assert.Fail("the bytes differ from the expected output's encoding although the text does not");
                }

                written = input.ExpectedOutput(newLine);
            }

            AssertCounts(input, written, summary);
        }

        [Theory]
        [InlineData(1, "")]
        [InlineData(2, "")]
        [InlineData(4, "")]
        [InlineData(2, "\n\r\n \u00A0\r\t")]
        [InlineData(4, "\u00A0")]
        public void AnInputWithoutRequestsWritesNothingAndCountsNothing(int degree, string text)
        {
            var stream = new MemoryStream();
            var writer = new StreamWriter(stream, new UTF8Encoding(false));

            BatchSummary summary = RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(new StringReader(text), writer));
            writer.Flush();

            Assert.Empty(stream.ToArray());
            Assert.Equal((0L, 0L, 0L, 0L), (summary.Requests, summary.Allowed, summary.Denied, summary.Errors));
        }

        [Fact]
        public void TheOneByOneOutputNamesTheBadLinesByTheirNumbers()
        {
            // The reference the runs are compared with: its error lines are the bad lines, blank lines counted.
            MixedBatchInput input = MixedBatch.Input;
            long[] errorLines = input.ExpectedOutput("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(line => line.TryGetProperty("ErrorId", out _))
                .Select(line => line.GetProperty("Line").GetInt64())
                .ToArray();

            Assert.Equal(input.ErrorLines, errorLines);
            Assert.True(input.Lines.Length > 4000 && input.Lines.Count(string.IsNullOrWhiteSpace) > 300, "the batch is not the mixed one it should be");
            Assert.Contains(input.Lines, line => line == "\u00A0");
            Assert.Contains(input.Lines, line => line.Length > 300_000 && line.Contains("\"Resource\"", StringComparison.Ordinal));
            Assert.Equal(input.Lines, ReadLines(input.Text)); // what TextReader.ReadLine makes of the text
        }

        [Theory]
        [InlineData(2)]
        [InlineData(4)]
        public void AByteOrderMarkWrittenBeforeTheBatchStaysFirst(int degree)
        {
            MixedBatchInput input = MixedBatch.Input;
            var stream = new MemoryStream();
            var writer = new StreamWriter(stream, new UTF8Encoding(true)) { NewLine = "\n" };
            writer.Write('{'); // the mark and this character are still in the writer when the batch starts
            writer.Write("}\n");

            RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(new StringReader(string.Join("\n", input.Lines.Take(300))), writer));
            writer.Flush();

            byte[] expected = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes("{}\n" + input.ExpectedOutput("\n", 300))).ToArray();
            Assert.Equal(expected, stream.ToArray());
        }

        /// <summary>Runs a batch on another thread; what it threw is rethrown as it was, and a batch that hangs fails the test.</summary>
        internal static T RunWithin<T>(Func<T> run)
        {
            try
            {
                return Task.Run(run).WaitAsync(Timeout).GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
                Assert.Fail("the batch did not finish within " + Timeout.TotalSeconds + " s");
                throw;
            }
        }

        internal static void AssertSameLines(string expected, string actual)
        {
            if (expected == actual)
            {
                return;
            }

            string[] want = expected.Split('\n');
            string[] got = actual.Split('\n');
            for (int i = 0; i < Math.Min(want.Length, got.Length); i++)
            {
                if (want[i] != got[i])
                {
                    Assert.Fail("output line " + (i + 1) + " differs:\nexpected " + Shorten(want[i]) + "\nactual   " + Shorten(got[i]));
                }
            }

            Assert.Fail("expected " + want.Length + " output lines, got " + got.Length);
        }

        private static void AssertCounts(MixedBatchInput input, string output, BatchSummary summary)
        {
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(input.Lines.Count(line => !string.IsNullOrWhiteSpace(line)), summary.Requests);
            Assert.Equal(input.ErrorLines.Length, summary.Errors);
            Assert.Equal(lines.Count(line => line.Contains("\"Decision\":\"Allowed\"", StringComparison.Ordinal)), summary.Allowed);
            Assert.Equal(summary.Requests - summary.Allowed - summary.Errors, summary.Denied);
            Assert.True(summary.Allowed > 100 && summary.Denied > 100, "the batch should hold both decisions");
        }

        private static string[] ReadLines(string text)
        {
            var reader = new StringReader(text);
            var lines = new System.Collections.Generic.List<string>();
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lines.Add(line);
            }

            return lines.ToArray();
        }

        private static string Shorten(string line) => line.Length <= 400 ? line : line.Substring(0, 400) + "... (" + line.Length + " characters)";
    }
}
