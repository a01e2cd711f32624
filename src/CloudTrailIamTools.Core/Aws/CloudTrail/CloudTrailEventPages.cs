using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// LookupEvents page by page: each <see cref="NextAsync"/> makes one call, so only one page is held and the next is
    /// requested only when the caller is ready for it. Follows NextToken (stopping if CloudTrail repeats one) and MaxEvents
    /// across pages. One caller at a time.
    /// </summary>
    public sealed class CloudTrailEventPages
    {
        private readonly ICloudTrailApi client;
        private readonly CloudTrailLookupRequest lookup;
        private readonly HashSet<string> seenTokens = new HashSet<string>(StringComparer.Ordinal);
        private string? nextToken;
        private int remaining;

        internal CloudTrailEventPages(ICloudTrailApi client, CloudTrailLookupRequest lookup)
        {
            this.client = client;
            this.lookup = lookup;
            remaining = lookup.MaxEvents ?? int.MaxValue;
        }

        /// <summary>Pages received so far.</summary>
        public int PagesRead { get; private set; }

        /// <summary>True once the last page has been returned.</summary>
        public bool IsComplete { get; private set; }

        /// <summary>The next page (possibly empty), or null when there are no more.</summary>
        /// <exception cref="AwsServiceCallException">The call failed (after the SDK's retries).</exception>
        public async Task<IReadOnlyList<CloudTrailEvent>?> NextAsync(CancellationToken cancellationToken = default)
        {
            if (IsComplete)
            {
                return null;
            }

            var (events, token) = await client.LookupEventsPageAsync(lookup, nextToken, remaining, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            remaining -= events.Count;
            nextToken = token;
            IsComplete = remaining == 0 || string.IsNullOrEmpty(token) || !seenTokens.Add(token!);
            return events;
        }
    }
}
