using System;
using System.IO;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A thread-safe write-only stream (standard output as the batch's byte path sees it) whose bytes a
    /// <see cref="Recorder{T}"/> keeps, optionally failing like a full disk past <c>limit</c> bytes.
    /// </summary>
    internal sealed class RecordingStream : Stream
    {
        private readonly Recorder<byte> recorder;

        public RecordingStream(long limit = long.MaxValue) => recorder = new Recorder<byte>(limit);

        /// <summary>The exception thrown at the limit, once it was.</summary>
        public IOException? Thrown => recorder.Thrown;

        public byte[] Written => recorder.Written;

        public byte[] Flushed => recorder.Flushed;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <inheritdoc cref="Recorder{T}.WaitForFlushed"/>
        public bool WaitForFlushed(Func<byte[], bool> condition, TimeSpan timeout) => recorder.WaitForFlushed(condition, timeout);

        public override void Write(byte[] buffer, int offset, int count) => recorder.Append(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => recorder.Append(buffer);

        public override void Flush() => recorder.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
