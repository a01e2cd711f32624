using System;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A thread-safe TextWriter whose characters a <see cref="Recorder{T}"/> keeps (so a test can wait for flushed
    /// text), optionally failing like a full disk past <c>limit</c> characters.
    /// </summary>
    internal sealed class RecordingTextWriter : TextWriter
    {
        private readonly Recorder<char> recorder;

        public RecordingTextWriter(int limit = int.MaxValue) => recorder = new Recorder<char>(limit);

        public override Encoding Encoding => Encoding.UTF8;

        /// <summary>The exception thrown at the limit, once it was.</summary>
        public IOException? Thrown => recorder.Thrown;

        public string Written => new string(recorder.Written);

        public string Flushed => new string(recorder.Flushed);

        /// <summary>Waits until the flushed text satisfies <paramref name="condition"/>; false after <paramref name="timeout"/>.</summary>
        public bool WaitForFlushed(Func<string, bool> condition, TimeSpan timeout) =>
            recorder.WaitForFlushed(flushed => condition(new string(flushed)), timeout);

        public override void Write(char value) => recorder.Append(stackalloc char[] { value });

        public override void Write(char[] buffer, int index, int count) => recorder.Append(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => recorder.Append(buffer);

        public override void Write(string? value) => recorder.Append(value.AsSpan());

        public override void Flush() => recorder.Flush();
    }
}
