using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Hands out a text in pieces of random size (as a pipe does), so line breaks, and a \r\n's two halves, fall
    /// on read boundaries; optionally fails with an IOException once <c>failAt</c> characters are out.
    /// </summary>
    internal sealed class TricklingTextReader : TextReader
    {
        private readonly string text;
        private readonly Random random;
        private readonly int maxPiece;
        private readonly int failAt;
        private readonly int minPiece;
        private int position;

        /// <param name="minPiece">The smallest piece; equal to <paramref name="maxPiece"/>, every read is a full one.</param>
        public TricklingTextReader(string text, int seed, int maxPiece, int failAt = -1, int minPiece = 1)
        {
            this.minPiece = minPiece;
            this.text = text;
            random = new Random(seed);
            this.maxPiece = maxPiece;
            this.failAt = failAt;
        }

        /// <summary>The exception thrown at <c>failAt</c>, once it was.</summary>
        public IOException? Thrown { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (position == failAt)
            {
                Thrown = new IOException("the pipe broke at character " + failAt);
                throw Thrown;
            }

            int limit = failAt >= 0 ? failAt : text.Length;
            int count = Math.Min(Math.Min(buffer.Length, random.Next(minPiece, maxPiece + 1)), limit - position);
            text.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Peek() => throw new NotSupportedException("the batch never peeks");
    }
}
