using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The JSON Lines path: one request per line in, one result (or error) line out, in order. A bad line
    /// yields {"Line", "Error", "ErrorId", "Location"} and the batch goes on. Policies are parsed once per
    /// distinct text. One instance per batch; not thread-safe.
    /// </summary>
    public sealed class EvaluationBatchProcessor
    {
        private readonly EvaluationRequestReader reader;
        private readonly EvaluationOptions options;
        private readonly MemoryStream buffer = new MemoryStream(4096);
        private readonly Utf8JsonWriter writer;
        private char[] chars = new char[4096];

        public EvaluationBatchProcessor(EvaluationOptions? options = null, PolicyCache? cache = null)
        {
            this.options = options ?? EvaluationOptions.Default;
            reader = new EvaluationRequestReader(cache ?? new PolicyCache());
            writer = new Utf8JsonWriter(buffer, EvaluationResultWriter.Compact);
        }

        public EvaluationRequestReader Reader => reader;

        /// <summary>Evaluates one line and returns the output line (without a line break).</summary>
        public string ProcessLine(string line, long lineNumber) => ProcessLine(line, lineNumber, out _);

        /// <summary>Reads every non-blank line of <paramref name="input"/> and writes one output line each.</summary>
        public BatchSummary Run(TextReader input, TextWriter output)
        {
            long lineNumber = 0;
            long requests = 0;
            long allowed = 0;
            long errors = 0;
            string? line;
            while ((line = input.ReadLine()) is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                requests++;
                PolicyDecision? decision = WriteLine(line, lineNumber, output);
                if (decision is null)
                {
                    errors++;
                }
                else if (decision == PolicyDecision.Allowed)
                {
                    allowed++;
                }
            }

            return new BatchSummary(requests, allowed, requests - allowed - errors, errors);
        }

        /// <summary>Evaluates one line into the buffer and copies it to <paramref name="output"/> through a reused char buffer (no string per line).</summary>
        private PolicyDecision? WriteLine(string line, long lineNumber, TextWriter output)
        {
            Evaluate(line, lineNumber, out PolicyDecision? decision);
            int byteCount = (int)buffer.Length;
            int needed = Encoding.UTF8.GetMaxCharCount(byteCount);
            if (chars.Length < needed)
            {
                chars = new char[Math.Max(needed, chars.Length * 2)];
            }

            int charCount = Encoding.UTF8.GetChars(buffer.GetBuffer(), 0, byteCount, chars, 0);
            output.Write(chars, 0, charCount);
            output.WriteLine();
            return decision;
        }

        private string ProcessLine(string line, long lineNumber, out PolicyDecision? decision)
        {
            Evaluate(line, lineNumber, out decision);
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private void Evaluate(string line, long lineNumber, out PolicyDecision? decision)
        {
            buffer.SetLength(0);
            writer.Reset(buffer);
            try
            {
                EvaluationResult result = PolicyEvaluator.Evaluate(reader.Parse(line), options);
                EvaluationResultWriter.Write(writer, result);
                decision = result.Decision;
            }
            catch (CloudTrailIamToolsException error)
            {
                buffer.SetLength(0);
                writer.Reset(buffer);
                EvaluationResultWriter.WriteError(writer, lineNumber, error);
                decision = null;
            }

            writer.Flush();
        }
    }
}
