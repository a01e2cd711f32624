using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Hands out bytes in pieces of random size (as a pipe does), so line breaks and the bytes of one character fall
    /// on read boundaries; optionally fails with an IOException once <c>failAt</c> bytes are out.
    /// </summary>
    internal sealed class TricklingStream : Stream
    {
        private readonly byte[] bytes;
        private readonly Random random;
        private readonly int maxPiece;
        private readonly int failAt;
        private readonly int minPiece;
        private int position;

        /// <param name="minPiece">The smallest piece; equal to <paramref name="maxPiece"/>, every read is a full one.</param>
        public TricklingStream(byte[] bytes, int seed, int maxPiece, int failAt = -1, int minPiece = 1)
        {
            this.minPiece = minPiece;
            this.bytes = bytes;
            random = new Random(seed);
            this.maxPiece = maxPiece;
            this.failAt = failAt;
        }

        /// <summary>The exception thrown at <c>failAt</c>, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position == failAt)
            {
                Thrown = new IOException("the pipe broke at byte " + failAt);
                throw Thrown;
            }

            int limit = failAt >= 0 ? failAt : bytes.Length;
            int count = Math.Min(Math.Min(buffer.Length, random.Next(minPiece, maxPiece + 1)), limit - position);
            bytes.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
