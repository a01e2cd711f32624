using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Groups denied events by principal and action (the action ignoring case, as IAM does). Memory grows with the
    /// number of distinct groups, never with the number of events. Not thread-safe: feed it from one thread.
    /// </summary>
    public sealed class AccessDeniedAggregator
    {
        private readonly Dictionary<GroupKey, GroupState> groups = new Dictionary<GroupKey, GroupState>(GroupKeyComparer.Instance);

        public long EventCount { get; private set; }

        public int GroupCount => groups.Count;

        public void Add(AccessDeniedEvent deniedEvent)
        {
            if (deniedEvent is null)
            {
                throw new ArgumentNullException(nameof(deniedEvent));
            }

            EventCount++;
            var key = new GroupKey(deniedEvent.PrincipalArn, deniedEvent.Action);
            if (!groups.TryGetValue(key, out GroupState? state))
            {
                groups.Add(key, new GroupState(deniedEvent));
                return;
            }

            state.Add(deniedEvent);
        }

        /// <summary>The groups, most denials first, then by principal and action.</summary>
        public IReadOnlyList<AccessDeniedGroup> GetGroups() =>
            groups.Values
                .Select(state => state.ToGroup())
                .OrderByDescending(group => group.Count)
                .ThenBy(group => group.PrincipalArn ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(group => group.Action ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                .ToList();

        private readonly struct GroupKey
        {
            public GroupKey(string? principal, string? action)
            {
                Principal = principal ?? string.Empty;
                Action = action ?? string.Empty;
            }

            public string Principal { get; }

            public string Action { get; }
        }

        private sealed class GroupKeyComparer : IEqualityComparer<GroupKey>
        {
            public static readonly GroupKeyComparer Instance = new GroupKeyComparer();

            public bool Equals(GroupKey x, GroupKey y) =>
                string.Equals(x.Principal, y.Principal, StringComparison.Ordinal) && string.Equals(x.Action, y.Action, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode(GroupKey key) =>
                unchecked((StringComparer.Ordinal.GetHashCode(key.Principal) * 397) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(key.Action));
        }

        private sealed class GroupState
        {
            private readonly AccessDeniedEvent first;
            private AccessDeniedEvent latest;
            private string? resource;
            private long count;
            private DateTimeOffset? firstSeen;
            private DateTimeOffset? lastSeen;

            public GroupState(AccessDeniedEvent deniedEvent)
            {
                first = deniedEvent;
                latest = deniedEvent;
                Add(deniedEvent);
            }

            public void Add(AccessDeniedEvent deniedEvent)
            {
                count++;
                DateTimeOffset? time = deniedEvent.EventTime;
                if (time is not null && (firstSeen is null || time < firstSeen))
                {
                    firstSeen = time;
                }

                // Files are read in parallel: "latest" is decided by event time, not by arrival order.
                if (time is not null && (lastSeen is null || time > lastSeen))
                {
                    lastSeen = time;
                    latest = deniedEvent;
                    resource = deniedEvent.Resource ?? resource;
                }
                else if (resource is null)
                {
                    resource = deniedEvent.Resource;
                }
            }

            public AccessDeniedGroup ToGroup() =>
                new AccessDeniedGroup(first.PrincipalArn, first.Action, count, firstSeen, lastSeen, latest.Resource ?? resource, latest.ErrorCode, latest.Diagnosis);
        }
    }
}
