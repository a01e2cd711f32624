using System;
using System.IO;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Reads bytes already taken from a stream (to look for a byte order mark), then the rest of the stream. For
    /// reading only, front to back; the stream underneath stays open.
    /// </summary>
    internal sealed class PrefixedStream : ReadOnlyStream
    {
        private readonly byte[] prefix;
        private readonly Stream rest;
        private int offset;

        /// <param name="skip">Leading bytes of <paramref name="prefix"/> not to hand out (a UTF-8 byte order mark).</param>
        public PrefixedStream(byte[] prefix, int skip, Stream rest)
        {
            this.prefix = prefix;
            this.rest = rest;
            offset = skip;
        }

        public override int Read(byte[] buffer, int index, int count)
        {
            if (offset < prefix.Length)
            {
                int taken = Math.Min(count, prefix.Length - offset);
                Buffer.BlockCopy(prefix, offset, buffer, index, taken);
                offset += taken;
                return taken;
            }

            return rest.Read(buffer, index, count);
        }
    }
}
