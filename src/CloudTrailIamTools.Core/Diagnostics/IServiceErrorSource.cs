namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>Implemented by this project's own service-call exceptions so the resolver reads their error code.</summary>
    public interface IServiceErrorSource
    {
        string? ErrorCode { get; }

        /// <summary>The service's own message, without any wrapper text.</summary>
        string ServiceMessage { get; }

        /// <summary>The API operation that failed.</summary>
        string Operation { get; }
    }
}
