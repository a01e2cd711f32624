using System;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// A run of consecutive batch lines handed to one worker (characters, or UTF-8 bytes the worker decodes), and
    /// the output lines it produced (each followed by the output's line break). Reused once written.
    /// </summary>
    /// <typeparam name="T">char or byte.</typeparam>
    internal sealed class EvaluationChunk<T>
        where T : unmanaged
    {
        private const int MaxKeptLength = 1 << 20;
        private T[] text = new T[1 << 16];
        private int[] starts = new int[64];
        private int[] lengths = new int[64];
        private long[] lineNumbers = new long[64];
        private int textLength;

        public int Count { get; private set; }

        public int TextLength => textLength;

        /// <summary>The lines' text, one after another (see <see cref="Start"/> and <see cref="Length"/>).</summary>
        public T[] Text => text;

        public ReusableByteBuffer Output { get; } = new ReusableByteBuffer(1 << 16);

        /// <summary>Set by the worker (under the chunk's lock) when <see cref="Output"/> is complete.</summary>
        public bool IsDone { get; set; }

        public long Allowed { get; set; }

        public long Errors { get; set; }

        /// <summary>What the worker threw (not a bad line: those are output), rethrown by the batch.</summary>
        public Exception? Failure { get; set; }

        public void Add(ReadOnlySpan<T> line, long lineNumber)
        {
            if (Count == starts.Length)
            {
                Array.Resize(ref starts, Count * 2);
                Array.Resize(ref lengths, Count * 2);
                Array.Resize(ref lineNumbers, Count * 2);
            }

            if (textLength + line.Length > text.Length)
            {
                Array.Resize(ref text, Math.Max(text.Length * 2, textLength + line.Length));
            }

            line.CopyTo(text.AsSpan(textLength));
            starts[Count] = textLength;
            lengths[Count] = line.Length;
            lineNumbers[Count] = lineNumber;
            textLength += line.Length;
            Count++;
        }

        public int Start(int index) => starts[index];

        public int Length(int index) => lengths[index];

        public long LineNumber(int index) => lineNumbers[index];

        public void Clear()
        {
            if (text.Length > MaxKeptLength)
            {
                text = new T[1 << 16]; // one huge line does not pin its memory for the rest of the batch
            }

            Count = 0;
            textLength = 0;
            Output.Reset();
            IsDone = false;
            Allowed = 0;
            Errors = 0;
            Failure = null;
        }
    }
}
