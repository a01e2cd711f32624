using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>CloudTrail over JSON 1.1 (target prefix com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101).</summary>
    public sealed class CloudTrailClient : JsonServiceClientBase, ICloudTrailApi
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

        /// <summary>
        /// Management events of the last 90 days, newest first, following NextToken (up to MaxEvents), all in one list.
        /// For long windows prefer <see cref="LookupEventPages"/> or the callback overload of <see cref="LookupEventPagesAsync"/>,
        /// which hold one page at a time.
        /// </summary>
        internal async Task<IReadOnlyList<CloudTrailEvent>> LookupEventsAsync(CloudTrailLookupRequest? lookup = null, CancellationToken cancellationToken = default)
        {
            var events = new List<CloudTrailEvent>();
            await LookupEventPagesAsync(
                lookup,
                (page, _) =>
                {
                    events.AddRange(page);
                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            return events;
        }

        /// <summary>
        /// Calls <paramref name="onPage"/> with each page of events as it arrives (newest first, at most 50 a page, MaxEvents
        /// across pages) and requests the next page only after the callback's task has completed.
        /// </summary>
        public async Task LookupEventPagesAsync(
            CloudTrailLookupRequest? lookup, Func<IReadOnlyList<CloudTrailEvent>, CancellationToken, Task> onPage, CancellationToken cancellationToken = default)
        {
            if (onPage is null)
            {
                throw new ArgumentNullException(nameof(onPage));
            }

            CloudTrailEventPages pages = LookupEventPages(lookup);
            while (await pages.NextAsync(cancellationToken).ConfigureAwait(false) is IReadOnlyList<CloudTrailEvent> page)
            {
                await onPage(page, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// LookupEvents one page per <see cref="CloudTrailEventPages.NextAsync"/>, so a caller that must stay on its own thread
        /// (a cmdlet writing to the pipeline) can pull pages. The request is checked here; AWS errors surface from NextAsync.
        /// </summary>
        public CloudTrailEventPages LookupEventPages(CloudTrailLookupRequest? lookup = null) => CloudTrailApiExtensions.LookupEventPages(this, lookup);

        /// <summary>One LookupEvents call: at most <paramref name="limit"/> events of the page, and the page's NextToken.</summary>
        public async Task<(IReadOnlyList<CloudTrailEvent> Events, string? NextToken)> LookupEventsPageAsync(
            CloudTrailLookupRequest lookup, string? nextToken, int limit, CancellationToken cancellationToken = default)
        {
            if (lookup is null)
            {
                throw new ArgumentNullException(nameof(lookup));
            }

            // As JsonServiceClientBase.PageAsync: PageSize capped at LookupEvents' own limit of 50.
            int? pageSize = PageSize == null ? (int?)null : Math.Max(1, Math.Min(PageSize.Value, 50));
            JsonElement response = await CallAsync(
                "LookupEvents",
                writer =>
                {
                    WriteLookup(writer, lookup);
                    if (pageSize != null)
                    {
                        writer.WriteNumber("MaxResults", pageSize.Value);
                    }

                    if (nextToken != null)
                    {
                        writer.WriteString("NextToken", nextToken);
                    }
                },
                cancellationToken).ConfigureAwait(false);

            var events = new List<CloudTrailEvent>();
            foreach (JsonElement item in response.Array("Events"))
            {
                if (events.Count == limit)
                {
                    break;
                }

                events.Add(CloudTrailEvent.From(item));
            }

            return (events, response.Str("NextToken"));
        }

        private static void WriteLookup(Utf8JsonWriter writer, CloudTrailLookupRequest lookup)
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
        }

        /// <summary>Makes a member account a CloudTrail delegated administrator (creates the service-linked role as needed).</summary>
        public Task RegisterOrganizationDelegatedAdminAsync(string memberAccountId, CancellationToken cancellationToken = default)
        {
            string account = NotEmpty(memberAccountId, nameof(memberAccountId));
            return CallAsync("RegisterOrganizationDelegatedAdmin", writer => writer.WriteString("MemberAccountId", account), cancellationToken);
        }
    }
}
