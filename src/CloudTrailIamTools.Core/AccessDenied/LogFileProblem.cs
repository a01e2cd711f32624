namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>One input that could not be read; denials found before the problem are still reported.</summary>
    public sealed class LogFileProblem
    {
        public LogFileProblem(string path, LogFileProblemKind kind, string message)
        {
            Path = path;
            Kind = kind;
            Message = message;
        }

        /// <summary>The file (or "&lt;stdin&gt;:line", or "LookupEvents#id") the problem is in.</summary>
        public string Path { get; }

        public LogFileProblemKind Kind { get; }

        /// <summary>What is wrong, without the path.</summary>
        public string Message { get; }

        /// <summary>A stable identifier for scripts: the ErrorRecord's ErrorId in PowerShell.</summary>
        public string ErrorId => Kind switch
        {
            LogFileProblemKind.Unreadable => "LogFileUnreadable",
            LogFileProblemKind.CorruptCompression => "LogFileCorruptGzip",
            LogFileProblemKind.InvalidJson => "LogFileInvalidJson",
            LogFileProblemKind.NotCloudTrailLog => "LogFileNotCloudTrail",
            LogFileProblemKind.Skipped => "LogFileSkipped",
            _ => "LogFileRecordTooLarge",
        };

        /// <summary>False for what was skipped on purpose: the report is still complete.</summary>
        public bool IsError => Kind != LogFileProblemKind.Skipped;

        public override string ToString() => Path + ": " + Message;
    }
}
