using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Bytes handed out in pieces of random size, as a pipe does (see <see cref="TrickleSource{T}"/>).</summary>
    internal sealed class TricklingStream : ReadOnlyStream
    {
        private readonly TrickleSource<byte> source;

        /// <param name="minPiece">The smallest piece; equal to <paramref name="maxPiece"/>, every read is a full one.</param>
        public TricklingStream(byte[] bytes, int seed, int maxPiece, int failAt = -1, int minPiece = 1)
        {
            source = new TrickleSource<byte>(bytes, "byte", seed, maxPiece, failAt, minPiece);
        }

        /// <summary>The exception thrown at <c>failAt</c>, once it was.</summary>
        public IOException? Thrown => source.Thrown;

        public override int Read(byte[] buffer, int offset, int count) => source.Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => source.Read(buffer);
    }
}
