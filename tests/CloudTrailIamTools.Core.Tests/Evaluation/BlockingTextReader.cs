using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// Standard input typed by a person: a read returns what was fed so far and otherwise blocks until the test
    /// feeds more (or ends the input). A read that waits longer than the timeout throws, so a batch that waits
    /// for input the test will never give fails instead of hanging the suite.
    /// </summary>
    internal sealed class BlockingTextReader : TextReader
    {
        private readonly BlockingCollection<string> pieces = new BlockingCollection<string>();
        private readonly TimeSpan timeout;
        private string current = string.Empty;
        private int offset;
        private int waiting;

        public BlockingTextReader(TimeSpan timeout)
        {
            this.timeout = timeout;
        }

        /// <summary>Whether the batch has read everything fed so far and waits for more.</summary>
        public bool HasTakenEverything => Volatile.Read(ref waiting) > 0 && pieces.Count == 0;

        public void Feed(string text) => pieces.Add(text);

        public void End() => pieces.CompleteAdding();

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
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
                    if (!pieces.TryTake(out string? next, timeout))
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

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Peek() => throw new NotSupportedException("the batch never peeks");

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
