using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// The CloudTrail calls this tool makes, in its own model types; failures are <see cref="AwsServiceCallException"/>s.
    /// <see cref="CloudTrailClient"/> implements it on AWSSDK.Core's pipeline; when AWSSDK.CloudTrail is available, one adapter over
    /// its IAmazonCloudTrail can implement it instead, and nothing that takes this interface changes. Paging over
    /// LookupEvents is built on the one-page call (<see cref="CloudTrailApiExtensions.LookupEventPages"/>).
    /// </summary>
    public interface ICloudTrailApi
    {
        /// <summary>Trails by name or ARN (all trails visible in the region when none are given).</summary>
        Task<IReadOnlyList<CloudTrailTrail>> DescribeTrailsAsync(IEnumerable<string>? trailNames = null, bool includeShadowTrails = true, CancellationToken cancellationToken = default);

        Task<CloudTrailTrail> GetTrailAsync(string trailNameOrArn, CancellationToken cancellationToken = default);

        Task<CloudTrailTrailStatus> GetTrailStatusAsync(string trailNameOrArn, CancellationToken cancellationToken = default);

        /// <summary>One LookupEvents call: at most <paramref name="limit"/> events of the page, and the page's NextToken.</summary>
        Task<(IReadOnlyList<CloudTrailEvent> Events, string? NextToken)> LookupEventsPageAsync(
            CloudTrailLookupRequest lookup, string? nextToken, int limit, CancellationToken cancellationToken = default);

        /// <summary>Makes a member account a CloudTrail delegated administrator (creates the service-linked role as needed).</summary>
        Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken = default);
    }
}
