using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>A text handed out in pieces of random size, as a pipe does (see <see cref="TrickleSource{T}"/>).</summary>
    internal sealed class TricklingTextReader : ForwardTextReader
    {
        private readonly TrickleSource<char> source;

        /// <param name="minPiece">The smallest piece; equal to <paramref name="maxPiece"/>, every read is a full one.</param>
        public TricklingTextReader(string text, int seed, int maxPiece, int failAt = -1, int minPiece = 1)
        {
            source = new TrickleSource<char>(text.AsMemory(), "character", seed, maxPiece, failAt, minPiece);
        }

        /// <summary>The exception thrown at <c>failAt</c>, once it was.</summary>
        public IOException? Thrown => source.Thrown;

        public override int Read(Span<char> buffer) => source.Read(buffer);
    }
}
