using System;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>Valid JSON that is not a CloudTrail log, or a record too large to be one.</summary>
    internal sealed class LogFormatException : Exception
    {
        public LogFormatException(string message, LogFileProblemKind kind)
            : base(message)
        {
            Kind = kind;
        }

        public LogFileProblemKind Kind { get; }
    }
}
