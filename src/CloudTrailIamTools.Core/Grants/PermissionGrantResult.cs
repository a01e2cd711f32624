using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// One policy change of Grant-CloudTrailPermission (grant-permission): who, what changed, and the exact
    /// document. Property names are shared by the cmdlet's objects and the CLI's JSON.
    /// </summary>
    public sealed class PermissionGrantResult
    {
        public PermissionGrantResult(
            GrantPrincipalType principalType,
            string principalName,
            string? principalArn,
            GrantChange change,
            GrantPolicyType policyType,
            string? policyArn,
            string policyName,
            string? document,
            string? previousDocument,
            IReadOnlyList<string> actions,
            string description,
            string? serviceRoleArn = null)
        {
            ServiceRoleArn = serviceRoleArn;
            PrincipalType = principalType;
            PrincipalName = principalName;
            PrincipalArn = principalArn;
            Change = change;
            PolicyType = policyType;
            PolicyArn = policyArn;
            PolicyName = policyName;
            Document = document;
            PreviousDocument = previousDocument;
            Actions = actions;
            Description = description;
        }

        public GrantPrincipalType PrincipalType { get; }

        public string PrincipalName { get; }

        public string? PrincipalArn { get; }

        public GrantChange Change { get; }

        public GrantPolicyType PolicyType { get; }

        /// <summary>The managed policy's ARN; null for our inline policy.</summary>
        public string? PolicyArn { get; }

        /// <summary>The managed policy's name, or our inline policy's name (CloudTrailIamTools-Grant).</summary>
        public string PolicyName { get; }

        /// <summary>The document written (or that would be written): the whole inline policy after merging, or the managed policy's document.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string? Document { get; }

        /// <summary>Our inline policy before this change; null when there was none or for managed policies.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string? PreviousDocument { get; }

        /// <summary>The actions this change grants (for a managed policy, its action patterns).</summary>
        public IReadOnlyList<string> Actions { get; }

        /// <summary>What was (or would be) done, in a sentence.</summary>
        public string Description { get; }

        /// <summary>The service role the scenario hands to a service (created by this grant when it was missing); null when none.</summary>
        public string? ServiceRoleArn { get; }

        public override string ToString() => Change + ": " + PolicyName + " for " + PrincipalType.ToString().ToLowerInvariant() + "/" + PrincipalName;
    }
}
