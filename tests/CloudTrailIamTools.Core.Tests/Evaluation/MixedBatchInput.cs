using System;
using System.Collections.Generic;
using System.Text;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>A batch's text, its lines (line number = index + 1, blank lines included) and the numbers of its bad lines.</summary>
    internal sealed class MixedBatchInput
    {
        private readonly Dictionary<string, string> expected = new Dictionary<string, string>();

        public MixedBatchInput(string text, string[] lines, long[] errorLines)
        {
            Text = text;
            Lines = lines;
            ErrorLines = errorLines;
        }

        public string Text { get; }

        public string[] Lines { get; }

        public long[] ErrorLines { get; }

        /// <summary>
        /// The output of the first <paramref name="lineCount"/> lines, each line evaluated on its own with ProcessLine
        /// (no line reader, no threads), followed by <paramref name="newLine"/>.
        /// </summary>
        public string ExpectedOutput(string newLine, int lineCount = int.MaxValue)
        {
            string key = newLine + "|" + lineCount;
            lock (expected)
            {
                if (!expected.TryGetValue(key, out string? output))
                {
                    var processor = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 };
                    var builder = new StringBuilder();
                    for (int i = 0; i < Math.Min(lineCount, Lines.Length); i++)
                    {
                        if (!string.IsNullOrWhiteSpace(Lines[i]))
                        {
                            builder.Append(processor.ProcessLine(Lines[i], i + 1)).Append(newLine);
                        }
                    }

                    output = builder.ToString();
                    expected[key] = output;
                }

                return output;
            }
        }
    }
}
