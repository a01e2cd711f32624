using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Per-evaluation scratch state: finds the statements of a policy that apply to the request (action,
    /// resource, principal, conditions) and records them; conditions and variables are the
    /// <see cref="ConditionEvaluator"/>'s.
    /// </summary>
    internal sealed class StatementMatcher
    {
        private readonly PreparedRequest request;
        private readonly ConditionEvaluator conditions;

        public StatementMatcher(PreparedRequest request, EvaluationOptions options)
        {
            this.request = request;
            Options = options;
            conditions = new ConditionEvaluator(request, options);
        }

        public EvaluationOptions Options { get; }

        public List<MatchedStatement>? Matched { get; private set; }

        /// <summary>Context keys that conditions or variables read and the request lacked.</summary>
        public List<string>? Missing => conditions.Missing;

        public ConditionEvaluator Conditions => conditions;

        /// <summary>
        /// The Resource patterns of Allow statements in <paramref name="policies"/> whose action and conditions match
        /// but whose resources do not include "*": where the principal can perform the action. Distinct, in policy order.
        /// </summary>
        public string[] AllowedResourcePatterns(IReadOnlyList<PolicyDocument> policies)
        {
            List<string>? patterns = null;
            for (int p = 0; p < policies.Count; p++)
            {
                foreach (PolicyStatement statement in policies[p].StatementArray)
                {
                    if (statement.Effect != PolicyEffect.Allow || statement.IsNotResource || statement.Resources is null ||
                        !statement.MatchesAction(request.ActionUpper, request.ServiceLength) ||
                        (statement.ConditionArray.Length > 0 && !conditions.AllHold(statement.ConditionArray)))
                    {
                        continue;
                    }

                    foreach (string resource in statement.Resources)
                    {
                        patterns ??= new List<string>(2);
                        if (!patterns.Contains(resource))
                        {
                            patterns.Add(resource);
                        }
                    }
                }
            }

            return patterns is null ? System.Array.Empty<string>() : patterns.ToArray();
        }

        public void EvaluatePolicy(PolicyDocument policy, PolicyType type, int level, int index, bool principalSemantics, ref PolicyOutcome outcome)
        {
            PolicyStatement[] statements = policy.StatementArray;
            string actionUpper = request.ActionUpper;
            int serviceLength = request.ServiceLength;
            string resource = request.Resource;
            for (int s = 0; s < statements.Length; s++)
            {
                PolicyStatement statement = statements[s];
                if (!statement.MatchesAction(actionUpper, serviceLength) || !statement.MatchesResource(resource, conditions))
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

                if (statement.ConditionArray.Length > 0 && !conditions.AllHold(statement.ConditionArray))
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
                    outcome.AddAllow(principalMatch);
                }
            }
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
    }
}
