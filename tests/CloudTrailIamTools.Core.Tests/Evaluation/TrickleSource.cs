using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Hands out bytes or characters in pieces of random size (as a pipe does), so line breaks and what belongs
    /// together (a character's bytes, a \r\n's two halves) fall on read boundaries; optionally fails with an
    /// IOException once <c>failAt</c> items are out.
    /// </summary>
    internal sealed class TrickleSource<T>
    {
        private readonly ReadOnlyMemory<T> items;
        private readonly string unit;
        private readonly Random random;
        private readonly int maxPiece;
        private readonly int failAt;
        private readonly int minPiece;
        private int position;

        /// <param name="unit">What one item is, for the failure's message ("byte", "character").</param>
        /// <param name="minPiece">The smallest piece; equal to <paramref name="maxPiece"/>, every read is a full one.</param>
        public TrickleSource(ReadOnlyMemory<T> items, string unit, int seed, int maxPiece, int failAt, int minPiece)
        {
            this.items = items;
            this.unit = unit;
            random = new Random(seed);
            this.maxPiece = maxPiece;
            this.failAt = failAt;
            this.minPiece = minPiece;
        }

        /// <summary>The exception thrown at <c>failAt</c>, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public int Read(Span<T> buffer)
        {
            if (position == failAt)
            {
                Thrown = new IOException("the pipe broke at " + unit + " " + failAt);
                throw Thrown;
            }

            int limit = failAt >= 0 ? failAt : items.Length;
            int count = Math.Min(Math.Min(buffer.Length, random.Next(minPiece, maxPiece + 1)), limit - position);
            items.Span.Slice(position, count).CopyTo(buffer);
            position += count;
            return count;
        }
    }
}
