using System;
using System.Buffers;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// A growable byte buffer for one output line at a time: Reset keeps the memory and does not clear it
    /// (a Utf8JsonWriter over a Stream zeroes its internal buffer on every flush and copies it once more).
    /// </summary>
    internal sealed class ReusableByteBuffer : IBufferWriter<byte>
    {
        private byte[] bytes;
        private int count;

        public ReusableByteBuffer(int capacity)
        {
            bytes = new byte[capacity];
        }

        /// <summary>The memory; its first <see cref="WrittenCount"/> bytes are written.</summary>
        public byte[] Bytes => bytes;

        public int WrittenCount => count;

        public void Reset() => count = 0;

        /// <summary>Forgets what was written after the first <paramref name="length"/> bytes.</summary>
        public void Truncate(int length)
        {
            if (length < 0 || length > count)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            count = length;
        }

        /// <summary>Appends bytes.</summary>
        public void Write(ReadOnlySpan<byte> value)
        {
            value.CopyTo(GetSpan(value.Length));
            count += value.Length;
        }

        public void Advance(int written)
        {
            if (written < 0 || count + written > bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(written));
            }

            count += written;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return bytes.AsMemory(count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return bytes.AsSpan(count);
        }

        private void Ensure(int sizeHint)
        {
            int needed = Math.Max(sizeHint, 1);
            if (bytes.Length - count < needed)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, count + needed));
            }
        }
    }
}
