using System;
using System.IO;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Splits a TextReader into lines as TextReader.ReadLine does (\n, \r or \r\n; a last line without a break
    /// counts), handing each out as a span of one reused buffer instead of a new string: a batch line is about
    /// 1,300 characters and most never need to become a string. A span is valid until the next call.
    /// </summary>
    internal sealed class TextLineReader
    {
        private readonly TextReader reader;
        private char[] buffer;
        private int start;
        private int end;
        private int scanned; // characters after start already known to hold no line break
        private bool exhausted;

        /// <param name="capacity">Characters read at a time (the buffer grows for longer lines).</param>
        public TextLineReader(TextReader reader, int capacity = 1 << 16)
        {
            this.reader = reader;
            buffer = new char[capacity];
        }

        /// <summary>
        /// Called before each read of the underlying reader, which may wait for input: a parallel batch hands out
        /// the lines it holds, so an interactive line is answered without waiting for more.
        /// </summary>
        public Action? BeforeRead { get; set; }

        public bool TryReadLine(out ReadOnlySpan<char> line)
        {
            while (true)
            {
                int found = buffer.AsSpan(start + scanned, end - start - scanned).IndexOfAny('\r', '\n');
                if (found >= 0)
                {
                    int lineEnd = start + scanned + found;
                    if (buffer[lineEnd] == '\r' && lineEnd + 1 == end && !exhausted)
                    {
                        // A \r at the end of the buffer: whether a \n follows decides where the next line starts.
                        scanned = lineEnd - start;
                        Fill();
                        continue;
                    }

                    line = buffer.AsSpan(start, lineEnd - start);
                    int next = lineEnd + 1;
                    if (buffer[lineEnd] == '\r' && next < end && buffer[next] == '\n')
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

            BeforeRead?.Invoke();
            int read = reader.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                exhausted = true;
            }
            else
            {
                end += read;
            }
        }
    }
}
