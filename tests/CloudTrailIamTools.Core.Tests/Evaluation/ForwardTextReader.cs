using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>A test's TextReader read front to back in spans: every other read goes through the span one.</summary>
    internal abstract class ForwardTextReader : TextReader
    {
        public abstract override int Read(Span<char> buffer);

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Peek() => throw new NotSupportedException("the batch never peeks");
    }
}
