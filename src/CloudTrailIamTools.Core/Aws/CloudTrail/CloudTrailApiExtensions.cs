using System;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>What every <see cref="ICloudTrailApi"/> gets on top of its calls.</summary>
    public static class CloudTrailApiExtensions
    {
        /// <summary>
        /// LookupEvents one page per <see cref="CloudTrailEventPages.NextAsync"/>, so a caller that must stay on its own thread
        /// (a cmdlet writing to the pipeline) can pull pages. The request is checked here; AWS errors surface from NextAsync.
        /// </summary>
        public static CloudTrailEventPages LookupEventPages(this ICloudTrailApi api, CloudTrailLookupRequest? lookup = null)
        {
            if (api is null)
            {
                throw new ArgumentNullException(nameof(api));
            }

            lookup ??= new CloudTrailLookupRequest();
            if (lookup.AttributeKey != null && string.IsNullOrEmpty(lookup.AttributeValue))
            {
                throw new InvalidInputException("A lookup attribute needs a value.", nameof(CloudTrailLookupRequest.AttributeValue));
            }

            if (lookup.MaxEvents is int max && max <= 0)
            {
                throw new InvalidInputException("MaxEvents must be positive.", nameof(CloudTrailLookupRequest.MaxEvents));
            }

            return new CloudTrailEventPages(api, lookup);
        }
    }
}
