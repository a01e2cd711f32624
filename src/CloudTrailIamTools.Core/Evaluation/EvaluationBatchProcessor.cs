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
        private readonly ReusableByteBuffer buffer = new ReusableByteBuffer(4096);
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
            if (output is null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            // A UTF-8 StreamWriter (the CLI's standard output) gets the JSON bytes as they are, through its own
            // stream: decoding them to UTF-16 for the writer to encode back cost as much as writing them.
            if (output is StreamWriter stream && stream.Encoding.CodePage == Encoding.UTF8.CodePage)
            {
                stream.Flush(); // what was written before (and a byte order mark) goes first
                var bytes = new Utf8LineSink(stream.BaseStream, stream.NewLine);
                try
                {
                    return Run(input, () => bytes.WriteLine(buffer.Bytes, buffer.WrittenCount));
                }
                finally
                {
                    bytes.Flush(); // the lines done so far, as the writer would have kept them
                }
            }

            return Run(input, () => WriteChars(output));
        }

        /// <summary>The loop; <paramref name="writeLine"/> copies the evaluated line's JSON out.</summary>
        private BatchSummary Run(TextReader input, Action writeLine)
        {
            long lineNumber = 0;
            long requests = 0;
            long allowed = 0;
            long errors = 0;
            var lines = new TextLineReader(input);
            while (lines.TryReadLine(out ReadOnlySpan<char> line))
            {
                lineNumber++;
                if (IsBlank(line))
                {
                    continue;
                }

                requests++;
                Evaluate(line, lineNumber, out PolicyDecision? decision);
                writeLine();
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

        /// <summary>Copies the line's JSON to <paramref name="output"/> through a reused char buffer (no string per line).</summary>
        private void WriteChars(TextWriter output)
        {
            int needed = Encoding.UTF8.GetMaxCharCount(buffer.WrittenCount);
            if (chars.Length < needed)
            {
                chars = new char[Math.Max(needed, chars.Length * 2)];
            }

            int charCount = Encoding.UTF8.GetChars(buffer.Bytes, 0, buffer.WrittenCount, chars, 0);
            output.Write(chars, 0, charCount);
            output.WriteLine();
        }

        private string ProcessLine(string line, long lineNumber, out PolicyDecision? decision)
        {
            Evaluate(line.AsSpan(), lineNumber, out decision);
            return Encoding.UTF8.GetString(buffer.Bytes, 0, buffer.WrittenCount);
        }

        private static bool IsBlank(ReadOnlySpan<char> line)
        {
            foreach (char c in line)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }
            }

            return true;
        }

        private void Evaluate(ReadOnlySpan<char> line, long lineNumber, out PolicyDecision? decision)
        {
            buffer.Reset();
            writer.Reset(buffer);
            try
            {
                EvaluationResult result = PolicyEvaluator.Evaluate(reader.Parse(line), options);
                EvaluationResultWriter.Write(writer, result);
                decision = result.Decision;
            }
            catch (CloudTrailIamToolsException error)
            {
                buffer.Reset();
                writer.Reset(buffer);
                EvaluationResultWriter.WriteError(writer, lineNumber, error);
                decision = null;
            }

            writer.Flush();
        }
    }
}
