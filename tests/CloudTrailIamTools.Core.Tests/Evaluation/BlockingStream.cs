using System;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Standard input as bytes, typed by a person: the bytes of a <see cref="PieceQueue{T}"/>.</summary>
    internal sealed class BlockingStream : ReadOnlyStream
    {
        private readonly PieceQueue<byte> pieces;

        public BlockingStream(TimeSpan timeout) => pieces = new PieceQueue<byte>(timeout);

        public void Feed(byte[] bytes) => pieces.Feed(bytes);

        public void End() => pieces.End();

        public override int Read(byte[] buffer, int index, int count) => pieces.Read(buffer.AsSpan(index, count));

        public override int Read(Span<byte> buffer) => pieces.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Ends the input: a batch still reading (a failed test) then ends too.
                pieces.End();
            }

            base.Dispose(disposing);
        }
    }
}
