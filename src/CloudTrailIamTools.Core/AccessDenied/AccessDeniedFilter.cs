using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Matching;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Which denials a report keeps. Patterns use '*' and '?' and ignore case; a principal pattern matches the
    /// principal's ARN or its user or role name. The time window is inclusive at both ends. Empty lists keep all.
    /// </summary>
    public sealed class AccessDeniedFilter
    {
        private static readonly IReadOnlyList<string> None = Array.Empty<string>();

        public AccessDeniedFilter(IEnumerable<string>? principals = null, IEnumerable<string>? actions = null,
            DateTimeOffset? startTime = null, DateTimeOffset? endTime = null)
        {
            Principals = Clean(principals, "principal");
            Actions = Clean(actions, "action");
            if (startTime is not null && endTime is not null && startTime > endTime)
            {
                throw new InvalidInputException(
                    "The start time (" + startTime.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) +
                    ") is after the end time (" + endTime.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ").", "StartTime");
            }

            StartTime = startTime;
            EndTime = endTime;
        }

        public static AccessDeniedFilter All { get; } = new AccessDeniedFilter();

        public IReadOnlyList<string> Principals { get; }

        public IReadOnlyList<string> Actions { get; }

        public DateTimeOffset? StartTime { get; }

        public DateTimeOffset? EndTime { get; }

        public bool HasTimeWindow => StartTime is not null || EndTime is not null;

        /// <summary>The cheap test, before an event is diagnosed. Events without a time fail any window.</summary>
        public bool IsInTimeWindow(DateTimeOffset? time)
        {
            if (!HasTimeWindow)
            {
                return true;
            }

            return time is DateTimeOffset value && (StartTime is null || value >= StartTime.Value) && (EndTime is null || value <= EndTime.Value);
        }

        public bool Matches(AccessErrorDiagnosis diagnosis)
        {
            if (!IsInTimeWindow(diagnosis.EventTime))
            {
                return false;
            }

            if (Principals.Count > 0 && !Principals.Any(pattern => MatchesText(pattern, diagnosis.PrincipalArn) || MatchesText(pattern, diagnosis.PrincipalName)))
            {
                return false;
            }

            return Actions.Count == 0 || Actions.Any(pattern => MatchesText(pattern, diagnosis.Action));
        }

        private static bool MatchesText(string pattern, string? text) => text is not null && WildcardPattern.IsMatch(pattern, text, ignoreCase: true);

        private static IReadOnlyList<string> Clean(IEnumerable<string>? patterns, string what)
        {
            if (patterns is null)
            {
                return None;
            }

            var list = new List<string>();
            foreach (string? pattern in patterns)
            {
                if (string.IsNullOrWhiteSpace(pattern))
                {
                    throw new InvalidInputException("An empty " + what + " pattern matches nothing; leave the filter out to keep every " + what + ".", what);
                }

                list.Add(pattern!.Trim());
            }

            return list;
        }
    }
}
