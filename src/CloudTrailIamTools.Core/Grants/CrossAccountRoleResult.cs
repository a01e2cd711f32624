using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// The outcome of Grant-CloudTrailCrossAccountRole (grant-cross-account-role): the role, its two documents, what
    /// the trusted accounts must do, and how to assume the role. Property names are shared with the CLI's JSON.
    /// </summary>
    public sealed class CrossAccountRoleResult
    {
        public CrossAccountRoleResult(
            string roleName,
            string roleArn,
            CrossAccountRoleChange change,
            IReadOnlyList<string> trustedAccountIds,
            bool externalIdRequired,
            bool mfaRequired,
            int? maxSessionDuration,
            string trustPolicy,
            string permissionPolicyName,
            string permissionPolicy,
            string trustedAccountPolicy,
            string powerShellCommand,
            string awsCliCommand,
            IReadOnlyList<string> differences,
            IReadOnlyList<string> notes)
        {
            RoleName = roleName;
            RoleArn = roleArn;
            Change = change;
            TrustedAccountIds = trustedAccountIds;
            ExternalIdRequired = externalIdRequired;
            MfaRequired = mfaRequired;
            MaxSessionDuration = maxSessionDuration;
            TrustPolicy = trustPolicy;
            PermissionPolicyName = permissionPolicyName;
            PermissionPolicy = permissionPolicy;
            TrustedAccountPolicy = trustedAccountPolicy;
            PowerShellCommand = powerShellCommand;
            AwsCliCommand = awsCliCommand;
            Differences = differences;
            Notes = notes;
        }

        public string RoleName { get; }

        public string RoleArn { get; }

        public CrossAccountRoleChange Change { get; }

        public IReadOnlyList<string> TrustedAccountIds { get; }

        /// <summary>Whether the trust policy requires sts:ExternalId (the value is not repeated here).</summary>
        public bool ExternalIdRequired { get; }

        public bool MfaRequired { get; }

        /// <summary>The session length asked for, in seconds; null for IAM's default (3600) on a new role, or to leave an existing role's as it is.</summary>
        public int? MaxSessionDuration { get; }

        /// <summary>The role's trust policy (who may assume it, under which conditions).</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string TrustPolicy { get; }

        public string PermissionPolicyName { get; }

        /// <summary>The role's inline permission policy: read-only by construction.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string PermissionPolicy { get; }

        /// <summary>The identity policy each trusted account must give its own users or roles: sts:AssumeRole on this role.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string TrustedAccountPolicy { get; }

        /// <summary>How a trusted user assumes the role with AWS.Tools (placeholders in angle brackets).</summary>
        public string PowerShellCommand { get; }

        /// <summary>How a trusted user assumes the role with the aws CLI (placeholders in angle brackets).</summary>
        public string AwsCliCommand { get; }

        /// <summary>How an existing role differs from what was asked (empty when created or identical).</summary>
        public IReadOnlyList<string> Differences { get; }

        /// <summary>Things left alone that the user should know about (other policies on the role).</summary>
        public IReadOnlyList<string> Notes { get; }

        public override string ToString() => Change + ": " + RoleArn;
    }

    /// <summary>
    /// The role exists and differs from what was asked; nothing was changed. For a role of ours -Force updates our trust
    /// and inline policy (CrossAccountRoleDiffers); a role without our tag is never changed (CrossAccountRoleNotOurs).
    /// </summary>
    public sealed class CrossAccountRoleConflictException : CloudTrailIamToolsException
    {
        public CrossAccountRoleConflictException(string message, CrossAccountRoleResult planned, bool forceCanUpdate = true)
            : base(message)
        {
            Planned = planned;
            ForceCanUpdate = forceCanUpdate;
        }

        /// <summary>What was asked (for a role of ours, what -Force would write), with <see cref="CrossAccountRoleResult.Differences"/> filled in.</summary>
        public CrossAccountRoleResult Planned { get; }

        /// <summary>False when the role lacks our marker tag: -Force does not change it either.</summary>
        public bool ForceCanUpdate { get; }

        public override string ErrorId => ForceCanUpdate ? "CrossAccountRoleDiffers" : "CrossAccountRoleNotOurs";

        public override FailureCategory Category => FailureCategory.ResourceExists;
    }
}
