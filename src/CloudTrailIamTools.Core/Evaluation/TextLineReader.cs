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
        private bool lastReadShort;

        /// <param name="capacity">Characters read at a time (the buffer grows for longer lines).</param>
        public TextLineReader(TextReader reader, int capacity = 1 << 16)
        {
            this.reader = reader;
            buffer = new char[capacity];
        }

        /// <summary>
        /// Called before a read that may wait for input: one after a read that returned less than it asked for (the
        /// source had no more at hand, as a pipe or a terminal that is waiting for its writer). A parallel batch hands
        /// out the lines it holds there, so an interactive line is answered without waiting for the next one, while
        /// a file or a busy pipe, which fill every read, is cut into chunks by size alone.
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

            if (lastReadShort)
            {
                BeforeRead?.Invoke();
            }

            int wanted = buffer.Length - end;
            int read = reader.Read(buffer, end, wanted);
            lastReadShort = read < wanted;
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
