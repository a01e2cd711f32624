using System;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>Buffers UTF-8 lines and writes them to a stream in large blocks; the batch output's byte path.</summary>
    internal sealed class Utf8LineSink
    {
        private readonly Stream stream;
        private readonly byte[] newLine;
        private readonly byte[] block = new byte[1 << 16];
        private int used;

        public Utf8LineSink(Stream stream, string newLine)
        {
            this.stream = stream;
            this.newLine = Encoding.UTF8.GetBytes(newLine);
        }

        public void WriteLine(byte[] line, int count)
        {
            Append(line, count);
            Append(newLine, newLine.Length);
        }

        /// <summary>Writes what is buffered and flushes the stream.</summary>
        public void Flush()
        {
            stream.Write(block, 0, used);
            used = 0;
            stream.Flush();
        }

        private void Append(byte[] bytes, int count)
        {
            if (used + count > block.Length)
            {
                stream.Write(block, 0, used);
                used = 0;
                if (count > block.Length)
                {
                    stream.Write(bytes, 0, count);
                    return;
                }
            }

            Buffer.BlockCopy(bytes, 0, block, used, count);
            used += count;
        }
    }
}
