namespace CloudTrailIamTools.Core.AccessDenied
{
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
