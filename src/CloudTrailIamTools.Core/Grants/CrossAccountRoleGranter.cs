using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// Reads the account and the role, plans with <see cref="CrossAccountRolePlanner"/>, and creates or (with force)
    /// updates a role this tool created. Writes only CreateRole (with our tag), UpdateAssumeRolePolicy, PutRolePolicy (our policy)
    /// and UpdateRole (the MaxSessionDuration).
    /// </summary>
    public sealed class CrossAccountRoleGranter
    {
        private readonly IIamApi iam;
        private readonly StsClient sts;

        public CrossAccountRoleGranter(IIamApi iam, StsClient sts)
        {
            this.iam = iam ?? throw new ArgumentNullException(nameof(iam));
            this.sts = sts ?? throw new ArgumentNullException(nameof(sts));
        }

        /// <summary>Reads the caller's account and the role (if any) and plans; writes nothing.</summary>
        public async Task<CrossAccountRolePlan> PlanAsync(CrossAccountRoleRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            CallerIdentity caller = await sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            string partition = Arn.TryParse(caller.Arn, out Arn? callerArn) ? callerArn.Partition : "aws";
            ExistingCrossAccountRole? existing = await ReadRoleAsync(request.RoleName, cancellationToken).ConfigureAwait(false);
            return CrossAccountRolePlanner.Plan(request, caller.Account, partition, existing);
        }

        /// <summary>
        /// Creates the role, or updates an existing, different one of ours when <paramref name="force"/> is set; otherwise a
        /// different role is refused with <see cref="CrossAccountRoleConflictException"/>, and a role without our tag always
        /// is. Identical comes back Unchanged.
        /// </summary>
        public async Task<CrossAccountRoleResult> ApplyAsync(CrossAccountRolePlan plan, bool force, CancellationToken cancellationToken = default)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (!plan.NeedsChange)
            {
                return plan.ToResult(CrossAccountRoleChange.Unchanged);
            }

            ThrowIfConflict(plan, force);
            string role = plan.Request.RoleName;
            if (!plan.Exists)
            {
                var marker = new Dictionary<string, string> { [CrossAccountRolePlanner.MarkerTagKey] = CrossAccountRolePlanner.MarkerTagValue };
                await iam.CreateRoleAsync(
                    role,
                    plan.TrustPolicy,
                    description: "Read-only access to this account's CloudTrail data for trusted accounts (CloudTrailIamTools).",
                    maxSessionDuration: plan.Request.MaxSessionDuration,
                    tags: marker,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                try
                {
                    await iam.PutRolePolicyAsync(role, CrossAccountRolePlanner.PermissionPolicyName, plan.PermissionPolicy, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceCallException cut)
                {
                    // The role exists now without its permissions: say so, and that the same command finishes it.
                    throw new AwsServiceCallException(
                        cut.Service, cut.Operation, cut.ErrorCode, cut.ServiceMessage, cut.RequestId, cut.HttpStatusCode,
                        cut.Message + " Role " + plan.RoleArn + " now exists (created and tagged by this tool, with its trust policy) but without its inline policy " +
                        CrossAccountRolePlanner.PermissionPolicyName + ", so it grants nothing yet. Run the same command again to finish it: " +
                        "it puts only the missing policy and needs no " + OptionNames.Force + ".",
                        cut);
                }

                return plan.ToResult(CrossAccountRoleChange.Created);
            }

            // Only what differs is written (a resumed creation puts just the missing inline policy).
            if (plan.TrustPolicyDiffers)
            {
                await iam.UpdateAssumeRolePolicyAsync(role, plan.TrustPolicy, cancellationToken).ConfigureAwait(false);
            }

            if (plan.PermissionPolicyDiffers)
            {
                await iam.PutRolePolicyAsync(role, CrossAccountRolePlanner.PermissionPolicyName, plan.PermissionPolicy, cancellationToken).ConfigureAwait(false);
            }

            if (plan.MaxSessionDurationDiffers && plan.Request.MaxSessionDuration is int seconds)
            {
                await iam.UpdateRoleAsync(role, seconds, cancellationToken).ConfigureAwait(false);
            }

            return plan.ToResult(CrossAccountRoleChange.Updated);
        }

        /// <summary>Plans and, unless <paramref name="whatIf"/>, applies (the CLI's path). A conflict without force throws even under what-if.</summary>
        public async Task<CrossAccountRoleResult> GrantAsync(CrossAccountRoleRequest request, bool force, bool whatIf, CancellationToken cancellationToken = default)
        {
            CrossAccountRolePlan plan = await PlanAsync(request, cancellationToken).ConfigureAwait(false);
            if (!plan.NeedsChange)
            {
                return plan.ToResult(CrossAccountRoleChange.Unchanged);
            }

            ThrowIfConflict(plan, force);
            return whatIf ? plan.ToResult(CrossAccountRoleChange.WouldChange) : await ApplyAsync(plan, force, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// An existing role that differs is only changed with force, and only when it carries our tag. A role of ours that
        /// lacks only our inline policy (a creation cut short) is finished without force.
        /// </summary>
        public static void ThrowIfConflict(CrossAccountRolePlan plan, bool force)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (!plan.Exists || plan.Differences.Count == 0 || plan.FinishesEarlierCreation)
            {
                return;
            }

            if (!plan.MarkedAsOurs)
            {
                // Never destroy what exists: our trust policy would replace every principal the role trusts now.
                throw new CrossAccountRoleConflictException(
                    "Role " + plan.RoleArn + " exists and was not created by this tool; nothing was changed, and " + OptionNames.Force + " does not change it either. " +
                    string.Join(" ", plan.Differences) + " Choose another " + OptionNames.RoleName + ", or change that role yourself.",
                    plan.ToResult(CrossAccountRoleChange.WouldChange),
                    forceCanUpdate: false);
            }

            if (plan.OtherPolicies.Count > 0)
            {
                // Trusting another account with a role that holds more than our read-only policy would hand that account the rest.
                throw new CrossAccountRoleConflictException(
                    "Role " + plan.RoleArn + " exists and holds policies this tool did not write: " + string.Join(", ", plan.OtherPolicies) +
                    ". Nothing was changed, and forcing does not change it either: trusting another account with this role would give that account those policies too. " +
                    "Remove them from the role, or choose another role name.",
                    plan.ToResult(CrossAccountRoleChange.WouldChange),
                    forceCanUpdate: false);
            }

            if (!force)
            {
                throw new CrossAccountRoleConflictException(
                    "Role " + plan.RoleArn + " exists and differs from what was asked; nothing was changed. " + string.Join(" ", plan.Differences) +
                    " Use " + OptionNames.Force + " to update its trust policy, the inline policy " + CrossAccountRolePlanner.PermissionPolicyName + " and the MaxSessionDuration; nothing else is changed or deleted.",
                    plan.ToResult(CrossAccountRoleChange.WouldChange));
            }
        }

        private async Task<ExistingCrossAccountRole?> ReadRoleAsync(string roleName, CancellationToken cancellationToken)
        {
            IamRole role;
            try
            {
                role = await iam.GetRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceCallException missing) when (missing.ErrorCode == "NoSuchEntity")
            {
                return null;
            }

            var inlineNames = await iam.ListRolePoliciesAsync(roleName, cancellationToken).ConfigureAwait(false);
            string? ours = null;
            foreach (string name in inlineNames)
            {
                if (name == CrossAccountRolePlanner.PermissionPolicyName)
                {
                    ours = (await iam.GetRolePolicyAsync(roleName, name, cancellationToken).ConfigureAwait(false)).PolicyDocument;
                }
            }

            var attached = await iam.ListAttachedRolePoliciesAsync(roleName, cancellationToken).ConfigureAwait(false);
            var attachedArns = new List<string>();
            foreach (IamAttachedPolicy policy in attached)
            {
                attachedArns.Add(policy.PolicyArn);
            }

            return new ExistingCrossAccountRole(role, inlineNames, ours, attachedArns);
        }
    }
}
