using System;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>A read-only, forward-only UTF-8 view of a TextReader, a block at a time (for text already decoded, e.g. a redirected console).</summary>
    internal sealed class TextReaderUtf8Stream : ReadOnlyStream
    {
        private const int CharBlock = 16 * 1024;

        private readonly TextReader reader;
        private readonly Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
        private readonly char[] chars = new char[CharBlock];
        private readonly byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(CharBlock + 1)];
        private int available;
        private int offset;
        private bool ended;

        public TextReaderUtf8Stream(TextReader reader)
        {
            this.reader = reader ?? throw new ArgumentNullException(nameof(reader));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            while (available == this.offset && !ended)
            {
                int read = reader.Read(chars, 0, chars.Length);
                ended = read == 0;
                available = encoder.GetBytes(chars, 0, read, bytes, 0, flush: ended);
                this.offset = 0;
            }

            int copied = Math.Min(count, available - this.offset);
            Buffer.BlockCopy(bytes, this.offset, buffer, offset, copied);
            this.offset += copied;
            return copied;
        }
    }
}
