using System;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Standard input typed by a person: the characters of a <see cref="PieceQueue{T}"/>.</summary>
    internal sealed class BlockingTextReader : ForwardTextReader
    {
        private readonly PieceQueue<char> pieces;

        public BlockingTextReader(TimeSpan timeout) => pieces = new PieceQueue<char>(timeout);

        /// <inheritdoc cref="PieceQueue{T}.HasTakenEverything"/>
        public bool HasTakenEverything => pieces.HasTakenEverything;

        public void Feed(string text) => pieces.Feed(text.AsMemory());

        public void End() => pieces.End();

        public override int Read(Span<char> buffer) => pieces.Read(buffer);

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
