using System;
using System.IO;
using System.Text;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A thread-safe TextWriter that records what was written and how much of it was flushed, lets a test wait
    /// (with a timeout) until flushed text satisfies a condition, and optionally fails like a full disk: it keeps
    /// the first <c>limit</c> characters and throws an IOException on the write that would pass them.
    /// </summary>
    internal sealed class RecordingTextWriter : TextWriter
    {
        private readonly object gate = new object();
        private readonly StringBuilder written = new StringBuilder();
        private readonly int limit;
        private int flushedLength;

        public RecordingTextWriter(int limit = int.MaxValue)
        {
            this.limit = limit;
        }

        public override Encoding Encoding => Encoding.UTF8;

        public int Flushes { get; private set; }

        /// <summary>The exception thrown at the limit, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public string Written
        {
            get
            {
                lock (gate)
                {
                    return written.ToString();
                }
            }
        }

        public string Flushed
        {
            get
            {
                lock (gate)
                {
                    return written.ToString(0, flushedLength);
                }
            }
        }

        /// <summary>Waits until the flushed text satisfies <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
        public bool WaitForFlushed(Func<string, bool> condition, TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (!condition(written.ToString(0, flushedLength)))
                {
                    TimeSpan left = until - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(gate, left);
                }

                return true;
            }
        }

        public override void Write(char value) => Append(stackalloc char[] { value });

        public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

        public override void Write(string? value) => Append(value.AsSpan());

        public override void Flush()
        {
            lock (gate)
            {
                flushedLength = written.Length;
                Flushes++;
                Monitor.PulseAll(gate);
            }
        }

        private void Append(ReadOnlySpan<char> text)
        {
            lock (gate)
            {
                int room = limit - written.Length;
                if (text.Length > room)
                {
                    written.Append(text.Slice(0, room));
                    Thrown = new IOException("no space left on the device");
                    throw Thrown;
                }

                written.Append(text);
            }
        }
    }
}
