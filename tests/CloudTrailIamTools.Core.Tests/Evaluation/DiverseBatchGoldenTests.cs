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
