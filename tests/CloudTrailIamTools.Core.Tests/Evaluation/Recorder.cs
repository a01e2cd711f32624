using System;
using System.Buffers;
using System.IO;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Thread-safe record of the bytes or characters written to a test's output and how many were flushed; lets a
    /// test wait for flushed items, and optionally fails like a full disk: it keeps the first <c>limit</c> items
    /// and throws an IOException on the write that would pass them.
    /// </summary>
    internal sealed class Recorder<T>
    {
        private readonly object gate = new object();
        private readonly ArrayBufferWriter<T> written = new ArrayBufferWriter<T>();
        private readonly long limit;
        private int flushedLength;

        public Recorder(long limit)
        {
            this.limit = limit;
        }

        /// <summary>The exception thrown at the limit, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public T[] Written
        {
            get
            {
                lock (gate)
                {
                    return written.WrittenSpan.ToArray();
                }
            }
        }

        public T[] Flushed
        {
            get
            {
                lock (gate)
                {
                    return written.WrittenSpan.Slice(0, flushedLength).ToArray();
                }
            }
        }

        /// <summary>Waits until the flushed items satisfy <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
        public bool WaitForFlushed(Func<T[], bool> condition, TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (!condition(written.WrittenSpan.Slice(0, flushedLength).ToArray()))
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

        public void Append(ReadOnlySpan<T> items)
        {
            lock (gate)
            {
                long room = limit - written.WrittenCount;
                if (items.Length > room)
                {
                    written.Write(items.Slice(0, (int)room));
                    Thrown = new IOException("no space left on the device");
                    throw Thrown;
                }

                written.Write(items);
            }
        }

        public void Flush()
        {
            lock (gate)
            {
                flushedLength = written.WrittenCount;
                Monitor.PulseAll(gate);
            }
        }
    }
}
