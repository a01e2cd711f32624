using System;
using System.Collections.Generic;
using System.Globalization;
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
            var state = new EvaluationState(prepared, options ?? EvaluationOptions.Default);
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
            Outcome identity = default;
            Outcome boundary = default;
            Outcome session = default;
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
                        Outcome levelOutcome = default;
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
                        Outcome levelOutcome = default;
                        IReadOnlyList<PolicyDocument> policies = rcpLevels[level];
                        for (int i = 0; i < policies.Count; i++)
                        {
                            state.EvaluatePolicy(policies[i], PolicyType.ResourceControl, level, i, principalSemantics: true, ref levelOutcome);
                        }

                        rcpDeny |= levelOutcome.Deny;
                    }
                }
            }

            Outcome resource = default;
            if (request.ResourcePolicy is not null)
            {
                state.EvaluatePolicy(request.ResourcePolicy, PolicyType.ResourceBased, -1, 0, principalSemantics: true, ref resource);
            }

            Outcome endpoint = default;
            if (request.VpcEndpointPolicy is not null)
            {
                state.EvaluatePolicy(request.VpcEndpointPolicy, PolicyType.VpcEndpoint, -1, 0, principalSemantics: true, ref endpoint);
            }

            facts.IdentityAllows = identity.Allow;
            facts.BoundaryAllows = boundary.Allow;
            facts.SessionAllows = session.Allow;
            facts.ResourceAllows = resource.Allow;
            facts.ResourceAllowMatch = resource.BestAllowMatch;
            facts.VpcEndpointAllows = endpoint.Allow;

            PolicyDecision decision;
            PolicyType[] deniedBy;
            PolicyType[] allowedBy = NoTypes;
            int denyCount = (identity.Deny ? 1 : 0) + (boundary.Deny ? 1 : 0) + (session.Deny ? 1 : 0) + (scpDeny ? 1 : 0) +
                (rcpDeny ? 1 : 0) + (resource.Deny ? 1 : 0) + (endpoint.Deny ? 1 : 0);
            if (denyCount > 0)
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
            else
            {
                deniedBy = DecideAllow(request, prepared, facts, boundaryPolicy is not null, sessionPolicy is not null, out allowedBy);
                decision = deniedBy.Length == 0 ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny;
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
                facts);
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

            // Whether the resource policy's grant suffices without the identity side (same account only).
            bool standsAlone = facts.ResourceAllowMatch switch
            {
                PrincipalMatch.Everyone => true,
                PrincipalMatch.User => true,
                PrincipalMatch.Session => true,
                PrincipalMatch.Service => true,

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

        /// <summary>A policy set's verdict: whether any Allow and any Deny statement applied, and how the best Allow named the caller.</summary>
        internal struct Outcome
        {
            public bool Allow;
            public bool Deny;
            public PrincipalMatch BestAllowMatch;
        }

        /// <summary>Per-evaluation scratch state: the matched statements, the missing keys, lazily derived time keys.</summary>
        internal sealed class EvaluationState : IPolicyVariableSource
        {
            private readonly PreparedRequest request;
            private ContextValue? currentTime;
            private ContextValue? epochTime;

            public EvaluationState(PreparedRequest request, EvaluationOptions options)
            {
                this.request = request;
                Options = options;
            }

            public EvaluationOptions Options { get; }

            public List<MatchedStatement>? Matched { get; private set; }

            public List<string>? Missing { get; private set; }

            public void EvaluatePolicy(PolicyDocument policy, PolicyType type, int level, int index, bool principalSemantics, ref Outcome outcome)
            {
                PolicyStatement[] statements = policy.StatementArray;
                string actionUpper = request.ActionUpper;
                int serviceLength = request.ServiceLength;
                string resource = request.Resource;
                for (int s = 0; s < statements.Length; s++)
                {
                    PolicyStatement statement = statements[s];
                    if (!statement.MatchesAction(actionUpper, serviceLength) || !statement.MatchesResource(resource, this))
                    {
                        continue;
                    }

                    PrincipalMatch principalMatch = PrincipalMatch.Everyone;
                    if (principalSemantics)
                    {
                        principalMatch = MatchPrincipal(statement);
                        if (principalMatch == PrincipalMatch.None)
                        {
                            continue;
                        }
                    }

                    if (statement.ConditionArray.Length > 0 && !ConditionsHold(statement.ConditionArray))
                    {
                        continue;
                    }

                    (Matched ??= new List<MatchedStatement>(4)).Add(
                        new MatchedStatement(type, policy.Name ?? PolicyLabels.For(type, level, index), statement.Index, statement.Sid, statement.Effect));
                    if (statement.Effect == PolicyEffect.Deny)
                    {
                        outcome.Deny = true;
                    }
                    else
                    {
                        outcome.Allow = true;
                        if (principalMatch > outcome.BestAllowMatch)
                        {
                            outcome.BestAllowMatch = principalMatch;
                        }
                    }
                }
            }

            public bool TryGetVariable(string key, out string value)
            {
                ContextValue? found = Lookup(key);
                if (found is not null && found.Values.Length == 1)
                {
                    value = found.Values[0];
                    return true;
                }

                value = string.Empty;
                return false;
            }

            public void ReportMissing(string key)
            {
                List<string> missing = Missing ??= new List<string>(2);
                foreach (string existing in missing)
                {
                    if (string.Equals(existing, key, StringComparison.OrdinalIgnoreCase))
                    {
                        return;
                    }
                }

                missing.Add(key);
            }

            private PrincipalMatch MatchPrincipal(PolicyStatement statement)
            {
                PolicyPrincipal? principal = statement.Principal;
                if (principal is null)
                {
                    return PrincipalMatch.None; // Resource-side policies must name a principal.
                }

                if (!statement.IsNotPrincipal)
                {
                    return principal.Match(request.Principal);
                }

                // AWS: a Deny with NotPrincipal always applies to IAM principals that have a permissions boundary.
                if (statement.Effect == PolicyEffect.Deny && request.Request.PermissionsBoundary is not null && request.IsAccountPrincipal)
                {
                    return PrincipalMatch.Everyone;
                }

                return principal.Excludes(request.Principal) ? PrincipalMatch.None : PrincipalMatch.Everyone;
            }

            private bool ConditionsHold(PolicyCondition[] conditions)
            {
                bool holds = true;
                for (int i = 0; i < conditions.Length; i++)
                {
                    PolicyCondition condition = conditions[i];
                    if (holds)
                    {
                        holds = ConditionHolds(condition);
                    }
                    else if (Lookup(condition.Key) is null)
                    {
                        // Already false; still note keys the statement would need, for MissingContextKeys.
                        ReportMissing(condition.Key);
                    }
                }

                return holds;
            }

            private bool ConditionHolds(PolicyCondition condition)
            {
                ContextValue? value = Lookup(condition.Key);
                if (value is null)
                {
                    ReportMissing(condition.Key);
                }

                if (condition.Kind == ConditionOperatorKind.Null)
                {
                    bool absent = value is null || value.Values.Length == 0;
                    foreach (string expected in condition.Values)
                    {
                        bool wantsAbsent = expected.Equals("true", StringComparison.OrdinalIgnoreCase);
                        if (wantsAbsent == absent)
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (value is null || value.Values.Length == 0)
                {
                    if (condition.IfExists)
                    {
                        return true;
                    }

                    return condition.SetOperator switch
                    {
                        ConditionSetOperator.ForAllValues => true,
                        ConditionSetOperator.ForAnyValue => false,
                        _ => condition.IsNegated,
                    };
                }

                string[] values = value.Values;
                bool negated = condition.IsNegated;
                switch (condition.SetOperator)
                {
                    case ConditionSetOperator.ForAllValues:
                        for (int i = 0; i < values.Length; i++)
                        {
                            if (AnyPolicyValueMatches(condition, value, i) == negated)
                            {
                                return false;
                            }
                        }

                        return true;
                    case ConditionSetOperator.ForAnyValue:
                        for (int i = 0; i < values.Length; i++)
                        {
                            if (AnyPolicyValueMatches(condition, value, i) != negated)
                            {
                                return true;
                            }
                        }

                        return false;
                    default:
                        // A positive operator needs one matching request value; a negated one needs none.
                        for (int i = 0; i < values.Length; i++)
                        {
                            if (AnyPolicyValueMatches(condition, value, i))
                            {
                                return !negated;
                            }
                        }

                        return negated;
                }
            }

            /// <summary>The positive form of the operator: does request value <paramref name="index"/> match any policy value?</summary>
            private bool AnyPolicyValueMatches(PolicyCondition condition, ContextValue value, int index)
            {
                string text = value.Values[index];
                switch (condition.Kind)
                {
                    case ConditionOperatorKind.StringEquals:
                    case ConditionOperatorKind.StringNotEquals:
                        foreach (PolicyPattern pattern in condition.Patterns!)
                        {
                            if (pattern.EqualsText(text, ignoreCase: false, this))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.StringEqualsIgnoreCase:
                    case ConditionOperatorKind.StringNotEqualsIgnoreCase:
                        foreach (PolicyPattern pattern in condition.Patterns!)
                        {
                            if (pattern.EqualsText(text, ignoreCase: true, this))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.StringLike:
                    case ConditionOperatorKind.StringNotLike:
                        foreach (PolicyPattern pattern in condition.Patterns!)
                        {
                            if (pattern.MatchGlob(text, ignoreCase: false, this))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.ArnEquals:
                    case ConditionOperatorKind.ArnLike:
                    case ConditionOperatorKind.ArnNotEquals:
                    case ConditionOperatorKind.ArnNotLike:
                        if (!text.StartsWith("arn:", StringComparison.Ordinal))
                        {
                            return false;
                        }

                        foreach (PolicyPattern pattern in condition.Patterns!)
                        {
                            if (pattern.MatchArn(text, this))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.Bool:
                    case ConditionOperatorKind.BinaryEquals:
                        StringComparison comparison = condition.Kind == ConditionOperatorKind.Bool ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                        foreach (string expected in condition.Values)
                        {
                            if (string.Equals(expected, text, comparison))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.IpAddress:
                    case ConditionOperatorKind.NotIpAddress:
                        byte[]? address = value.Address(index);
                        if (address is null)
                        {
                            return false;
                        }

                        foreach (IpNetwork network in condition.Networks!)
                        {
                            if (network.Contains(address))
                            {
                                return true;
                            }
                        }

                        return false;
                    case ConditionOperatorKind.NumericEquals:
                    case ConditionOperatorKind.NumericNotEquals:
                    case ConditionOperatorKind.NumericLessThan:
                    case ConditionOperatorKind.NumericLessThanEquals:
                    case ConditionOperatorKind.NumericGreaterThan:
                    case ConditionOperatorKind.NumericGreaterThanEquals:
                        double number = value.Number(index);
                        if (double.IsNaN(number))
                        {
                            return false;
                        }

                        foreach (double expected in condition.Numbers!)
                        {
                            if (Compare(condition.Kind, number.CompareTo(expected)))
                            {
                                return true;
                            }
                        }

                        return false;
                    default:
                        DateTimeOffset? date = value.Date(index);
                        if (date is null)
                        {
                            return false;
                        }

                        foreach (DateTimeOffset expected in condition.Dates!)
                        {
                            if (Compare(condition.Kind, date.Value.CompareTo(expected)))
                            {
                                return true;
                            }
                        }

                        return false;
                }
            }

            private static bool Compare(ConditionOperatorKind kind, int order) => kind switch
            {
                ConditionOperatorKind.NumericEquals or ConditionOperatorKind.NumericNotEquals => order == 0,
                ConditionOperatorKind.DateEquals or ConditionOperatorKind.DateNotEquals => order == 0,
                ConditionOperatorKind.NumericLessThan or ConditionOperatorKind.DateLessThan => order < 0,
                ConditionOperatorKind.NumericLessThanEquals or ConditionOperatorKind.DateLessThanEquals => order <= 0,
                ConditionOperatorKind.NumericGreaterThan or ConditionOperatorKind.DateGreaterThan => order > 0,
                _ => order >= 0,
            };

            private ContextValue? Lookup(string key)
            {
                if (request.Context.Count > 0 && request.Context.TryGetValue(key, out ContextValue? value))
                {
                    return value;
                }

                ContextValue? derived = request.Derived(key);
                if (derived is not null)
                {
                    return ReferenceEquals(derived, ContextValue.Absent) ? null : derived;
                }

                // AWS always knows the time of a request; derive it only when a condition asks.
                if (string.Equals(key, "aws:CurrentTime", StringComparison.OrdinalIgnoreCase))
                {
                    return currentTime ??= new ContextValue(new[] { Now().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) });
                }

                if (string.Equals(key, "aws:EpochTime", StringComparison.OrdinalIgnoreCase))
                {
                    return epochTime ??= new ContextValue(new[] { Now().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) });
                }

                return null;
            }

            private DateTimeOffset Now() => Options.Clock?.Invoke() ?? DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Labels for unnamed policies, naming where they sat in the request; small indexes are cached.</summary>
    internal static class PolicyLabels
    {
        private const int Cached = 8;
        private static readonly string[] Identity = Build("IdentityPolicies", -1);
        private static readonly string[][] Scp = BuildLevels("ServiceControlPolicies");
        private static readonly string[][] Rcp = BuildLevels("ResourceControlPolicies");

        public static string For(PolicyType type, int level, int index) => type switch
        {
            PolicyType.IdentityBased => index < Cached ? Identity[index] : "IdentityPolicies[" + index + "]",
            PolicyType.ServiceControl => Nested(Scp, "ServiceControlPolicies", level, index),
            PolicyType.ResourceControl => Nested(Rcp, "ResourceControlPolicies", level, index),
            PolicyType.PermissionsBoundary => "PermissionsBoundary",
            PolicyType.Session => "SessionPolicy",
            PolicyType.ResourceBased => "ResourcePolicy",
            _ => "VpcEndpointPolicy",
        };

        private static string Nested(string[][] cache, string name, int level, int index) =>
            level < Cached && index < Cached ? cache[level][index] : name + "[" + level + "][" + index + "]";

        private static string[][] BuildLevels(string name)
        {
            var levels = new string[Cached][];
            for (int level = 0; level < Cached; level++)
            {
                levels[level] = Build(name, level);
            }

            return levels;
        }

        private static string[] Build(string name, int level)
        {
            var labels = new string[Cached];
            for (int i = 0; i < Cached; i++)
            {
                labels[i] = level < 0
                    ? name + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"
                    : name + "[" + level.ToString(CultureInfo.InvariantCulture) + "][" + i.ToString(CultureInfo.InvariantCulture) + "]";
            }

            return labels;
        }
    }
}
