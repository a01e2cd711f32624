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
}
