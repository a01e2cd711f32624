namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>Counts from a batch run.</summary>
    public sealed class BatchSummary
    {
        public BatchSummary(long requests, long allowed, long denied, long errors)
        {
            Requests = requests;
            Allowed = allowed;
            Denied = denied;
            Errors = errors;
        }

        public long Requests { get; }

        public long Allowed { get; }

        public long Denied { get; }

        public long Errors { get; }
    }
}
