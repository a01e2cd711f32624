using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>IAM over the Query/XML protocol. List operations follow Marker/IsTruncated to the end.</summary>
    public sealed class IamClient : AwsServiceClientBase, IIamApi
    {
        internal IamClient(AWSCredentials credentials, AwsServiceClientConfig config)
            : base(credentials, config)
        {
        }

        /// <summary>The named user, or the caller when <paramref name="userName"/> is null.</summary>
        public async Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default)
        {
            var result = await CallAsync(new QueryOperationRequest("GetUser").Add("UserName", userName), cancellationToken).ConfigureAwait(false);
            return IamUser.From(Required(result.Child("User"), "GetUser", "User"));
        }

        public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default)
        {
            var result = await CallAsync(new QueryOperationRequest("GetRole").Add("RoleName", Name(roleName, nameof(roleName))), cancellationToken).ConfigureAwait(false);
            return IamRole.From(Required(result.Child("Role"), "GetRole", "Role"));
        }

        /// <summary>The group itself (GetGroup's member list is not read).</summary>
        public async Task<IamGroup> GetGroupAsync(string groupName, CancellationToken cancellationToken = default)
        {
            var request = new QueryOperationRequest("GetGroup").Add("GroupName", Name(groupName, nameof(groupName))).Add("MaxItems", 1);
            var result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
            return IamGroup.From(Required(result.Child("Group"), "GetGroup", "Group"));
        }

        public Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListGroupsForUser").Add("UserName", Name(userName, nameof(userName))), "Groups", IamGroup.From, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListUserPoliciesAsync(string userName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListUserPolicies").Add("UserName", Name(userName, nameof(userName))), "PolicyNames", e => e.Value, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListRolePolicies").Add("RoleName", Name(roleName, nameof(roleName))), "PolicyNames", e => e.Value, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListGroupPolicies").Add("GroupName", Name(groupName, nameof(groupName))), "PolicyNames", e => e.Value, cancellationToken);
        }

        public Task<IamInlinePolicy> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken = default)
        {
            return GetInlineAsync(new QueryOperationRequest("GetUserPolicy").Add("UserName", Name(userName, nameof(userName))), policyName, cancellationToken);
        }

        public Task<IamInlinePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default)
        {
            return GetInlineAsync(new QueryOperationRequest("GetRolePolicy").Add("RoleName", Name(roleName, nameof(roleName))), policyName, cancellationToken);
        }

        public Task<IamInlinePolicy> GetGroupPolicyAsync(string groupName, string policyName, CancellationToken cancellationToken = default)
        {
            return GetInlineAsync(new QueryOperationRequest("GetGroupPolicy").Add("GroupName", Name(groupName, nameof(groupName))), policyName, cancellationToken);
        }

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedUserPoliciesAsync(string userName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListAttachedUserPolicies").Add("UserName", Name(userName, nameof(userName))), "AttachedPolicies", IamAttachedPolicy.From, cancellationToken);
        }

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListAttachedRolePolicies").Add("RoleName", Name(roleName, nameof(roleName))), "AttachedPolicies", IamAttachedPolicy.From, cancellationToken);
        }

        public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedGroupPoliciesAsync(string groupName, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListAttachedGroupPolicies").Add("GroupName", Name(groupName, nameof(groupName))), "AttachedPolicies", IamAttachedPolicy.From, cancellationToken);
        }

        public async Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default)
        {
            var result = await CallAsync(new QueryOperationRequest("GetPolicy").Add("PolicyArn", Name(policyArn, nameof(policyArn))), cancellationToken).ConfigureAwait(false);
            return IamManagedPolicy.From(Required(result.Child("Policy"), "GetPolicy", "Policy"));
        }

        public async Task<IamPolicyVersion> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default)
        {
            var request = new QueryOperationRequest("GetPolicyVersion").Add("PolicyArn", Name(policyArn, nameof(policyArn))).Add("VersionId", Name(versionId, nameof(versionId)));
            var result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
            return IamPolicyVersion.From(Required(result.Child("PolicyVersion"), "GetPolicyVersion", "PolicyVersion"));
        }

        public async Task<IamAccountAuthorizationDetails> GetAccountAuthorizationDetailsAsync(
            IEnumerable<IamEntityFilter>? filter = null, CancellationToken cancellationToken = default)
        {
            var filters = filter?.Select(f => f.ToString()).ToList();
            var users = new List<IamUserDetail>();
            var groups = new List<IamGroupDetail>();
            var roles = new List<IamRoleDetail>();
            var policies = new List<IamManagedPolicyDetail>();
            await PageAsync(
                () => new QueryOperationRequest("GetAccountAuthorizationDetails").AddList("Filter", filters),
                result =>
                {
                    users.AddRange(result.Members("UserDetailList").Select(IamUserDetail.From));
                    groups.AddRange(result.Members("GroupDetailList").Select(IamGroupDetail.From));
                    roles.AddRange(result.Members("RoleDetailList").Select(IamRoleDetail.From));
                    policies.AddRange(result.Members("Policies").Select(IamManagedPolicyDetail.From));
                },
                cancellationToken).ConfigureAwait(false);
            return new IamAccountAuthorizationDetails(users, groups, roles, policies);
        }

        public Task<IReadOnlyList<IamSimulationResult>> SimulatePrincipalPolicyAsync(IamSimulationRequest simulation, CancellationToken cancellationToken = default)
        {
            if (simulation == null)
            {
                throw new ArgumentNullException(nameof(simulation));
            }

            return ListAsync(
                () =>
                {
                    var request = new QueryOperationRequest("SimulatePrincipalPolicy")
                        .Add("PolicySourceArn", Name(simulation.PolicySourceArn, "PolicySourceArn"))
                        .AddList("ActionNames", simulation.ActionNames)
                        .AddList("ResourceArns", simulation.ResourceArns)
                        .AddList("PolicyInputList", simulation.PolicyInputList)
                        .AddList("PermissionsBoundaryPolicyInputList", simulation.PermissionsBoundaryPolicyInputList)
                        .Add("ResourcePolicy", simulation.ResourcePolicy)
                        .Add("ResourceOwner", simulation.ResourceOwner)
                        .Add("CallerArn", simulation.CallerArn)
                        .Add("ResourceHandlingOption", simulation.ResourceHandlingOption);
                    int index = 1;
                    foreach (var entry in simulation.ContextEntries ?? Array.Empty<IamContextEntry>())
                    {
                        string prefix = $"ContextEntries.member.{index++}.";
                        request.Add(prefix + "ContextKeyName", entry.KeyName).Add(prefix + "ContextKeyType", entry.KeyType).AddList(prefix + "ContextKeyValues", entry.Values);
                    }

                    return request;
                },
                "EvaluationResults",
                IamSimulationResult.From,
                cancellationToken);
        }

        public Task<IReadOnlyList<IamRole>> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default)
        {
            return ListAsync(() => new QueryOperationRequest("ListRoles").Add("PathPrefix", pathPrefix), "Roles", IamRole.From, cancellationToken);
        }

        public async Task<IamRole> CreateRoleAsync(
            string roleName,
            string assumeRolePolicyDocument,
            string? path = null,
            string? description = null,
            int? maxSessionDuration = null,
            string? permissionsBoundaryArn = null,
            IReadOnlyDictionary<string, string>? tags = null,
            CancellationToken cancellationToken = default)
        {
            var request = new QueryOperationRequest("CreateRole")
                .Add("RoleName", Name(roleName, nameof(roleName)))
                .Add("AssumeRolePolicyDocument", Name(assumeRolePolicyDocument, nameof(assumeRolePolicyDocument)))
                .Add("Path", path)
                .Add("Description", description)
                .Add("MaxSessionDuration", maxSessionDuration)
                .Add("PermissionsBoundary", permissionsBoundaryArn);
            AddTags(request, tags);
            var result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
            return IamRole.From(Required(result.Child("Role"), "CreateRole", "Role"));
        }

        public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken = default)
        {
            return CallAsync(
                new QueryOperationRequest("UpdateAssumeRolePolicy").Add("RoleName", Name(roleName, nameof(roleName))).Add("PolicyDocument", Name(policyDocument, nameof(policyDocument))),
                cancellationToken);
        }

        /// <summary>Sets a role's maximum session duration (3600 to 43200 seconds); nothing else of the role changes.</summary>
        public Task UpdateRoleAsync(string roleName, int maxSessionDuration, CancellationToken cancellationToken = default)
        {
            return CallAsync(
                new QueryOperationRequest("UpdateRole").Add("RoleName", Name(roleName, nameof(roleName))).Add("MaxSessionDuration", maxSessionDuration),
                cancellationToken);
        }

        public Task PutUserPolicyAsync(string userName, string policyName, string policyDocument, CancellationToken cancellationToken = default)
        {
            return PutInlineAsync("PutUserPolicy", "UserName", userName, policyName, policyDocument, cancellationToken);
        }

        public Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken = default)
        {
            return PutInlineAsync("PutRolePolicy", "RoleName", roleName, policyName, policyDocument, cancellationToken);
        }

        public Task PutGroupPolicyAsync(string groupName, string policyName, string policyDocument, CancellationToken cancellationToken = default)
        {
            return PutInlineAsync("PutGroupPolicy", "GroupName", groupName, policyName, policyDocument, cancellationToken);
        }

        public Task AttachUserPolicyAsync(string userName, string policyArn, CancellationToken cancellationToken = default)
        {
            return AttachAsync("AttachUserPolicy", "UserName", userName, policyArn, cancellationToken);
        }

        public Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken = default)
        {
            return AttachAsync("AttachRolePolicy", "RoleName", roleName, policyArn, cancellationToken);
        }

        public Task AttachGroupPolicyAsync(string groupName, string policyArn, CancellationToken cancellationToken = default)
        {
            return AttachAsync("AttachGroupPolicy", "GroupName", groupName, policyArn, cancellationToken);
        }

        public Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
        {
            if (tags == null || tags.Count == 0)
            {
                throw new InvalidInputException("TagRole needs at least one tag.", nameof(tags));
            }

            var request = new QueryOperationRequest("TagRole").Add("RoleName", Name(roleName, nameof(roleName)));
            AddTags(request, tags);
            return CallAsync(request, cancellationToken);
        }

        /// <summary>Creates the service-linked role for a service principal, e.g. cloudtrail.amazonaws.com.</summary>
        public async Task<IamRole> CreateServiceLinkedRoleAsync(
            string awsServiceName, string? description = null, string? customSuffix = null, CancellationToken cancellationToken = default)
        {
            var request = new QueryOperationRequest("CreateServiceLinkedRole")
                .Add("AWSServiceName", Name(awsServiceName, nameof(awsServiceName)))
                .Add("Description", description)
                .Add("CustomSuffix", customSuffix);
            var result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
            return IamRole.From(Required(result.Child("Role"), "CreateServiceLinkedRole", "Role"));
        }

        private async Task<IamInlinePolicy> GetInlineAsync(QueryOperationRequest request, string policyName, CancellationToken cancellationToken)
        {
            request.Add("PolicyName", Name(policyName, nameof(policyName)));
            var result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
            return IamInlinePolicy.From(Required(result, request.Action, request.Action + "Result"));
        }

        private Task PutInlineAsync(string action, string principalParameter, string principalName, string policyName, string policyDocument, CancellationToken cancellationToken)
        {
            return CallAsync(
                new QueryOperationRequest(action)
                    .Add(principalParameter, Name(principalName, principalParameter))
                    .Add("PolicyName", Name(policyName, nameof(policyName)))
                    .Add("PolicyDocument", Name(policyDocument, nameof(policyDocument))),
                cancellationToken);
        }

        private Task AttachAsync(string action, string principalParameter, string principalName, string policyArn, CancellationToken cancellationToken)
        {
            return CallAsync(
                new QueryOperationRequest(action).Add(principalParameter, Name(principalName, principalParameter)).Add("PolicyArn", Name(policyArn, nameof(policyArn))),
                cancellationToken);
        }

        private static void AddTags(QueryOperationRequest request, IReadOnlyDictionary<string, string>? tags)
        {
            int index = 1;
            foreach (var tag in tags ?? new Dictionary<string, string>())
            {
                request.Add($"Tags.member.{index}.Key", tag.Key).Add($"Tags.member.{index}.Value", tag.Value ?? string.Empty);
                index++;
            }
        }

        private async Task<XElement?> CallAsync(QueryOperationRequest request, CancellationToken cancellationToken)
        {
            var response = await CallQueryAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Result;
        }

        private async Task<IReadOnlyList<T>> ListAsync<T>(
            Func<QueryOperationRequest> createRequest, string listName, Func<XElement, T> read, CancellationToken cancellationToken)
        {
            var items = new List<T>();
            await PageAsync(createRequest, result => items.AddRange(result.Members(listName).Select(read)), cancellationToken).ConfigureAwait(false);
            return items;
        }

        /// <summary>Follows Marker while IsTruncated, handing each page's result element to <paramref name="onPage"/>.</summary>
        private async Task PageAsync(Func<QueryOperationRequest> createRequest, Action<XElement?> onPage, CancellationToken cancellationToken)
        {
            string? marker = null;
            var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var request = createRequest().Add("MaxItems", PageSize == null ? (int?)null : Math.Max(1, Math.Min(PageSize.Value, 1000))).Add("Marker", marker);
                XElement? result = await CallAsync(request, cancellationToken).ConfigureAwait(false);
                onPage(result);
                marker = result.Bool("IsTruncated") == true ? result.Text("Marker") : null;
                if (string.IsNullOrEmpty(marker) || !seenMarkers.Add(marker!))
                {
                    return;
                }
            }
        }

        private static XElement Required(XElement? element, string action, string name)
        {
            return element ?? throw new AwsServiceCallException(
                AwsService.Iam, action, "MalformedResponse", $"The {action} response has no {name} element.", null, null,
                $"IAM answered {action} without the expected {name} element.", null);
        }

        private static string Name(string? value, string parameter)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidInputException($"{parameter} must not be empty.", parameter);
            }

            return value!;
        }
    }
}
