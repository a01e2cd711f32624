using System.IO;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>Hands out the same text several times without holding all copies in memory.</summary>
    internal sealed class RepeatingReader : TextReader
    {
        private readonly string text;
        private int remaining;
        private StringReader current;

        public RepeatingReader(string text, int times)
        {
            this.text = text;
            remaining = times - 1;
            current = new StringReader(text);
        }

        public override string? ReadLine()
        {
            while (true)
            {
                string? line = current.ReadLine();
                if (line is not null || remaining == 0)
                {
                    return line;
                }

                remaining--;
                current = new StringReader(text);
            }
        }

        public override int Read(char[] buffer, int index, int count)
        {
            while (true)
            {
                int read = current.Read(buffer, index, count);
                if (read > 0 || remaining == 0)
                {
                    return read;
                }

                remaining--;
                current = new StringReader(text);
            }
        }

        public override int Peek() => current.Peek();

        public override int Read()
        {
            char[] one = new char[1];
            return Read(one, 0, 1) == 0 ? -1 : one[0];
        }
    }
}
