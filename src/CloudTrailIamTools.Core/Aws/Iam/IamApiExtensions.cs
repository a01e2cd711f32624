using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>Reads built from several IAM calls, for every <see cref="IIamApi"/> (so an adapter implements only the calls).</summary>
    public static class IamApiExtensions
    {
        /// <summary>Every inline policy of the user, documents included (ListUserPolicies + GetUserPolicy).</summary>
        public static async Task<IReadOnlyList<IamInlinePolicy>> GetUserInlinePoliciesAsync(this IIamApi iam, string userName, CancellationToken cancellationToken = default)
        {
            var policies = new List<IamInlinePolicy>();
            foreach (string name in await iam.ListUserPoliciesAsync(userName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(await iam.GetUserPolicyAsync(userName, name, cancellationToken).ConfigureAwait(false));
            }

            return policies;
        }

        public static async Task<IReadOnlyList<IamInlinePolicy>> GetRoleInlinePoliciesAsync(this IIamApi iam, string roleName, CancellationToken cancellationToken = default)
        {
            var policies = new List<IamInlinePolicy>();
            foreach (string name in await iam.ListRolePoliciesAsync(roleName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(await iam.GetRolePolicyAsync(roleName, name, cancellationToken).ConfigureAwait(false));
            }

            return policies;
        }

        public static async Task<IReadOnlyList<IamInlinePolicy>> GetGroupInlinePoliciesAsync(this IIamApi iam, string groupName, CancellationToken cancellationToken = default)
        {
            var policies = new List<IamInlinePolicy>();
            foreach (string name in await iam.ListGroupPoliciesAsync(groupName, cancellationToken).ConfigureAwait(false))
            {
                policies.Add(await iam.GetGroupPolicyAsync(groupName, name, cancellationToken).ConfigureAwait(false));
            }

            return policies;
        }

        /// <summary>The managed policy's default version document (GetPolicy + GetPolicyVersion).</summary>
        public static async Task<IamPolicyVersion> GetDefaultPolicyVersionAsync(this IIamApi iam, string policyArn, CancellationToken cancellationToken = default)
        {
            var policy = await iam.GetPolicyAsync(policyArn, cancellationToken).ConfigureAwait(false);
            return await iam.GetPolicyVersionAsync(policyArn, policy.DefaultVersionId ?? "v1", cancellationToken).ConfigureAwait(false);
        }
    }
}
