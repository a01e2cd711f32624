using System;
using System.Collections.Generic;
using System.Text.Json;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>AWS's three outcomes.</summary>
    public enum PolicyDecision
    {
        Allowed,
        ExplicitDeny,
        ImplicitDeny,
    }

    /// <summary>A statement that applied to the request (action, resource, principal and conditions all matched).</summary>
    public sealed class MatchedStatement
    {
        public MatchedStatement(PolicyType policyType, string policy, int statementIndex, string? sid, PolicyEffect effect)
        {
            PolicyType = policyType;
            Policy = policy;
            StatementIndex = statementIndex;
            Sid = sid;
            Effect = effect;
        }

        public PolicyType PolicyType { get; }

        /// <summary>The policy's name when it has one, otherwise where it sat in the request: IdentityPolicies[1], ServiceControlPolicies[0][2], ResourcePolicy.</summary>
        public string Policy { get; }

        /// <summary>Zero-based position of the statement in the policy's Statement list.</summary>
        public int StatementIndex { get; }

        public string? Sid { get; }

        public PolicyEffect Effect { get; }
    }

    /// <summary>The engine's answer with its reasons. Property names are a contract shared by the cmdlet and the CLI's JSON.</summary>
    public sealed class EvaluationResult
    {
        private readonly EvaluationFacts facts;
        private string? explanation;

        internal EvaluationResult(
            string action,
            string resource,
            string principal,
            PolicyDecision decision,
            IReadOnlyList<PolicyType> deniedBy,
            IReadOnlyList<PolicyType> allowedBy,
            IReadOnlyList<MatchedStatement> matchedStatements,
            IReadOnlyList<string> missingContextKeys,
            IReadOnlyList<string> warnings,
            IReadOnlyList<string> allowedOnResources,
            EvaluationFacts facts)
        {
            AllowedOnResources = allowedOnResources;
            Action = action;
            Resource = resource;
            Principal = principal;
            Decision = decision;
            DeniedBy = deniedBy;
            AllowedBy = allowedBy;
            MatchedStatements = matchedStatements;
            MissingContextKeys = missingContextKeys;
            Warnings = warnings;
            this.facts = facts;
        }

        public string Action { get; }

        public string Resource { get; }

        public string Principal { get; }

        public PolicyDecision Decision { get; }

        /// <summary>For an explicit deny, the types holding a matching Deny; for an implicit deny, the types whose missing Allow decided it.</summary>
        public IReadOnlyList<PolicyType> DeniedBy { get; }

        /// <summary>For an allowed request, the types whose Allow statements were needed and found.</summary>
        public IReadOnlyList<PolicyType> AllowedBy { get; }

        public IReadOnlyList<MatchedStatement> MatchedStatements { get; }

        /// <summary>Context keys that conditions or policy variables read and the request did not supply.</summary>
        public IReadOnlyList<string> MissingContextKeys { get; }

        /// <summary>Things worth knowing that did not stop the evaluation, such as an unknown action or policies that cannot apply.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>
        /// True for an implicit deny, which an Allow in the policy types DeniedBy names can fix; false when
        /// allowed, explicitly denied, or refused by a rule of AWS's that no policy changes (AwsOwnedResource,
        /// RootUserRestriction).
        /// </summary>
        internal bool GrantCanFix => Decision == PolicyDecision.ImplicitDeny && facts.AwsRule == AwsRule.None;

        /// <summary>
        /// For an implicit deny of a request on every resource ("*", the default): the resource patterns that
        /// identity-based Allow statements grant the action on. AWS's answer for "*" stays ImplicitDeny (a statement
        /// for specific resources does not match "*"), but the principal can perform the action on these. Empty otherwise.
        /// </summary>
        public IReadOnlyList<string> AllowedOnResources { get; }

        /// <summary>A readable account of how the decision was reached, naming the deciding statements.</summary>
        public string Explanation => explanation ??= ExplanationBuilder.Build(this, facts);

        /// <summary>Writes Explanation as a JSON property; unless it was already read, without making it a string.</summary>
        internal void WriteExplanation(Utf8JsonWriter writer, JsonEncodedText name)
        {
            if (explanation is not null)
            {
                writer.WriteString(name, explanation);
            }
            else
            {
                ExplanationBuilder.Write(writer, name, this, facts);
            }
        }
    }

    /// <summary>Whether an organization policy type took part, and if not, why.</summary>
    internal enum OrganizationPolicyStatus
    {
        NotSupplied,
        Applied,
        SkippedManagementAccount,
        SkippedServiceLinkedRole,
        SkippedNoAccountPrincipal,
    }

    /// <summary>What the evaluator learned on the way, kept so the explanation can be written only when asked for.</summary>
    internal sealed class EvaluationFacts
    {
        public PreparedRequest Request = null!;
        public OrganizationPolicyStatus Scp;
        public int ScpLevels;
        public int FailingScpLevel = -1;
        public OrganizationPolicyStatus Rcp;
        public bool IdentityAllows;
        public bool IdentityGrant;
        public bool RootUserGrant;
        public bool ResourceAllows;
        public bool ResourceGrantStandsAlone;
        public PolicyOutcome ResourceOutcome;

        /// <summary>How the resource policy's deciding Allow named the caller (see PolicyEvaluator.DecidingMatch).</summary>
        public PrincipalMatch ResourceAllowMatch;
        public bool BoundaryAllows;
        public bool SessionAllows;
        public bool VpcEndpointAllows;
        public AwsRule AwsRule;
        public List<string>? UnresolvedVariables;
        public List<string>? NotArnKeys;
        public string? AwsRuleReason;
    }
}
