using System;
using System.IO;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A thread-safe write-only stream (standard output as the batch's byte path sees it) that records the bytes
    /// written and how many were flushed, lets a test wait for flushed bytes, and optionally fails like a full disk:
    /// it keeps the first <c>limit</c> bytes and throws an IOException on the write that would pass them.
    /// </summary>
    internal sealed class RecordingStream : Stream
    {
        private readonly object gate = new object();
        private readonly MemoryStream written = new MemoryStream();
        private readonly long limit;
        private long flushedLength;

        public RecordingStream(long limit = long.MaxValue)
        {
            this.limit = limit;
        }

        /// <summary>The exception thrown at the limit, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] Written
        {
            get
            {
                lock (gate)
                {
                    return written.ToArray();
                }
            }
        }

        public byte[] Flushed
        {
            get
            {
                lock (gate)
                {
                    return written.GetBuffer().AsSpan(0, (int)flushedLength).ToArray();
                }
            }
        }

        /// <summary>Waits until the flushed bytes satisfy <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
        public bool WaitForFlushed(Func<byte[], bool> condition, TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (!condition(written.GetBuffer().AsSpan(0, (int)flushedLength).ToArray()))
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

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (gate)
            {
                long room = limit - written.Length;
                if (buffer.Length > room)
                {
                    written.Write(buffer.Slice(0, (int)room));
                    Thrown = new IOException("no space left on the device");
                    throw Thrown;
                }

                written.Write(buffer);
            }
        }

        public override void Flush()
        {
            lock (gate)
            {
                flushedLength = written.Length;
                Monitor.PulseAll(gate);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
