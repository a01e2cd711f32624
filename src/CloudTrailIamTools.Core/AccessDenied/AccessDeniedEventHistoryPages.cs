using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>The denied events of the live event history, one LookupEvents page per <see cref="NextAsync"/>. One caller at a time.</summary>
    public sealed class AccessDeniedEventHistoryPages
    {
        private readonly AccessDeniedScanner scanner;
        private readonly CloudTrailEventPages pages;

        internal AccessDeniedEventHistoryPages(AccessDeniedScanner scanner, CloudTrailEventPages pages)
        {
            this.scanner = scanner;
            this.pages = pages;
        }

        /// <summary>LookupEvents pages received so far.</summary>
        public int PagesRead => pages.PagesRead;

        /// <summary>The next page's denials and problems (possibly none), or null when the history has been read to its end.</summary>
        /// <exception cref="AwsServiceCallException">LookupEvents failed (after the SDK's retries).</exception>
        public async Task<IReadOnlyList<AccessDeniedScanItem>?> NextAsync(CancellationToken cancellationToken = default)
        {
            IReadOnlyList<CloudTrailEvent>? events = await pages.NextAsync(cancellationToken).ConfigureAwait(false);
            return events is null ? null : new List<AccessDeniedScanItem>(scanner.ScanLookupEvents(events));
        }
    }
}
