using System;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Every denial of one action to one principal: how often, first and last time, and the diagnosis of the most
    /// recent one (its resource and error code stand for the group). Absent values are null.
    /// </summary>
    public sealed class AccessDeniedGroup
    {
        public AccessDeniedGroup(string? principalArn, string? action, long count, DateTimeOffset? firstSeen, DateTimeOffset? lastSeen,
            string? resource, string? errorCode, AccessErrorDiagnosis diagnosis)
        {
            PrincipalArn = principalArn;
            Action = action;
            Count = count;
            FirstSeen = firstSeen;
            LastSeen = lastSeen;
            Resource = resource;
            ErrorCode = errorCode;
            Diagnosis = diagnosis ?? throw new ArgumentNullException(nameof(diagnosis));
        }

        public string? PrincipalArn { get; }

        public string? Action { get; }

        public long Count { get; }

        public DateTimeOffset? FirstSeen { get; }

        public DateTimeOffset? LastSeen { get; }

        /// <summary>A resource one of the denials named (the most recent one that named any).</summary>
        public string? Resource { get; }

        /// <summary>The error code of the most recent denial.</summary>
        public string? ErrorCode { get; }

        /// <summary>The diagnosis of the most recent denial: cause, remediation and suggested policy for the group.</summary>
        public AccessErrorDiagnosis Diagnosis { get; }

        public override string ToString() => Count + " x " + (PrincipalArn ?? "(unknown principal)") + " denied " + (Action ?? ErrorCode ?? "an action");
    }
}
