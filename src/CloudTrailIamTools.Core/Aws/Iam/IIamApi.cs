using System.Collections.Generic;
using System.Threading.Tasks;
using System.Threading;
using System;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>
    /// The IAM calls this tool makes, in its own model types; failures are <see cref="AwsServiceCallException"/>s.
    /// <see cref="IamClient"/> implements it on AWSSDK.Core's pipeline; when AWSSDK.IdentityManagement is available, one adapter over
    /// its IAmazonIdentityManagementService can implement it instead, and nothing that takes this interface changes.
    /// </summary>
    public interface IIamApi
    {
        /// <summary>The named user, or the caller when <paramref name="userName"/> is null.</summary>
        Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default);

        Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default);

        /// <summary>The group itself (GetGroup's member list is not read).</summary>
        Task<IamGroup> GetGroupAsync(string groupName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<string>> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<string>> ListGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default);

        Task<IamInlinePolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default);

        Task<IamInlinePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default);

        Task<IamInlinePolicy> GetGroupPolicyAsync(string groupName, string policyName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default);

        Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default);

        Task<IamPolicyVersion> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default);

        Task<IamAccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(IEnumerable<IamEntityFilter>? filter = null, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamSimulationResult>> SimulatePrincipalPolicyAsync(IamSimulationRequest simulation, CancellationToken cancellationToken = default);

        Task<IReadOnlyList<IamRole>> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default);

        Task<IamRole> CreateRoleAsync(string roleName, string assumeRolePolicyDocument, string? path = null, string? description = null, int? maxSessionDuration = null, string? permissionsBoundaryArn = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

        Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken = default);

        /// <summary>Sets a role's maximum session duration (3600 to 43200 seconds); nothing else of the role changes.</summary>
        Task UpdateRoleAsync(string roleName, int maxSessionDuration, CancellationToken cancellationToken = default);

        Task PutUserPolicyAsync(string userName, string policyName, string policyDocument, CancellationToken cancellationToken = default);

        Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken = default);

        Task PutGroupPolicyAsync(string groupName, string policyName, string policyDocument, CancellationToken cancellationToken = default);

        Task AttachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default);

        Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken = default);

        Task AttachGroupPolicyAsync(string groupName, string policyArn, CancellationToken cancellationToken = default);

        Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

        /// <summary>Creates the service-linked role for a service principal, e.g. cloudtrail.amazonaws.com.</summary>
        Task<IamRole> CreateServiceLinkedRoleAsync(string awsServiceName, string? description = null, string? customSuffix = null, CancellationToken cancellationToken = default);
    }
}
