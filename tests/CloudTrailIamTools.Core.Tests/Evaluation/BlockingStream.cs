using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Standard input as bytes, typed by a person: a read returns what was fed so far and otherwise blocks until the
    /// test feeds more (or ends the input). A read that waits longer than the timeout throws, so a batch that waits
    /// for input the test will never give fails instead of hanging the suite.
    /// </summary>
    internal sealed class BlockingStream : Stream
    {
        private readonly BlockingCollection<byte[]> pieces = new BlockingCollection<byte[]>();
        private readonly TimeSpan timeout;
        private byte[] current = Array.Empty<byte>();
        private int offset;
        private int waiting;

        public BlockingStream(TimeSpan timeout)
        {
            this.timeout = timeout;
        }

        /// <summary>Whether the batch has read everything fed so far and waits for more.</summary>
        public bool HasTakenEverything => Volatile.Read(ref waiting) > 0 && pieces.Count == 0;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Feed(byte[] bytes) => pieces.Add(bytes);

        public void End() => pieces.CompleteAdding();

        public override int Read(byte[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0)
            {
                return 0;
            }

            while (offset == current.Length)
            {
                Interlocked.Increment(ref waiting);
                try
                {
                    if (!pieces.TryTake(out byte[]? next, timeout))
                    {
                        if (pieces.IsCompleted)
                        {
                            return 0;
                        }

                        throw new TimeoutException("the batch waited for input the test never gave");
                    }

                    current = next;
                    offset = 0;
                }
                finally
                {
                    Interlocked.Decrement(ref waiting);
                }
            }

            int count = Math.Min(buffer.Length, current.Length - offset);
            current.AsSpan(offset, count).CopyTo(buffer);
            offset += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Ends the input instead of disposing the collection: a batch still reading (a failed test) then ends too.
                pieces.CompleteAdding();
            }

            base.Dispose(disposing);
        }
    }
}
