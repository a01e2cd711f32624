using System;
using System.IO;
using System.Runtime.InteropServices;
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
        // What a read of the input asks for: large reads keep the hand-offs between threads few.
        private const int ReadSize = 1 << 18;

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

        /// <summary>Threads that evaluate a batch in Run: 0 (the default) means one per processor, at most 8; 1 runs it on the calling thread.</summary>
        public int MaxDegreeOfParallelism { get; init; }

        private int Threads => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Math.Min(Environment.ProcessorCount, 8);

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

            if (input is null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            int threads = Threads;
            var lines = new LineReader<char>(input.Read, '\r', '\n', ReadSize);
            return threads > 1 ? RunParallel(lines, output, threads) : RunHere(lines, output);
        }

        /// <summary>
        /// Reads every non-blank line of <paramref name="input"/> (UTF-8, or UTF-16 or UTF-32 after a byte order mark,
        /// as a StreamReader that detects one reads it) and writes one output line each. On several cores the lines
        /// are cut from the bytes and decoded by the workers, so reading costs the reading thread little.
        /// </summary>
        public BatchSummary Run(Stream input, TextWriter output)
        {
            if (input is null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (output is null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            byte[] head = ReadHead(input);
            bool utf8Mark = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
            bool otherMark = (head.Length >= 2 && ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0xFF && head[1] == 0xFE))) ||
                (head.Length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF);
            if (otherMark)
            {
                var text = new StreamReader(new PrefixedStream(head, 0, input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
                return Run(text, output);
            }

            // Cut on the bytes and decoded line by line, on one thread too: a StreamReader drops what it has decoded
            // when a read fails, and the lines read before a failure must still be answered.
            var source = new PrefixedStream(head, utf8Mark ? 3 : 0, input);
            var lines = new LineReader<byte>(source.Read, (byte)'\r', (byte)'\n', ReadSize);
            int threads = Threads;
            return threads > 1 ? RunParallel(lines, output, threads) : RunHere(lines, output);
        }

        /// <summary>Whether a line of characters, or of UTF-8 bytes, is blank (white space only): no request, no output.</summary>
        internal static bool IsBlank<T>(ReadOnlySpan<T> line)
            where T : unmanaged =>
            typeof(T) == typeof(char) ? IsBlank(MemoryMarshal.Cast<T, char>(line)) : IsBlankUtf8(MemoryMarshal.Cast<T, byte>(line));

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

        /// <summary>The same test on UTF-8 bytes: decoded only when the line holds nothing but white space and non-ASCII bytes.</summary>
        internal static bool IsBlankUtf8(ReadOnlySpan<byte> line)
        {
            bool other = false;
            foreach (byte b in line)
            {
                if (b >= 0x80)
                {
                    other = true;
                }
                else if (b != (byte)' ' && (b < 9 || b > 13))
                {
                    return false;
                }
            }

            return !other || IsBlank(Encoding.UTF8.GetString(line.ToArray()).AsSpan());
        }

        /// <summary>
        /// The stream's first bytes, enough to see a byte order mark: one read, and more only while what came could
        /// still begin one (an interactive first line is not held back waiting for more).
        /// </summary>
        private static byte[] ReadHead(Stream input)
        {
            var head = new byte[4];
            int count = 0;
            do
            {
                int read = input.Read(head, count, head.Length - count);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }
            while (count < head.Length && CouldBeginMark(head, count));

            Array.Resize(ref head, count);
            return head;
        }

        private static bool CouldBeginMark(byte[] head, int count)
        {
            byte[][] marks = { new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xFE, 0xFF }, new byte[] { 0xFF, 0xFE, 0x00, 0x00 }, new byte[] { 0x00, 0x00, 0xFE, 0xFF } };
            foreach (byte[] mark in marks)
            {
                if (count < mark.Length && head.AsSpan(0, count).SequenceEqual(mark.AsSpan(0, count)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUtf8Stream(TextWriter output) => output is StreamWriter stream && stream.Encoding.CodePage == Encoding.UTF8.CodePage;

        private BatchSummary RunParallel<T>(LineReader<T> lines, TextWriter output, int threads)
            where T : unmanaged, IEquatable<T>
        {
            var workers = new EvaluationLineWorker[threads];
            workers[0] = worker;
            for (int i = 1; i < threads; i++)
            {
                workers[i] = new EvaluationLineWorker(options, new PolicyCache());
            }

            byte[] newLine = Encoding.UTF8.GetBytes(output.NewLine);
            ParallelEvaluationBatch<T> batch;
            if (IsUtf8Stream(output))
            {
                output.Flush(); // what was written before (and a byte order mark) goes first
                Stream stream = ((StreamWriter)output).BaseStream;
                batch = new ParallelEvaluationBatch<T>(workers, newLine, chunk => stream.Write(chunk.Output.Bytes, 0, chunk.Output.WrittenCount), stream.Flush);
            }
            else
            {
                // The chunk's lines already end in the writer's line break.
                batch = new ParallelEvaluationBatch<T>(workers, newLine, chunk => WriteLine(output, chunk.Output.Bytes, chunk.Output.WrittenCount, lineBreak: false), output.Flush);
            }

            return batch.Run(lines);
        }

        /// <summary>The batch on the calling thread.</summary>
        private BatchSummary RunHere<T>(LineReader<T> lines, TextWriter output)
            where T : unmanaged, IEquatable<T>
        {
            // A UTF-8 StreamWriter (the CLI's standard output) gets the JSON bytes as they are, through its own
            // stream: decoding them to UTF-16 for the writer to encode back cost as much as writing them.
            if (IsUtf8Stream(output))
            {
                var writer = (StreamWriter)output;
                writer.Flush(); // what was written before (and a byte order mark) goes first
                var bytes = new Utf8LineSink(writer.BaseStream, writer.NewLine);
                try
                {
                    return RunHere(lines, () => bytes.WriteLine(buffer.Bytes, buffer.WrittenCount), bytes.Flush);
                }
                finally
                {
                    bytes.Flush(); // the lines done so far, as the writer would have kept them
                }
            }

            return RunHere(lines, () => WriteLine(output, buffer.Bytes, buffer.WrittenCount, lineBreak: true), output.Flush);
        }

        /// <summary>The loop on the calling thread; <paramref name="writeLine"/> copies the evaluated line's JSON out.</summary>
        /// <param name="flush">Pushes the lines written so far out; called before a read that may wait for input.</param>
        private BatchSummary RunHere<T>(LineReader<T> lines, Action writeLine, Action flush)
            where T : unmanaged, IEquatable<T>
        {
            long lineNumber = 0;
            long requests = 0;
            long allowed = 0;
            long errors = 0;

            // An interactive line is answered before the batch waits for the next one, as on several cores.
            lines.ReadStarting = mayWait =>
            {
                if (mayWait)
                {
                    flush();
                }
            };
            while (lines.TryReadLine(out ReadOnlySpan<T> line))
            {
                lineNumber++;
                if (IsBlank(line))
                {
                    continue;
                }

                requests++;
                buffer.Reset();
                PolicyDecision? decision = typeof(T) == typeof(char)
                    ? worker.Evaluate(MemoryMarshal.Cast<T, char>(line), lineNumber, buffer)
                    : worker.Evaluate(MemoryMarshal.Cast<T, byte>(line), lineNumber, buffer);
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
