using System;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Splits text into lines as TextReader.ReadLine does (\n, \r or \r\n; a last line without a break counts),
    /// handing each out as a span of one reused buffer instead of a new string: a batch line is about 1,300
    /// characters and most never need to become a string. Works on characters (a TextReader) or on UTF-8 bytes (a
    /// stream: a line break byte never occurs inside a multi-byte character, so lines are cut before decoding).
    /// A span is valid until the next call.
    /// </summary>
    /// <typeparam name="T">char or byte.</typeparam>
    internal sealed class LineReader<T>
        where T : unmanaged, IEquatable<T>
    {
        private readonly Func<T[], int, int, int> read;
        private readonly T carriageReturn;
        private readonly T lineFeed;
        private T[] buffer;
        private int start;
        private int end;
        private int scanned; // items after start already known to hold no line break
        private bool exhausted;
        private bool lastReadShort;

        /// <param name="read">Reads into the array at the index at most the count; 0 at the end (TextReader.Read, Stream.Read).</param>
        /// <param name="carriageReturn">'\r' as a T.</param>
        /// <param name="lineFeed">'\n' as a T.</param>
        /// <param name="capacity">Items read at a time (the buffer grows for longer lines).</param>
        public LineReader(Func<T[], int, int, int> read, T carriageReturn, T lineFeed, int capacity = 1 << 16)
        {
            this.read = read;
            this.carriageReturn = carriageReturn;
            this.lineFeed = lineFeed;
            buffer = new T[capacity];
        }

        /// <summary>
        /// Called before each read of the source, with whether the last read returned less than it asked for: then the
        /// source had no more at hand (a pipe or a terminal waiting for its writer) and this read may wait for input.
        /// </summary>
        public Action<bool>? ReadStarting { get; set; }

        /// <summary>Called after each read of the source, also when it failed.</summary>
        public Action? ReadEnded { get; set; }

        public bool TryReadLine(out ReadOnlySpan<T> line)
        {
            while (true)
            {
                int found = buffer.AsSpan(start + scanned, end - start - scanned).IndexOfAny(carriageReturn, lineFeed);
                if (found >= 0)
                {
                    int lineEnd = start + scanned + found;
                    bool isReturn = buffer[lineEnd].Equals(carriageReturn);
                    if (isReturn && lineEnd + 1 == end && !exhausted)
                    {
                        // A \r at the end of the buffer: whether a \n follows decides where the next line starts.
                        scanned = lineEnd - start;
                        Fill();
                        continue;
                    }

                    line = buffer.AsSpan(start, lineEnd - start);
                    int next = lineEnd + 1;
                    if (isReturn && next < end && buffer[next].Equals(lineFeed))
                    {
                        next++;
                    }

                    start = next;
                    scanned = 0;
                    return true;
                }

                scanned = end - start;
                if (exhausted)
                {
                    line = buffer.AsSpan(start, end - start);
                    bool any = end > start;
                    start = end;
                    scanned = 0;
                    return any;
                }

                Fill();
            }
        }

        private void Fill()
        {
            if (start > 0)
            {
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            ReadStarting?.Invoke(lastReadShort);
            int wanted = buffer.Length - end;
            int count;
            try
            {
                count = read(buffer, end, wanted);
            }
            finally
            {
                ReadEnded?.Invoke();
            }

            lastReadShort = count < wanted;
            if (count == 0)
            {
                exhausted = true;
            }
            else
            {
                end += count;
            }
        }
    }
}
