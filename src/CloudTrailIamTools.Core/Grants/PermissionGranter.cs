using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// Reads a principal's policies through IAM, plans a grant with <see cref="PermissionGrantPlanner"/> and applies
    /// the plan. Only AttachXPolicy and PutXPolicy (our inline policy) ever write; nothing is detached or deleted.
    /// </summary>
    public sealed class PermissionGranter
    {
        private readonly IIamApi iam;
        private readonly string region;

        public PermissionGranter(IIamApi iam, string region)
        {
            this.iam = iam ?? throw new ArgumentNullException(nameof(iam));
            this.region = region ?? string.Empty;
        }

        public async Task<PrincipalPolicyState> ReadStateAsync(GrantTarget target, CancellationToken cancellationToken = default)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            string name = target.Name;
            string policy = PermissionGrantPlanner.InlinePolicyName;
            switch (target.PrincipalType)
            {
                case GrantPrincipalType.User:
                {
                    IamUser user = await iam.GetUserAsync(name, cancellationToken).ConfigureAwait(false);
                    var attached = await iam.ListAttachedUserPoliciesAsync(name, cancellationToken).ConfigureAwait(false);
                    string? inline = await ReadInlineAsync(await iam.ListUserPoliciesAsync(name, cancellationToken).ConfigureAwait(false), () => iam.GetUserPolicyAsync(name, policy, cancellationToken)).ConfigureAwait(false);
                    return new PrincipalPolicyState(target, user.Arn, attached.Select(a => a.PolicyArn).ToList(), inline);
                }

                case GrantPrincipalType.Role:
                {
                    IamRole role = await iam.GetRoleAsync(name, cancellationToken).ConfigureAwait(false);
                    var attached = await iam.ListAttachedRolePoliciesAsync(name, cancellationToken).ConfigureAwait(false);
                    string? inline = await ReadInlineAsync(await iam.ListRolePoliciesAsync(name, cancellationToken).ConfigureAwait(false), () => iam.GetRolePolicyAsync(name, policy, cancellationToken)).ConfigureAwait(false);
                    return new PrincipalPolicyState(target, role.Arn, attached.Select(a => a.PolicyArn).ToList(), inline);
                }

                default:
                {
                    IamGroup group = await iam.GetGroupAsync(name, cancellationToken).ConfigureAwait(false);
                    var attached = await iam.ListAttachedGroupPoliciesAsync(name, cancellationToken).ConfigureAwait(false);
                    string? inline = await ReadInlineAsync(await iam.ListGroupPoliciesAsync(name, cancellationToken).ConfigureAwait(false), () => iam.GetGroupPolicyAsync(name, policy, cancellationToken)).ConfigureAwait(false);
                    return new PrincipalPolicyState(target, group.Arn, attached.Select(a => a.PolicyArn).ToList(), inline);
                }
            }
        }

        /// <summary>Reads the principal and plans the request; writes nothing.</summary>
        public async Task<PermissionGrantPlan> PlanAsync(PermissionGrantRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            // Refused before any call: an Identity Center role is never read or written.
            IdentityCenterRoles.RefuseWrite(request.Target, request.Diagnosis?.PrincipalArn);
            PrincipalPolicyState state = await ReadStateAsync(request.Target, cancellationToken).ConfigureAwait(false);
            bool serviceRoleExists = request.Scenario?.ServiceRole is ScenarioServiceRole role && await RoleExistsAsync(role.RoleName, cancellationToken).ConfigureAwait(false);
            return PermissionGrantPlanner.Plan(request, state, region, serviceRoleExists);
        }

        /// <summary>Makes the planned change (Attached or PutInline); a plan that needs none comes back Unchanged.</summary>
        public async Task<PermissionGrantResult> ApplyAsync(PermissionGrantPlan plan, CancellationToken cancellationToken = default)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (!plan.NeedsChange)
            {
                return plan.ToResult(GrantChange.Unchanged);
            }

            GrantTarget target = plan.State.Target;
            if (plan.PolicyType == GrantPolicyType.Managed)
            {
                Task attach = target.PrincipalType switch
                {
                    GrantPrincipalType.User => iam.AttachUserPolicyAsync(target.Name, plan.PolicyArn!, cancellationToken),
                    GrantPrincipalType.Role => iam.AttachRolePolicyAsync(target.Name, plan.PolicyArn!, cancellationToken),
                    _ => iam.AttachGroupPolicyAsync(target.Name, plan.PolicyArn!, cancellationToken),
                };
                await attach.ConfigureAwait(false);
                return plan.ToResult(GrantChange.Attached);
            }

            if (plan.ServiceRole is { Exists: false } serviceRole)
            {
                // The administrator running the grant creates the role; the grantee is only allowed to pass it.
                var marker = new Dictionary<string, string> { [CrossAccountRolePlanner.MarkerTagKey] = "ServiceRole" };
                await iam.CreateRoleAsync(
                    serviceRole.RoleName,
                    serviceRole.TrustPolicy,
                    description: "Lets " + serviceRole.Service + " deliver for this account (CloudTrailIamTools).",
                    tags: marker,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await iam.PutRolePolicyAsync(serviceRole.RoleName, ServiceRolePlan.PermissionPolicyName, serviceRole.PermissionPolicy, cancellationToken).ConfigureAwait(false);
            }

            if (PolicyJson.SameDocument(plan.Document, plan.PreviousDocument))
            {
                return plan.ToResult(GrantChange.PutInline);
            }

            Task put = target.PrincipalType switch
            {
                GrantPrincipalType.User => iam.PutUserPolicyAsync(target.Name, plan.PolicyName, plan.Document, cancellationToken),
                GrantPrincipalType.Role => iam.PutRolePolicyAsync(target.Name, plan.PolicyName, plan.Document, cancellationToken),
                _ => iam.PutGroupPolicyAsync(target.Name, plan.PolicyName, plan.Document, cancellationToken),
            };
            await put.ConfigureAwait(false);
            return plan.ToResult(GrantChange.PutInline);
        }

        /// <summary>Plans and, unless <paramref name="whatIf"/>, applies: the whole grant in one call (the CLI's path).</summary>
        public async Task<PermissionGrantResult> GrantAsync(PermissionGrantRequest request, bool whatIf, CancellationToken cancellationToken = default)
        {
            PermissionGrantPlan plan = await PlanAsync(request, cancellationToken).ConfigureAwait(false);
            if (!plan.NeedsChange)
            {
                return plan.ToResult(GrantChange.Unchanged);
            }

            return whatIf ? plan.ToResult(GrantChange.WouldChange) : await ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        private async Task<bool> RoleExistsAsync(string roleName, CancellationToken cancellationToken)
        {
            try
            {
                await iam.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AwsServiceCallException missing) when (missing.ErrorCode == "NoSuchEntity")
            {
                return false;
            }
        }

        private static async Task<string?> ReadInlineAsync(IReadOnlyList<string> names, Func<Task<IamInlinePolicy>> read)
        {
            // Listing first avoids treating a NoSuchEntity for the policy as a missing principal.
            if (!names.Contains(PermissionGrantPlanner.InlinePolicyName, StringComparer.Ordinal))
            {
                return null;
            }

            return (await read().ConfigureAwait(false)).PolicyDocument;
        }
    }
}
