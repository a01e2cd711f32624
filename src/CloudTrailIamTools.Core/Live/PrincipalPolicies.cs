using System.Collections.Generic;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>
    /// A principal's policies as IAM holds them: identity policies (inline, attached managed, and for users their
    /// groups' inline and attached) and the permissions boundary, each named so matched statements say which
    /// policy decided. Inline policies are named entity:policy (user/alice:ReadTrails); managed ones by ARN.
    /// </summary>
    public sealed class PrincipalPolicies
    {
        public PrincipalPolicies(string principal, string policySourceArn, IReadOnlyList<PolicyDocument> identityPolicies, PolicyDocument? permissionsBoundary)
        {
            Principal = principal;
            PolicySourceArn = policySourceArn;
            IdentityPolicies = identityPolicies;
            PermissionsBoundary = permissionsBoundary;
        }

        /// <summary>The principal evaluated: the IAM user or role ARN (with its path), or the assumed-role session ARN.</summary>
        public string Principal { get; }

        /// <summary>The IAM user or role whose policies these are (the role of an assumed-role session); what IAM's simulator takes.</summary>
        public string PolicySourceArn { get; }

        public IReadOnlyList<PolicyDocument> IdentityPolicies { get; }

        public PolicyDocument? PermissionsBoundary { get; }
    }
}
