namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>Why an input could not be read (fully); the scan goes on with the other inputs.</summary>
    public enum LogFileProblemKind
    {
        /// <summary>The file could not be opened or read (missing, no permission, I/O error).</summary>
        Unreadable,

        /// <summary>The gzip data is corrupt or not gzip at all.</summary>
        CorruptCompression,

        /// <summary>The JSON is invalid or ends early (a truncated file).</summary>
        InvalidJson,

        /// <summary>Valid JSON, but not a CloudTrail log ({"Records": [...]}) or event.</summary>
        NotCloudTrailLog,

        /// <summary>A single record is larger than the scanner accepts.</summary>
        RecordTooLarge,

        /// <summary>
        /// Left out on purpose, not an error: a link inside a folder (not followed, so nothing is read twice or loops) or
        /// a FIFO, socket or device (which may never end).
        /// </summary>
        Skipped,
    }

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

    /// <summary>One result of a scan: a denied event, or a problem with one input.</summary>
    public sealed class AccessDeniedScanItem
    {
        private AccessDeniedScanItem(AccessDeniedEvent? deniedEvent, LogFileProblem? problem)
        {
            Event = deniedEvent;
            Problem = problem;
        }

        public AccessDeniedEvent? Event { get; }

        public LogFileProblem? Problem { get; }

        public static AccessDeniedScanItem Of(AccessDeniedEvent deniedEvent) => new AccessDeniedScanItem(deniedEvent, null);

        public static AccessDeniedScanItem Of(LogFileProblem problem) => new AccessDeniedScanItem(null, problem);
    }
}
