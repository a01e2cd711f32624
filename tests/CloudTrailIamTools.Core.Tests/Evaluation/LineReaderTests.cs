using System;
using System.Collections.Generic;
using System.IO;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>The batch's line splitter must cut exactly where TextReader.ReadLine cuts.</summary>
    public sealed class LineReaderTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("a")]
        [InlineData("a\n")]
        [InlineData("a\nb")]
        [InlineData("a\r\nb\r\n")]
        [InlineData("a\rb\r")]
        [InlineData("\n\n\r\n\r\r")]
        [InlineData("a\n\nb\r\r\nc")]
        [InlineData("  \n\t\n{}")]
        public void SplitsAsReadLineDoes(string text)
        {
            Assert.Equal(ReadLines(text), SplitLines(new StringReader(text)));
        }

        [Theory]
        [InlineData(65535)] // a \r as the buffer's last character, its \n in the next read
        [InlineData(65536)]
        [InlineData(200_000)] // a line longer than the buffer
        public void SplitsAcrossBufferBoundaries(int firstLength)
        {
            string text = new string('x', firstLength) + "\r\n" + new string('y', 70_000) + "\r" + "z\n" + new string('w', 3);

            Assert.Equal(ReadLines(text), SplitLines(new OneCharAtATimeAtTheEnd(text)));
            Assert.Equal(ReadLines(text), SplitLines(new StringReader(text)));
        }

        private static List<string> ReadLines(string text)
        {
            var lines = new List<string>();
            var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lines.Add(line);
            }

            return lines;
        }

        private static List<string> SplitLines(TextReader input)
        {
            var lines = new List<string>();
            var reader = new LineReader<char>(input.Read, '\r', '\n');
            while (reader.TryReadLine(out ReadOnlySpan<char> line))
            {
                lines.Add(line.ToString());
            }

            return lines;
        }

        /// <summary>Hands out short reads, as a pipe does, so a \r\n is split between two reads.</summary>
        private sealed class OneCharAtATimeAtTheEnd : TextReader
        {
            private readonly string text;
            private int position;

            public OneCharAtATimeAtTheEnd(string text)
            {
                this.text = text;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                int n = Math.Min(Math.Min(count, 4099), text.Length - position);
                text.CopyTo(position, buffer, index, n);
                position += n;
                return n;
            }
        }
    }
}
