using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>CloudTrail over JSON 1.1 (target prefix com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101).</summary>
    public sealed class CloudTrailClient : JsonServiceClientBase
    {
        internal CloudTrailClient(AWSCredentials credentials, AwsServiceClientConfig config)
            : base(credentials, config)
        {
        }

        /// <summary>Trails by name or ARN (all trails visible in the region when none are given).</summary>
        public async Task<IReadOnlyList<CloudTrailTrail>> DescribeTrailsAsync(
            IEnumerable<string>? trailNames = null, bool includeShadowTrails = true, CancellationToken cancellationToken = default)
        {
            var names = trailNames?.ToList();
            var result = await CallAsync(
                "DescribeTrails",
                writer =>
                {
                    if (names != null && names.Count > 0)
                    {
                        writer.WriteStartArray("trailNameList");
                        foreach (string name in names)
                        {
                            writer.WriteStringValue(name);
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteBoolean("includeShadowTrails", includeShadowTrails);
                },
                cancellationToken).ConfigureAwait(false);
            return result.Array("trailList").Select(CloudTrailTrail.From).ToList();
        }

        public async Task<CloudTrailTrail> GetTrailAsync(string trailNameOrArn, CancellationToken cancellationToken = default)
        {
            string name = NotEmpty(trailNameOrArn, nameof(trailNameOrArn));
            var result = await CallAsync("GetTrail", writer => writer.WriteString("Name", name), cancellationToken).ConfigureAwait(false);
            var trail = result.Member("Trail") ?? throw new AwsServiceCallException(
                AwsService.CloudTrail, "GetTrail", "MalformedResponse", "The GetTrail response has no Trail member.", null, null,
                "CloudTrail answered GetTrail without a Trail.", null);
            return CloudTrailTrail.From(trail);
        }

        public async Task<CloudTrailTrailStatus> GetTrailStatusAsync(string trailNameOrArn, CancellationToken cancellationToken = default)
        {
            string name = NotEmpty(trailNameOrArn, nameof(trailNameOrArn));
            var result = await CallAsync("GetTrailStatus", writer => writer.WriteString("Name", name), cancellationToken).ConfigureAwait(false);
            return CloudTrailTrailStatus.From(result);
        }

        /// <summary>Management events of the last 90 days, newest first, following NextToken (up to MaxEvents).</summary>
        public async Task<IReadOnlyList<CloudTrailEvent>> LookupEventsAsync(CloudTrailLookupRequest? lookup = null, CancellationToken cancellationToken = default)
        {
            lookup ??= new CloudTrailLookupRequest();
            if (lookup.AttributeKey != null && string.IsNullOrEmpty(lookup.AttributeValue))
            {
                throw new InvalidInputException("A lookup attribute needs a value.", nameof(CloudTrailLookupRequest.AttributeValue));
            }

            if (lookup.MaxEvents is int max && max <= 0)
            {
                throw new InvalidInputException("MaxEvents must be positive.", nameof(CloudTrailLookupRequest.MaxEvents));
            }

            var events = new List<CloudTrailEvent>();
            await PageAsync(
                "LookupEvents",
                writer =>
                {
                    if (lookup.AttributeKey != null)
                    {
                        writer.WriteStartArray("LookupAttributes");
                        writer.WriteStartObject();
                        writer.WriteString("AttributeKey", lookup.AttributeKey.Value.ToString());
                        writer.WriteString("AttributeValue", lookup.AttributeValue);
                        writer.WriteEndObject();
                        writer.WriteEndArray();
                    }

                    if (lookup.StartTime != null)
                    {
                        writer.WriteNumber("StartTime", lookup.StartTime.Value.ToUnixTimeSeconds());
                    }

                    if (lookup.EndTime != null)
                    {
                        writer.WriteNumber("EndTime", lookup.EndTime.Value.ToUnixTimeSeconds());
                    }
                },
                page =>
                {
                    foreach (var item in page.Array("Events"))
                    {
                        events.Add(CloudTrailEvent.From(item));
                        if (lookup.MaxEvents != null && events.Count >= lookup.MaxEvents.Value)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                maxPageSize: 50,
                cancellationToken).ConfigureAwait(false);
            return events;
        }

        /// <summary>Makes a member account a CloudTrail delegated administrator (creates the service-linked role as needed).</summary>
        public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken = default)
        {
            string account = NotEmpty(memberAccountId, nameof(memberAccountId));
            return CallAsync("RegisterOrganizationDelegatedAdmin", writer => writer.WriteString("MemberAccountId", account), cancellationToken);
        }
    }
}
