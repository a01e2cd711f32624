using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using CloudTrailIamTools.Benchmarks;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// The batch path's speed-ups must not change a decision or a byte of output: the diverse batch of issue 17
    /// (the benchmark's shape) is compared line by line with the output the batch path gave before them, on the
    /// first pass (full reader, cache filling) and on repeated passes (fast scanner, cache hits).
    /// </summary>
    public sealed class DiverseBatchGoldenTests
    {
        private const int Passes = 3;

        [Fact]
        public void TextWriterOutputEqualsTheGolden()
        {
            var output = new StringWriter { NewLine = "\n" };
            BatchSummary summary = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions).Run(new StringReader(DiverseRequests.Repeated(Passes)), output);

            AssertGolden(output.ToString());
            Assert.Equal(DiverseRequests.Distinct * Passes, summary.Requests);
            Assert.Equal(0, summary.Errors);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Utf8StreamWriterOutputEqualsTheGolden(bool byteOrderMark)
        {
            var stream = new MemoryStream();
            var output = new StreamWriter(stream, new UTF8Encoding(byteOrderMark)) { NewLine = "\n" };
            output.Write("before\n");
            BatchSummary summary = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions).Run(new StringReader(DiverseRequests.Repeated(Passes)), output);
            output.Write("after\n");
            output.Flush();

            byte[] bytes = stream.ToArray();
            byte[] preamble = new UTF8Encoding(byteOrderMark).GetPreamble();
            Assert.True(bytes.AsSpan().StartsWith(preamble));
            string text = Encoding.UTF8.GetString(bytes, preamble.Length, bytes.Length - preamble.Length);
            Assert.StartsWith("before\n", text, StringComparison.Ordinal);
            Assert.EndsWith("\nafter\n", text, StringComparison.Ordinal);
            AssertGolden(text["before\n".Length..^"after\n".Length]);
            Assert.Equal(DiverseRequests.Distinct * Passes, summary.Requests);
        }

        [Fact]
        public void ProcessLineEqualsTheGolden()
        {
            var processor = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions);
            var output = new StringBuilder();
            string[] lines = DiverseRequests.Repeated(Passes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < lines.Length; i++)
            {
                output.Append(processor.ProcessLine(lines[i], i + 1)).Append('\n');
            }

            AssertGolden(output.ToString());
        }

        internal static void AssertGolden(string actual)
        {
            string[] expected = Golden();
            string[] lines = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Length * Passes, lines.Length);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i] != expected[i % expected.Length])
                {
                    Assert.Fail("output line " + (i + 1) + " differs from the golden:\nexpected " + expected[i % expected.Length] + "\nactual   " + lines[i]);
                }
            }
        }

        private static string[] Golden()
        {
            using Stream stream = typeof(DiverseBatchGoldenTests).Assembly.GetManifestResourceStream("Golden.diverse-batch.jsonl.gz")
                ?? throw new InvalidOperationException("the golden output is not embedded");
            using var inflate = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(inflate, Encoding.UTF8);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
