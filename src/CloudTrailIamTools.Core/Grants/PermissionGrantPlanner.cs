using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>What a principal holds now, as far as a grant cares: its ARN, attached policies and our inline policy.</summary>
    public sealed class PrincipalPolicyState
    {
        public PrincipalPolicyState(GrantTarget target, string principalArn, IReadOnlyList<string> attachedPolicyArns, string? grantPolicyDocument)
        {
            Target = target;
            PrincipalArn = principalArn;
            AttachedPolicyArns = attachedPolicyArns;
            GrantPolicyDocument = grantPolicyDocument;
        }

        public GrantTarget Target { get; }

        public string PrincipalArn { get; }

        public IReadOnlyList<string> AttachedPolicyArns { get; }

        /// <summary>Our inline policy's document (CloudTrailIamTools-Grant), or null when the principal has none.</summary>
        public string? GrantPolicyDocument { get; }
    }

    /// <summary>The one change a grant request leads to, before it is made.</summary>
    public sealed class PermissionGrantPlan
    {
        internal PermissionGrantPlan(PrincipalPolicyState state, bool needsChange, GrantPolicyType policyType, string? policyArn, string policyName,
            string document, string? previousDocument, IReadOnlyList<string> actions, string description, ServiceRolePlan? serviceRole = null)
        {
            ServiceRole = serviceRole;
            State = state;
            NeedsChange = needsChange;
            PolicyType = policyType;
            PolicyArn = policyArn;
            PolicyName = policyName;
            Document = document;
            PreviousDocument = previousDocument;
            Actions = actions;
            Description = description;
        }

        public PrincipalPolicyState State { get; }

        /// <summary>False when everything asked for is already in place.</summary>
        public bool NeedsChange { get; }

        public GrantPolicyType PolicyType { get; }

        public string? PolicyArn { get; }

        public string PolicyName { get; }

        public string Document { get; }

        public string? PreviousDocument { get; }

        public IReadOnlyList<string> Actions { get; }

        public string Description { get; }

        /// <summary>The service role the administrator creates for the scenario (the grantee only passes it); null when none.</summary>
        public ServiceRolePlan? ServiceRole { get; }

        /// <summary>The text ShouldProcess and --what-if show: the action and the exact document.</summary>
        public string WhatIfText => (ServiceRole is null ? string.Empty : ServiceRole.WhatIfText + " ") + (PolicyType == GrantPolicyType.Managed
            ? "Attach " + PolicyArn + " to " + State.PrincipalArn + ". Policy document: " + Document
            : (PreviousDocument is null ? "Put inline policy " : "Merge into inline policy ") + PolicyName + " of " + State.PrincipalArn + ". Document: " + Document);

        public PermissionGrantResult ToResult(GrantChange change) => new PermissionGrantResult(
            State.Target.PrincipalType,
            State.Target.Name,
            State.PrincipalArn,
            change,
            PolicyType,
            PolicyArn,
            PolicyName,
            Document,
            PreviousDocument,
            Actions,
            change switch
            {
                GrantChange.WouldChange => "Would " + char.ToLowerInvariant(Description[0]) + Description.Substring(1),
                _ => Description,
            },
            ServiceRole?.RoleArn);
    }

    /// <summary>
    /// Pure planning of Grant-CloudTrailPermission: the statements a request means in an account, and the change
    /// they lead to given the principal's current policies. Never reads or writes AWS.
    /// </summary>
    public static class PermissionGrantPlanner
    {
        /// <summary>The one inline policy our grants write; recognisable in the console and merged, never replaced.</summary>
        public const string InlinePolicyName = "CloudTrailIamTools-Grant";

        public const string ReadOnlyPolicyName = "AWSCloudTrail_ReadOnlyAccess";

        public const string FullAccessPolicyName = "AWSCloudTrail_FullAccess";

        /// <summary>The AWS managed policy ARN for an access level in a partition; never a retired policy.</summary>
        public static string ManagedPolicyArn(GrantAccessLevel accessLevel, string partition = "aws")
        {
            string name = accessLevel == GrantAccessLevel.ReadOnly ? ReadOnlyPolicyName : FullAccessPolicyName;
            if (IamCatalog.Default.TryGetRetiredPolicy(name, out RetiredPolicyInfo? retired))
            {
                // The catalog is the authority on retirement; follow its replacement rather than attach a dead policy.
                name = retired.ReplacedBy;
            }

            return "arn:" + partition + ":iam::aws:policy/" + name;
        }

        /// <summary>The statements of a scenario, action or diagnosis request with {Partition}, {Account} and {Region} filled in.</summary>
        public static IReadOnlyList<GrantStatement> Statements(PermissionGrantRequest request, string partition, string accountId, string region)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.FixedStatements is not null)
            {
                return request.FixedStatements;
            }

            if (request.Scenario is null)
            {
                return Array.Empty<GrantStatement>();
            }

            // One statement per distinct (resource, condition), actions in the scenario's order.
            var groups = new List<(string Resource, string? Condition, List<string> Actions)>();
            foreach (ScenarioPermission permission in request.Scenario.Permissions)
            {
                string resource = Fill(permission.Resource, partition, accountId, region);
                string? condition = permission.Condition is null ? null : Fill(permission.Condition, partition, accountId, region);
                var group = groups.FirstOrDefault(g => g.Resource == resource && g.Condition == condition);
                if (group.Actions is null)
                {
                    group = (resource, condition, new List<string>());
                    groups.Add(group);
                }

                group.Actions.Add(permission.Action);
            }

            return groups.Select((g, index) => new GrantStatement(
                    request.Scenario.Name + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), g.Actions, new[] { g.Resource }, g.Condition))
                .ToList();
        }

        /// <summary>
        /// The change the request needs given the principal's current state. Refuses, before anything is shown or
        /// written, a grant that would open a privilege-escalation path (<see cref="EscalationGuard"/>), a write to an
        /// IAM Identity Center role, a diagnosis from another account, and a policy over IAM's size quota.
        /// </summary>
        /// <param name="serviceRoleExists">Whether the scenario's service role exists already (read by the caller); false when unknown.</param>
        public static PermissionGrantPlan Plan(PermissionGrantRequest request, PrincipalPolicyState state, string region, bool serviceRoleExists = false)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (state is null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            IdentityCenterRoles.RefuseWrite(state.Target, state.PrincipalArn);
            string partition = "aws";
            string accountId = string.Empty;
            if (Arn.TryParse(state.PrincipalArn, out Arn? principalArn))
            {
                partition = principalArn.Partition;
                accountId = principalArn.AccountId;
            }

            if (request.Diagnosis is AccessErrorDiagnosis diagnosis && !string.Equals(diagnosis.AccountId, accountId, StringComparison.Ordinal))
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.DifferentAccount,
                    "Not granting: the error happened in account " + (diagnosis.AccountId ?? "(none named)") + ", but these credentials manage account " + accountId +
                    ". Run the grant with credentials of the account the error names.",
                    diagnosis.PrincipalArn);
            }

            string who = state.Target.Describe();
            if (request.AccessLevel is GrantAccessLevel level)
            {
                string arn = ManagedPolicyArn(level, partition);
                IamCatalog.Default.TryGetManagedPolicy(arn, out ManagedPolicyInfo? managed);
                string document = managed?.Document ?? "{}";
                IReadOnlyList<string> actions = managed is null ? Array.Empty<string>() : ActionsOf(document);
                bool attached = state.AttachedPolicyArns.Any(a => string.Equals(a, arn, StringComparison.OrdinalIgnoreCase));
                if (!attached && managed is not null)
                {
                    EscalationGuard.Ensure(document, GuardPrincipal(state, partition, accountId), who);
                }

                string name = arn.Substring(arn.LastIndexOf('/') + 1);
                return new PermissionGrantPlan(state, !attached, GrantPolicyType.Managed, arn, name, document, null, actions,
                    attached ? "The AWS managed policy " + name + " is already attached to " + who + "." : "Attach the AWS managed policy " + name + " to " + who + ".");
            }

            IReadOnlyList<GrantStatement> statements = Statements(request, partition, accountId, region);
            InlinePolicyMerge merge = InlinePolicyMerger.Merge(state.GrantPolicyDocument, statements);
            int size = SizeOf(merge.Document);
            if (merge.Changed && size > state.Target.InlinePolicySizeLimit && request.Scenario is not null)
            {
                // Compacting stays within the scenario's own actions: a pattern is used only when every action it matches is asked for.
                statements = ActionCompactor.Compact(statements);
                merge = InlinePolicyMerger.Merge(state.GrantPolicyDocument, statements);
                size = SizeOf(merge.Document);
            }

            if (merge.Changed && size > state.Target.InlinePolicySizeLimit)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.PolicyTooLarge,
                    "Not granting: the merged inline policy " + InlinePolicyName + " would be " + size + " characters, over IAM's limit of " +
                    state.Target.InlinePolicySizeLimit + " for an " + who + " (user 2,048, group 5,120, role 10,240). Grant it to a group the user belongs to, or to a role, whose limits are larger.",
                    state.PrincipalArn);
            }

            if (merge.Changed)
            {
                try
                {
                    EscalationGuard.Ensure(merge.Document, GuardPrincipal(state, partition, accountId), who);
                }
                catch (PolicyFormatException)
                {
                    // Statements kept from before that our engine cannot read: the new ones are still checked.
                    EscalationGuard.Ensure(PolicyJson.Document(Array.Empty<string>(), statements), GuardPrincipal(state, partition, accountId), who);
                }
            }

            ServiceRolePlan? serviceRole = request.Scenario?.ServiceRole is ScenarioServiceRole role
                ? PlanServiceRole(role, partition, accountId, region, serviceRoleExists)
                : null;
            var granted = statements.SelectMany(s => s.Actions).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            string description = !merge.Changed
                ? "Inline policy " + InlinePolicyName + " of " + who + " already allows " + string.Join(", ", granted) + "."
                : (state.GrantPolicyDocument is null
                    ? "Put inline policy " + InlinePolicyName + " on " + who + " allowing " + string.Join(", ", granted) + "."
                    : "Merge " + merge.AddedStatements.Count + " statement(s) into inline policy " + InlinePolicyName + " of " + who +
                      ", keeping its " + merge.KeptStatementCount + " existing statement(s), to allow " + string.Join(", ", granted) + ".");
            if (serviceRole is not null)
            {
                description = (serviceRole.Exists
                    ? "Use the existing role " + serviceRole.RoleName + " for " + serviceRole.Service + ". "
                    : "Create role " + serviceRole.RoleName + " for " + serviceRole.Service + " (the grantee may only pass it). ") + description;
            }

            return new PermissionGrantPlan(state, merge.Changed || serviceRole is { Exists: false }, GrantPolicyType.Inline, null, InlinePolicyName, merge.Document,
                state.GrantPolicyDocument, granted, description, serviceRole);
        }

        /// <summary>The role a scenario hands to a service, filled in for the account; its own policy passes the guard too.</summary>
        private static ServiceRolePlan PlanServiceRole(ScenarioServiceRole role, string partition, string accountId, string region, bool exists)
        {
            string roleArn = "arn:" + partition + ":iam::" + accountId + ":role/" + role.RoleName;
            string trust = PolicyJson.TrustDocument("AllowServiceToAssumeRole", "Service", new[] { role.Service },
                Fill(role.TrustCondition, partition, accountId, region));
            var statements = role.Permissions
                .GroupBy(p => Fill(p.Resource, partition, accountId, region), StringComparer.Ordinal)
                .Select((g, index) => new GrantStatement("ServiceRole" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), g.Select(p => p.Action).ToList(), new[] { g.Key }))
                .ToList();
            string policy = PolicyJson.Document(Array.Empty<string>(), statements);
            EscalationGuard.Ensure(policy, roleArn, "role " + role.RoleName);
            return new ServiceRolePlan(role.RoleName, roleArn, role.Service, trust, policy, exists);
        }

        /// <summary>The principal the guard evaluates as: the grantee (a group's stand-in member is chosen by the guard).</summary>
        private static string GuardPrincipal(PrincipalPolicyState state, string partition, string accountId) =>
            Arn.TryParse(state.PrincipalArn, out Arn? arn) && Arn.IsAccountId(arn.AccountId)
                ? state.PrincipalArn
                : "arn:" + partition + ":iam::" + (Arn.IsAccountId(accountId) ? accountId : "123456789012") + ":user/" + state.Target.Name;

        private static int SizeOf(string document) => document.Count(c => !char.IsWhiteSpace(c));

        internal static string Fill(string template, string partition, string accountId, string region) =>
            template.Replace("{Partition}", partition).Replace("{Account}", accountId.Length == 0 ? "*" : accountId).Replace("{Region}", region.Length == 0 ? "*" : region);

        private static IReadOnlyList<string> ActionsOf(string document)
        {
            using JsonDocument parsed = JsonDocument.Parse(document);
            if (!parsed.RootElement.TryGetProperty("Statement", out JsonElement statements))
            {
                return Array.Empty<string>();
            }

            IEnumerable<JsonElement> items = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : new[] { statements };
            return items.Where(s => s.TryGetProperty("Effect", out JsonElement e) && e.GetString() == "Allow")
                .SelectMany(s => PolicyJson.Strings(s, "Action")).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
