using System;
using System.IO;
using System.Text;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The JSON Lines path: one request per line in, one result (or error) line out, in order. A bad line
    /// yields {"Line", "Error", "ErrorId", "Location"} and the batch goes on. Policies are parsed once per
    /// distinct text. Batches run on every core (see <see cref="MaxDegreeOfParallelism"/>) with the same output
    /// as on one. One instance per batch; not thread-safe.
    /// </summary>
    public sealed class EvaluationBatchProcessor
    {
        private readonly EvaluationOptions options;
        private readonly EvaluationLineWorker worker;
        private readonly ReusableByteBuffer buffer = new ReusableByteBuffer(4096);
        private char[] chars = new char[4096];

        public EvaluationBatchProcessor(EvaluationOptions? options = null, PolicyCache? cache = null)
        {
            this.options = options ?? EvaluationOptions.Default;
            worker = new EvaluationLineWorker(this.options, cache ?? new PolicyCache());
        }

        /// <summary>The first worker's reader (and the cache passed in); other cores' workers keep caches of their own.</summary>
        public EvaluationRequestReader Reader => worker.Reader;

        /// <summary>Threads that evaluate a batch in <see cref="Run"/>: 0 (the default) means one per processor, at most 8; 1 runs it on the calling thread.</summary>
        public int MaxDegreeOfParallelism { get; init; }

        /// <summary>Evaluates one line and returns the output line (without a line break).</summary>
        public string ProcessLine(string line, long lineNumber)
        {
            buffer.Reset();
            worker.Evaluate(line.AsSpan(), lineNumber, buffer);
            return Encoding.UTF8.GetString(buffer.Bytes, 0, buffer.WrittenCount);
        }

        /// <summary>Reads every non-blank line of <paramref name="input"/> and writes one output line each.</summary>
        public BatchSummary Run(TextReader input, TextWriter output)
        {
            if (output is null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            // A UTF-8 StreamWriter (the CLI's standard output) gets the JSON bytes as they are, through its own
            // stream: decoding them to UTF-16 for the writer to encode back cost as much as writing them.
            bool utf8Stream = output is StreamWriter stream && stream.Encoding.CodePage == Encoding.UTF8.CodePage;
            int threads = MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Math.Min(Environment.ProcessorCount, 8);
            if (threads > 1)
            {
                return RunParallel(input, output, utf8Stream, threads);
            }

            if (utf8Stream)
            {
                var writer = (StreamWriter)output;
                writer.Flush(); // what was written before (and a byte order mark) goes first
                var bytes = new Utf8LineSink(writer.BaseStream, writer.NewLine);
                try
                {
                    return RunHere(input, () => bytes.WriteLine(buffer.Bytes, buffer.WrittenCount));
                }
                finally
                {
                    bytes.Flush(); // the lines done so far, as the writer would have kept them
                }
            }

            return RunHere(input, () => WriteLine(output, buffer.Bytes, buffer.WrittenCount, lineBreak: true));
        }

        internal static bool IsBlank(ReadOnlySpan<char> line)
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

        private BatchSummary RunParallel(TextReader input, TextWriter output, bool utf8Stream, int threads)
        {
            var workers = new EvaluationLineWorker[threads];
            workers[0] = worker;
            for (int i = 1; i < threads; i++)
            {
                workers[i] = new EvaluationLineWorker(options, new PolicyCache());
            }

            byte[] newLine = Encoding.UTF8.GetBytes(output.NewLine);
            ParallelEvaluationBatch batch;
            if (utf8Stream)
            {
                output.Flush(); // what was written before (and a byte order mark) goes first
                Stream stream = ((StreamWriter)output).BaseStream;
                batch = new ParallelEvaluationBatch(workers, newLine, chunk => stream.Write(chunk.Output.Bytes, 0, chunk.Output.WrittenCount), stream.Flush);
            }
            else
            {
                // The chunk's lines already end in the writer's line break.
                batch = new ParallelEvaluationBatch(workers, newLine, chunk => WriteLine(output, chunk.Output.Bytes, chunk.Output.WrittenCount, lineBreak: false), output.Flush);
            }

            return batch.Run(input);
        }

        /// <summary>The loop on the calling thread; <paramref name="writeLine"/> copies the evaluated line's JSON out.</summary>
        private BatchSummary RunHere(TextReader input, Action writeLine)
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
                buffer.Reset();
                PolicyDecision? decision = worker.Evaluate(line, lineNumber, buffer);
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

        /// <summary>Copies UTF-8 <paramref name="bytes"/> to <paramref name="output"/> through a reused char buffer (no string per line).</summary>
        private void WriteLine(TextWriter output, byte[] bytes, int count, bool lineBreak)
        {
            int needed = Encoding.UTF8.GetMaxCharCount(count);
            if (chars.Length < needed)
            {
                chars = new char[Math.Max(needed, chars.Length * 2)];
            }

            int charCount = Encoding.UTF8.GetChars(bytes, 0, count, chars, 0);
            output.Write(chars, 0, charCount);
            if (lineBreak)
            {
                output.WriteLine();
            }
        }
    }
}
