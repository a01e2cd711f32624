using System;
using System.Text;
using System.Text.Json;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Evaluates batch lines one at a time, appending each line's result (or error) JSON to a byte buffer. Holds
    /// the state a line needs (request reader, policy cache, JSON writer), so a parallel batch gives each thread
    /// its own worker. Not thread-safe.
    /// </summary>
    internal sealed class EvaluationLineWorker
    {
        private readonly EvaluationOptions options;
        private readonly Utf8JsonWriter writer;
        private char[] decoded = new char[4096];
        private byte[] copied = new byte[4096];

        public EvaluationLineWorker(EvaluationOptions options, PolicyCache cache)
        {
            this.options = options;
            Reader = new EvaluationRequestReader(cache);
            writer = new Utf8JsonWriter(new ReusableByteBuffer(16), EvaluationResultWriter.Compact);
        }

        public EvaluationRequestReader Reader { get; }

        /// <summary>
        /// The same for a line of UTF-8 bytes, decoded here (on the worker's thread) as a StreamReader would have:
        /// invalid bytes become U+FFFD.
        /// </summary>
        public PolicyDecision? Evaluate(ReadOnlySpan<byte> utf8, long lineNumber, ReusableByteBuffer target)
        {
            if (copied.Length < utf8.Length)
            {
                copied = new byte[Math.Max(utf8.Length, copied.Length * 2)];
            }

            utf8.CopyTo(copied); // the decoder takes arrays on netstandard2.0
            return Evaluate(copied, 0, utf8.Length, lineNumber, target);
        }

        /// <summary>The same for a line held in an array.</summary>
        public PolicyDecision? Evaluate(byte[] utf8, int start, int length, long lineNumber, ReusableByteBuffer target)
        {
            int needed = Encoding.UTF8.GetMaxCharCount(length);
            if (decoded.Length < needed)
            {
                decoded = new char[Math.Max(needed, decoded.Length * 2)];
            }

            int count = Encoding.UTF8.GetChars(utf8, start, length, decoded, 0);
            return Evaluate(decoded.AsSpan(0, count), lineNumber, target);
        }

        /// <summary>
        /// Appends the JSON of one line's result to <paramref name="target"/>; a line that cannot be evaluated
        /// appends its error object instead (and returns null).
        /// </summary>
        public PolicyDecision? Evaluate(ReadOnlySpan<char> line, long lineNumber, ReusableByteBuffer target)
        {
            int start = target.WrittenCount;
            writer.Reset(target);
            PolicyDecision? decision;
            try
            {
                EvaluationResult result = PolicyEvaluator.Evaluate(Reader.Parse(line), options);
                EvaluationResultWriter.Write(writer, result);
                decision = result.Decision;
            }
            catch (CloudTrailIamToolsException error)
            {
                // Drop what the failed line wrote (the writer's pending bytes and anything it already flushed).
                writer.Reset(target);
                target.Truncate(start);
                EvaluationResultWriter.WriteError(writer, lineNumber, error);
                decision = null;
            }

            writer.Flush();
            return decision;
        }
    }
}
