using System;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// One denied CloudTrail event (Get-CloudTrailAccessDenied -NoGroup): the few facts a report sorts and filters
    /// on, plus the full diagnosis. Absent values are null.
    /// </summary>
    public sealed class AccessDeniedEvent
    {
        public AccessDeniedEvent(AccessErrorDiagnosis diagnosis)
        {
            Diagnosis = diagnosis ?? throw new ArgumentNullException(nameof(diagnosis));
        }

        public DateTimeOffset? EventTime => Diagnosis.EventTime;

        public string? PrincipalArn => Diagnosis.PrincipalArn;

        /// <summary>The refused action: from the message when AWS named it, else eventSource and eventName.</summary>
        public string? Action => Diagnosis.Action;

        public string? ErrorCode => Diagnosis.ErrorCode;

        public string? Resource => Diagnosis.Resource;

        public string? Region => Diagnosis.Region;

        public string? AccountId => Diagnosis.AccountId;

        public string? EventId => Diagnosis.EventId;

        /// <summary>Where the event came from: a log file and record number ("path#12"), standard input, or LookupEvents.</summary>
        public string Source => Diagnosis.Source;

        public AccessErrorDiagnosis Diagnosis { get; }

        public override string ToString() => (PrincipalArn ?? "(unknown principal)") + " denied " + (Action ?? ErrorCode ?? "an action");
    }
}
