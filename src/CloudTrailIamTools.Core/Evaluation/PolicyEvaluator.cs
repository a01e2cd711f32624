using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Decides requests the way AWS documents its policy evaluation logic: explicit denies in any policy type
    /// win; RCPs (which only deny) and every SCP level must not block; then identity-based and resource-based
    /// grants combine by the same-account and cross-account rules, limited by permissions boundaries and
    /// session policies; a VPC endpoint policy, when present, must allow too.
    /// </summary>
    public static class PolicyEvaluator
    {
        private static readonly PolicyType[] NoTypes = Array.Empty<PolicyType>();
        private static readonly string[] NoStrings = Array.Empty<string>();
        private static readonly MatchedStatement[] NoStatements = Array.Empty<MatchedStatement>();

        public static EvaluationResult Evaluate(EvaluationRequest request, EvaluationOptions? options = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            PreparedRequest prepared = request.Prepared;
            var state = new StatementMatcher(prepared, options ?? EvaluationOptions.Default);
            var facts = new EvaluationFacts { Request = prepared };
            PrincipalIdentity caller = prepared.Principal;
            bool accountPrincipal = prepared.IsAccountPrincipal;
            List<string>? warnings = null;

            Func<string, bool>? isKnownAction = state.Options.IsKnownAction;
            if (isKnownAction is not null && !isKnownAction(prepared.Action))
            {
                AddWarning(ref warnings, "Action '" + prepared.Action + "' is not a known IAM action; check its spelling.");
            }

            // Same or cross account decides whether a resource policy can grant alone; say when it had to be assumed.
            if (request.ResourcePolicy is not null && prepared.ResourceAccount is null && accountPrincipal)
            {
                AddWarning(ref warnings, "The resource's account is not known (its ARN has no account id and no ResourceAccount was given), so the request was evaluated as same-account; give ResourceAccount to evaluate it as cross-account.");
            }

            // Identity side: only principals that belong to an account have one.
            PolicyOutcome identity = default;
            PolicyOutcome boundary = default;
            PolicyOutcome session = default;
            PolicyDocument? boundaryPolicy = request.PermissionsBoundary;
            PolicyDocument? sessionPolicy = request.SessionPolicy;
            if (accountPrincipal)
            {
                IReadOnlyList<PolicyDocument> identityPolicies = request.IdentityPolicies;
                for (int i = 0; i < identityPolicies.Count; i++)
                {
                    state.EvaluatePolicy(identityPolicies[i], PolicyType.IdentityBased, -1, i, principalSemantics: false, ref identity);
                }

                if (boundaryPolicy is not null)
                {
                    state.EvaluatePolicy(boundaryPolicy, PolicyType.PermissionsBoundary, -1, 0, principalSemantics: false, ref boundary);
                }

                if (sessionPolicy is not null)
                {
                    state.EvaluatePolicy(sessionPolicy, PolicyType.Session, -1, 0, principalSemantics: false, ref session);
                }
            }
            else if (request.IdentityPolicies.Count > 0 || boundaryPolicy is not null || sessionPolicy is not null)
            {
                AddWarning(ref warnings, (caller.Type == PrincipalType.Service ? "A service principal" : "An anonymous caller") +
                    " has no identity side: identity-based policies, permissions boundaries and session policies were ignored.");
                boundaryPolicy = null;
                sessionPolicy = null;
            }

            // Service control policies: principals of member accounts only.
            bool scpDeny = false;
            IReadOnlyList<IReadOnlyList<PolicyDocument>> scpLevels = request.ServiceControlPolicies;
            facts.ScpLevels = scpLevels.Count;
            if (scpLevels.Count > 0)
            {
                if (!accountPrincipal)
                {
                    facts.Scp = OrganizationPolicyStatus.SkippedNoAccountPrincipal;
                }
                else if (prepared.IsServiceLinkedRole)
                {
                    facts.Scp = OrganizationPolicyStatus.SkippedServiceLinkedRole;
                }
                else if (request.ManagementAccountId is not null && prepared.PrincipalAccount == request.ManagementAccountId)
                {
                    facts.Scp = OrganizationPolicyStatus.SkippedManagementAccount;
                }
                else
                {
                    facts.Scp = OrganizationPolicyStatus.Applied;
                    for (int level = 0; level < scpLevels.Count; level++)
                    {
                        PolicyOutcome levelOutcome = default;
                        IReadOnlyList<PolicyDocument> policies = scpLevels[level];
                        for (int i = 0; i < policies.Count; i++)
                        {
                            state.EvaluatePolicy(policies[i], PolicyType.ServiceControl, level, i, principalSemantics: false, ref levelOutcome);
                        }

                        scpDeny |= levelOutcome.Deny;
                        if (!levelOutcome.Allow && facts.FailingScpLevel < 0)
                        {
                            facts.FailingScpLevel = level;
                        }
                    }
                }
            }

            // Resource control policies: RCPFullAWSAccess is attached at every level, so only their denies count.
            bool rcpDeny = false;
            IReadOnlyList<IReadOnlyList<PolicyDocument>> rcpLevels = request.ResourceControlPolicies;
            if (rcpLevels.Count > 0)
            {
                if (prepared.IsServiceLinkedRole)
                {
                    facts.Rcp = OrganizationPolicyStatus.SkippedServiceLinkedRole;
                }
                else if (request.ManagementAccountId is not null && prepared.ResourceAccount == request.ManagementAccountId)
                {
                    facts.Rcp = OrganizationPolicyStatus.SkippedManagementAccount;
                }
                else
                {
                    facts.Rcp = OrganizationPolicyStatus.Applied;
                    for (int level = 0; level < rcpLevels.Count; level++)
                    {
                        PolicyOutcome levelOutcome = default;
                        IReadOnlyList<PolicyDocument> policies = rcpLevels[level];
                        for (int i = 0; i < policies.Count; i++)
                        {
                            state.EvaluatePolicy(policies[i], PolicyType.ResourceControl, level, i, principalSemantics: true, ref levelOutcome);
                        }

                        rcpDeny |= levelOutcome.Deny;
                    }
                }
            }

            PolicyOutcome resource = default;
            if (request.ResourcePolicy is not null)
            {
                state.EvaluatePolicy(request.ResourcePolicy, PolicyType.ResourceBased, -1, 0, principalSemantics: true, ref resource);
            }

            PolicyOutcome endpoint = default;
            if (request.VpcEndpointPolicy is not null)
            {
                state.EvaluatePolicy(request.VpcEndpointPolicy, PolicyType.VpcEndpoint, -1, 0, principalSemantics: true, ref endpoint);
            }

            facts.UnresolvedVariables = state.Conditions.Unresolved;
            facts.NotArnKeys = state.Conditions.NotArns;
            facts.IdentityAllows = identity.Allow;
            facts.BoundaryAllows = boundary.Allow;
            facts.SessionAllows = session.Allow;
            facts.ResourceAllows = resource.Allow;
            facts.ResourceOutcome = resource;
            facts.VpcEndpointAllows = endpoint.Allow;

            PolicyDecision decision;
            PolicyType[] deniedBy;
            PolicyType[] allowedBy = NoTypes;
            int denyCount = (identity.Deny ? 1 : 0) + (boundary.Deny ? 1 : 0) + (session.Deny ? 1 : 0) + (scpDeny ? 1 : 0) +
                (rcpDeny ? 1 : 0) + (resource.Deny ? 1 : 0) + (endpoint.Deny ? 1 : 0);
            AwsRule rule = FindAwsRule(prepared, out string? ruleReason);
            facts.AwsRule = rule;
            facts.AwsRuleReason = ruleReason;
            if (rule == AwsRule.CallerIdentityAlwaysAllowed)
            {
                // AWS answers GetCallerIdentity for every authenticated caller; no policy, not even a Deny, takes part.
                decision = PolicyDecision.Allowed;
                deniedBy = NoTypes;
            }
            else if (denyCount > 0)
            {
                decision = PolicyDecision.ExplicitDeny;
                deniedBy = new PolicyType[denyCount];
                int n = 0;
                AddIf(deniedBy, ref n, rcpDeny, PolicyType.ResourceControl);
                AddIf(deniedBy, ref n, scpDeny, PolicyType.ServiceControl);
                AddIf(deniedBy, ref n, endpoint.Deny, PolicyType.VpcEndpoint);
                AddIf(deniedBy, ref n, resource.Deny, PolicyType.ResourceBased);
                AddIf(deniedBy, ref n, identity.Deny, PolicyType.IdentityBased);
                AddIf(deniedBy, ref n, boundary.Deny, PolicyType.PermissionsBoundary);
                AddIf(deniedBy, ref n, session.Deny, PolicyType.Session);
            }
            else if (rule == AwsRule.RootCannotAssumeRole)
            {
                decision = PolicyDecision.ImplicitDeny;
                deniedBy = new[] { PolicyType.RootUserRestriction };
            }
            else if (rule == AwsRule.AwsOwnedResource)
            {
                decision = PolicyDecision.ImplicitDeny;
                deniedBy = new[] { PolicyType.AwsOwnedResource };
            }
            else
            {
                deniedBy = DecideAllow(request, prepared, facts, boundaryPolicy is not null, sessionPolicy is not null, out allowedBy);
                decision = deniedBy.Length == 0 ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny;
            }

            string[] allowedOn = NoStrings;
            // Only when the identity side did not allow "*" itself: otherwise something else denied, and listing where
            // identity policies allow the action would not answer why.
            if (decision == PolicyDecision.ImplicitDeny && facts.AwsRule == AwsRule.None && accountPrincipal && prepared.Resource == "*" && !identity.Allow)
            {
                allowedOn = state.AllowedResourcePatterns(request.IdentityPolicies);
            }

            return new EvaluationResult(
                prepared.Action,
                prepared.Resource,
                request.Principal,
                decision,
                deniedBy,
                allowedBy,
                state.Matched is null ? NoStatements : state.Matched.ToArray(),
                state.Missing is null ? NoStrings : state.Missing.ToArray(),
                warnings is null ? NoStrings : warnings.ToArray(),
                allowedOn,
                facts);
        }

        /// <summary>The rule AWS applies to this request whatever the policies say, if any.</summary>
        private static AwsRule FindAwsRule(PreparedRequest prepared, out string? reason)
        {
            reason = null;
            string actionUpper = prepared.ActionUpper;
            if (prepared.IsAccountPrincipal && actionUpper == "STS:GETCALLERIDENTITY")
            {
                return AwsRule.CallerIdentityAlwaysAllowed;
            }

            if (prepared.Principal.Type == PrincipalType.Root && actionUpper == "STS:ASSUMEROLE")
            {
                return AwsRule.RootCannotAssumeRole;
            }

            reason = AwsOwnedResource.Refusal(prepared);
            return reason is null ? AwsRule.None : AwsRule.AwsOwnedResource;
        }

        /// <summary>No explicit deny was found: works out which required allows are missing (empty when allowed).</summary>
        private static PolicyType[] DecideAllow(
            EvaluationRequest request,
            PreparedRequest prepared,
            EvaluationFacts facts,
            bool hasBoundary,
            bool hasSession,
            out PolicyType[] allowedBy)
        {
            PrincipalType callerType = prepared.Principal.Type;
            bool boundaryOk = !hasBoundary || facts.BoundaryAllows;
            bool sessionOk = !hasSession || facts.SessionAllows;

            // The root user has full access within its own account; identity policies cannot be attached to it.
            bool rootUser = callerType == PrincipalType.Root;
            facts.RootUserGrant = rootUser;
            bool identityGrant = rootUser || (prepared.IsAccountPrincipal && facts.IdentityAllows && boundaryOk && sessionOk);
            facts.IdentityGrant = identityGrant;

            // Whether the resource policy's grant suffices without the identity side (same account only): any
            // applying Allow that suffices counts, however weaker statements beside it named the caller.
            PrincipalMatch deciding = DecidingMatch(facts.ResourceOutcome, boundaryOk && sessionOk, rootUser);
            facts.ResourceAllowMatch = deciding;
            bool standsAlone = deciding switch
            {
                PrincipalMatch.Everyone or PrincipalMatch.User or PrincipalMatch.Session or PrincipalMatch.Service => true,

                // Naming the role (not the session) leaves the session's boundary and session policy in force.
                PrincipalMatch.Role => boundaryOk && sessionOk,

                // Naming the account delegates to the account's own IAM policies.
                PrincipalMatch.Account => rootUser,
                _ => false,
            };
            facts.ResourceGrantStandsAlone = facts.ResourceAllows && standsAlone;
            bool resourceAllows = facts.ResourceAllows;

            var blockers = new TypeList(stackalloc PolicyType[7]);
            if (facts.Scp == OrganizationPolicyStatus.Applied && facts.FailingScpLevel >= 0)
            {
                blockers.Add(PolicyType.ServiceControl);
            }

            if (request.VpcEndpointPolicy is not null && !facts.VpcEndpointAllows)
            {
                blockers.Add(PolicyType.VpcEndpoint);
            }

            bool principalOk;
            bool needIdentity;
            bool needResource;
            if (!prepared.IsAccountPrincipal)
            {
                // Anonymous callers and service principals: only the resource policy can grant.
                principalOk = resourceAllows;
                needIdentity = false;
                needResource = !resourceAllows;
            }
            else if (prepared.IsCrossAccount)
            {
                principalOk = identityGrant && resourceAllows;
                needIdentity = !identityGrant;
                needResource = !resourceAllows;
            }
            else if (prepared.Requirement != RequiredResourcePolicy.None)
            {
                principalOk = resourceAllows && (standsAlone || identityGrant);
                needResource = !resourceAllows;
                needIdentity = resourceAllows && !standsAlone && !identityGrant;
            }
            else
            {
                principalOk = identityGrant || (resourceAllows && standsAlone);
                needResource = false;
                needIdentity = !principalOk;
            }

            if (!principalOk)
            {
                if (needIdentity)
                {
                    // A same-account grant naming the role is held back only by the boundary or session policy.
                    bool roleGrantPending = !prepared.IsCrossAccount && resourceAllows && facts.ResourceAllowMatch == PrincipalMatch.Role;
                    if (!facts.IdentityAllows && !rootUser && !roleGrantPending)
                    {
                        blockers.Add(PolicyType.IdentityBased);
                    }

                    if (!boundaryOk)
                    {
                        blockers.Add(PolicyType.PermissionsBoundary);
                    }

                    if (!sessionOk)
                    {
                        blockers.Add(PolicyType.Session);
                    }
                }

                if (needResource || blockers.Length == 0)
                {
                    blockers.Add(PolicyType.ResourceBased);
                }
            }

            if (blockers.Length > 0)
            {
                allowedBy = NoTypes;
                return blockers.ToArray();
            }

            var allowed = new TypeList(stackalloc PolicyType[7]);
            if (facts.Scp == OrganizationPolicyStatus.Applied)
            {
                allowed.Add(PolicyType.ServiceControl);
            }

            if (request.VpcEndpointPolicy is not null)
            {
                allowed.Add(PolicyType.VpcEndpoint);
            }

            if (resourceAllows)
            {
                allowed.Add(PolicyType.ResourceBased);
            }

            if (facts.IdentityAllows && identityGrant)
            {
                allowed.Add(PolicyType.IdentityBased);
                if (hasBoundary)
                {
                    allowed.Add(PolicyType.PermissionsBoundary);
                }

                if (hasSession)
                {
                    allowed.Add(PolicyType.Session);
                }
            }

            allowedBy = allowed.ToArray();
            return NoTypes;
        }

        /// <summary>
        /// The way the resource policy's Allow statements named the caller that decides: one that grants on
        /// its own if any does, else the role (held back by a boundary or session policy), else the account.
        /// </summary>
        private static PrincipalMatch DecidingMatch(in PolicyOutcome outcome, bool roleGrantHolds, bool rootUser)
        {
            if (!outcome.Allow)
            {
                return PrincipalMatch.None;
            }

            if (outcome.AllowedAs(PrincipalMatch.Session))
            {
                return PrincipalMatch.Session;
            }

            if (outcome.AllowedAs(PrincipalMatch.User))
            {
                return PrincipalMatch.User;
            }

            if (outcome.AllowedAs(PrincipalMatch.Service))
            {
                return PrincipalMatch.Service;
            }

            if (outcome.AllowedAs(PrincipalMatch.Role) && roleGrantHolds)
            {
                return PrincipalMatch.Role;
            }

            if (outcome.AllowedAs(PrincipalMatch.Everyone))
            {
                return PrincipalMatch.Everyone;
            }

            if (outcome.AllowedAs(PrincipalMatch.Account) && rootUser)
            {
                return PrincipalMatch.Account;
            }

            return outcome.AllowedAs(PrincipalMatch.Role) ? PrincipalMatch.Role : PrincipalMatch.Account;
        }

        /// <summary>A few policy types gathered on the stack, copied out once.</summary>
        private ref struct TypeList
        {
            private readonly Span<PolicyType> items;

            public TypeList(Span<PolicyType> buffer)
            {
                items = buffer;
                Length = 0;
            }

            public int Length { get; private set; }

            public void Add(PolicyType type) => items[Length++] = type;

            public PolicyType[] ToArray() => Length == 0 ? NoTypes : items.Slice(0, Length).ToArray();
        }

        private static void AddIf(PolicyType[] types, ref int count, bool condition, PolicyType type)
        {
            if (condition)
            {
                types[count++] = type;
            }
        }

        private static void AddWarning(ref List<string>? warnings, string warning) => (warnings ??= new List<string>()).Add(warning);
    }
}
