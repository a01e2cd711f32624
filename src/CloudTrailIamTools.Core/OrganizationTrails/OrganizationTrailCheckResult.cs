using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.OrganizationTrails
{
    /// <summary>The prerequisites of organization trails, in the order they are checked.</summary>
    public enum OrganizationTrailCheck
    {
        /// <summary>Who is calling and from which account (sts:GetCallerIdentity).</summary>
        CallerIdentity,

        /// <summary>The account belongs to an organization.</summary>
        Organization,

        /// <summary>The organization has all features enabled, not only consolidated billing.</summary>
        AllFeatures,

        /// <summary>The caller works in the organization's management account.</summary>
        ManagementAccount,

        /// <summary>The caller may read what this repair reads; writes are checked when a fix needs them.</summary>
        Permissions,

        /// <summary>Trusted access for cloudtrail.amazonaws.com in AWS Organizations.</summary>
        TrustedAccess,

        /// <summary>CloudTrail's service-linked role in the management account.</summary>
        ServiceLinkedRole,

        /// <summary>The requested account is a CloudTrail delegated administrator.</summary>
        DelegatedAdministrator,

        /// <summary>The state read again after the fixes.</summary>
        Verification,
    }

    public enum CheckStatus
    {
        Passed,
        Fixed,
        WouldFix,
        Failed,
        Skipped,
        NotApplicable,
    }

    /// <summary>
    /// The outcome of one check. When an AWS call failed, ErrorCode and Operation say which; when it failed for
    /// lack of permission, MissingPermissions lists the actions and SuggestedPolicy grants exactly those.
    /// </summary>
    public sealed class OrganizationTrailCheckResult
    {
        public OrganizationTrailCheckResult(
            OrganizationTrailCheck check,
            CheckStatus status,
            string detail,
            string? remediation = null,
            string? errorCode = null,
            string? operation = null,
            IReadOnlyList<string>? missingPermissions = null,
            string? suggestedPolicy = null,
            string? accountId = null,
            string? target = null)
        {
            Check = check;
            Status = status;
            Detail = detail ?? throw new ArgumentNullException(nameof(detail));
            Remediation = remediation;
            ErrorCode = errorCode;
            Operation = operation;
            MissingPermissions = missingPermissions ?? Array.Empty<string>();
            SuggestedPolicy = suggestedPolicy;
            AccountId = accountId;
            Target = target;
        }

        public OrganizationTrailCheck Check { get; }

        public CheckStatus Status { get; }

        /// <summary>What was found (and changed), in a sentence or two.</summary>
        public string Detail { get; }

        /// <summary>What to do next; null when nothing is left to do.</summary>
        public string? Remediation { get; }

        /// <summary>The AWS error code when a call failed (AccessDenied, AWSOrganizationsNotInUseException, ...).</summary>
        public string? ErrorCode { get; }

        /// <summary>The AWS operation that failed, e.g. ListRoles.</summary>
        public string? Operation { get; }

        /// <summary>IAM actions the caller was refused; empty unless a call was denied.</summary>
        public IReadOnlyList<string> MissingPermissions { get; }

        /// <summary>An identity policy (JSON) granting exactly the missing actions; null when nothing is missing.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string? SuggestedPolicy { get; }

        /// <summary>The account the check is about (caller, management or delegated administrator account).</summary>
        public string? AccountId { get; }

        /// <summary>What the check looked at: a role ARN, a service principal, an organization id.</summary>
        public string? Target { get; }

        public override string ToString() => Check + ": " + Status + " - " + Detail;
    }
}
