using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A person typing requests into a parallel batch sees each answer (written and flushed) while the batch
    /// waits for their next line, not when a chunk fills or the input ends; then the batch finishes as usual.
    /// </summary>
    public sealed class BatchInteractiveTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        private static readonly string[] Typed =
        {
            MixedBatch.Short(7),
            "not json",
            string.Empty,
            MixedBatch.Short(299, otherCasing: true),
        };

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public async Task EachAnswerIsFlushedToATextWriterBeforeTheNextLineIsTyped(int degree)
        {
            using var input = new BlockingTextReader(Timeout);
            var output = new RecordingTextWriter { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };
            Task<BatchSummary> run = Task.Run(() => processor.Run(input, output));

            string[] answers = Answers();
            string expected = string.Empty;
            for (int i = 0; i < Typed.Length; i++)
            {
                input.Feed(Typed[i] + (i % 2 == 0 ? "\n" : "\r\n"));
                expected += answers[i];
                string sofar = expected;
                Assert.True(output.WaitForFlushed(flushed => flushed == sofar, Timeout),
                    "line " + (i + 1) + "'s answer was not flushed while the batch waited for the next line; flushed: " + output.Flushed + "; written: " + output.Written);
                Assert.False(run.IsCompleted, "the batch ended before its input did");
            }

            input.End();
            BatchSummary summary = await run.WaitAsync(Timeout); // a TimeoutException if the batch does not end with its input
            Assert.Equal(expected, output.Flushed);
            AssertSummary(summary);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public async Task EachAnswerIsFlushedToAUtf8StreamBeforeTheNextLineIsTyped(int degree)
        {
            using var input = new BlockingTextReader(Timeout);
            var stream = new RecordingStream();
            var output = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree };
            Task<BatchSummary> run = Task.Run(() => processor.Run(input, output));

            string[] answers = Answers();
            string expected = string.Empty;
            for (int i = 0; i < Typed.Length; i++)
            {
                input.Feed(Typed[i] + "\n");
                expected += answers[i];
                byte[] sofar = Encoding.UTF8.GetBytes(expected);
                Assert.True(stream.WaitForFlushed(flushed => flushed.AsSpan().SequenceEqual(sofar), Timeout),
                    "line " + (i + 1) + "'s answer was not flushed while the batch waited for the next line; flushed: " + Encoding.UTF8.GetString(stream.Flushed));
                Assert.False(run.IsCompleted, "the batch ended before its input did");
            }

            input.End();
            BatchSummary summary = await run.WaitAsync(Timeout);
            output.Flush();
            Assert.Equal(Encoding.UTF8.GetBytes(expected), stream.Written);
            AssertSummary(summary);
        }

        [Fact]
        public async Task ALineHandedOutInPiecesIsAnsweredWhenItsLineEndArrives()
        {
            using var input = new BlockingTextReader(Timeout);
            var output = new RecordingTextWriter { NewLine = "\n" };
            Task<BatchSummary> run = Task.Run(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 2 }.Run(input, output));

            string line = Typed[0];
            input.Feed(line.Substring(0, 40));
            input.Feed(line.Substring(40));
            Assert.True(WaitUntil(() => input.HasTakenEverything), "the batch did not read the pieces");
            Assert.Equal(string.Empty, output.Written); // no line end yet: nothing to answer

            input.Feed("\n");
            Assert.True(output.WaitForFlushed(flushed => flushed == Answers()[0], Timeout), "the answer was not flushed once its line ended");
            input.End();
            Assert.Equal(1, (await run.WaitAsync(Timeout)).Requests);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public async Task AnOutputThatFailsFailsTheBatchWithoutWaitingForMoreInput(int degree)
        {
            using var input = new BlockingTextReader(TimeSpan.FromSeconds(30)); // longer than the test waits: only the failed output may end the batch
            var output = new RecordingTextWriter(10) { NewLine = "\n" };
            Task<BatchSummary> run = Task.Run(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(input, output));

            input.Feed(Typed[0] + "\n");

            IOException error = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(Timeout));
            Assert.Same(output.Thrown, error);
            Assert.Equal(Answers()[0].Substring(0, 10), output.Written);
        }

        private static string[] Answers()
        {
            var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 };
            var answers = new string[Typed.Length];
            for (int i = 0; i < Typed.Length; i++)
            {
                answers[i] = Typed[i].Length == 0 ? string.Empty : processor.ProcessLine(Typed[i], i + 1) + "\n";
            }

            Assert.Contains("\"Line\":2,", answers[1], StringComparison.Ordinal);
            return answers;
        }

        private static void AssertSummary(BatchSummary summary)
        {
            Assert.Equal(3, summary.Requests);
            Assert.Equal(1, summary.Errors);
            Assert.Equal(1, summary.Allowed); // 203.0.113.7 is in the policy's range, 203.0.113.299 is no address
            Assert.Equal(1, summary.Denied);
        }

        private static bool WaitUntil(Func<bool> condition)
        {
            DateTime until = DateTime.UtcNow + Timeout;
            while (!condition())
            {
                if (DateTime.UtcNow > until)
                {
                    return false;
                }

                System.Threading.Thread.Sleep(5);
            }

            return true;
        }
    }
}
