using System;
using System.Collections.Concurrent;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Input typed by a person, as bytes or characters: a read returns what was fed so far and otherwise blocks until
    /// the test feeds more (or ends the input). A read that waits longer than the timeout throws, so a batch that
    /// waits for input the test will never give fails instead of hanging the suite.
    /// </summary>
    internal sealed class PieceQueue<T>
    {
        private readonly BlockingCollection<ReadOnlyMemory<T>> pieces = new BlockingCollection<ReadOnlyMemory<T>>();
        private readonly TimeSpan timeout;
        private ReadOnlyMemory<T> current = ReadOnlyMemory<T>.Empty;
        private int waiting;

        public PieceQueue(TimeSpan timeout)
        {
            this.timeout = timeout;
        }

        /// <summary>Whether the batch has read everything fed so far and waits for more.</summary>
        public bool HasTakenEverything => Volatile.Read(ref waiting) > 0 && pieces.Count == 0;

        public void Feed(ReadOnlyMemory<T> piece) => pieces.Add(piece);

        /// <summary>Ends the input; a read still waiting (a failed test's batch) then ends too.</summary>
        public void End() => pieces.CompleteAdding();

        public int Read(Span<T> buffer)
        {
            if (buffer.Length == 0)
            {
                return 0;
            }

            while (current.IsEmpty)
            {
                Interlocked.Increment(ref waiting);
                try
                {
                    if (!pieces.TryTake(out ReadOnlyMemory<T> next, timeout))
                    {
                        if (pieces.IsCompleted)
                        {
                            return 0;
                        }

                        throw new TimeoutException("the batch waited for input the test never gave");
                    }

                    current = next;
                }
                finally
                {
                    Interlocked.Decrement(ref waiting);
                }
            }

            int count = Math.Min(buffer.Length, current.Length);
            current.Span.Slice(0, count).CopyTo(buffer);
            current = current.Slice(count);
            return count;
        }
    }
}
