using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>Writes the readable account of a decision; runs only when Explanation is read.</summary>
    internal static class ExplanationBuilder
    {
        [System.ThreadStatic]
        private static StringBuilder? cachedBuilder;

        [System.ThreadStatic]
        private static char[]? cachedChars;

        public static string Build(EvaluationResult result, EvaluationFacts facts)
        {
            // One builder per thread, reused: explanations are written for every result of a batch.
            StringBuilder text = cachedBuilder ?? new StringBuilder(1024);
            cachedBuilder = null;
            text.Clear();
            Append(text, result, facts);
            string built = text.ToString();
            Release(text);
            return built;
        }

        /// <summary>Writes the explanation as a JSON string property without making it a string (a batch writes one a line).</summary>
        public static void Write(Utf8JsonWriter writer, JsonEncodedText name, EvaluationResult result, EvaluationFacts facts)
        {
            StringBuilder text = cachedBuilder ?? new StringBuilder(1024);
            cachedBuilder = null;
            text.Clear();
            Append(text, result, facts);
            char[] chars = cachedChars is not null && cachedChars.Length >= text.Length ? cachedChars : new char[System.Math.Max(text.Length, 1024)];
            text.CopyTo(0, chars, 0, text.Length);
            writer.WriteString(name, chars.AsSpan(0, text.Length));
            if (chars.Length <= 8192)
            {
                cachedChars = chars;
            }

            Release(text);
        }

        private static void Release(StringBuilder text)
        {
            if (text.Capacity <= 8192)
            {
                cachedBuilder = text;
            }
        }

        private static void Append(StringBuilder text, EvaluationResult result, EvaluationFacts facts)
        {
            PreparedRequest request = facts.Request;
            text.Append(result.Principal).Append(' ');
            text.Append(result.Decision switch
            {
                PolicyDecision.Allowed => "is allowed to perform ",
                PolicyDecision.ExplicitDeny => "is explicitly denied ",
                _ => "is implicitly denied ",
            });
            text.Append(result.Action).Append(" on ").Append(result.Resource).Append('.');

            if (result.Decision == PolicyDecision.ExplicitDeny)
            {
                text.Append(" Denied by ");
                AppendStatements(text, result.MatchedStatements, PolicyEffect.Deny, null, request);
                text.Append(". An explicit deny in any policy overrides every allow.");
                if (facts.AwsRule is AwsRule.AwsOwnedResource or AwsRule.RootCannotAssumeRole)
                {
                    text.Append(" Even without it, AWS would refuse the request: ").Append(DescribeAwsRule(facts));
                }
            }
            else if (result.Decision == PolicyDecision.ImplicitDeny)
            {
                for (int i = 0; i < result.DeniedBy.Count; i++)
                {
                    text.Append(' ').Append(DescribeBlocker(result.DeniedBy[i], facts));
                }
            }
            else if (facts.AwsRule == AwsRule.CallerIdentityAlwaysAllowed)
            {
                text.Append(" AWS rule: sts:GetCallerIdentity needs no permission; AWS answers it for every authenticated caller, and an explicit deny does not stop it.");
                if (HasStatement(result.MatchedStatements, PolicyEffect.Deny, null))
                {
                    text.Append(" The Deny statements that match it have no effect.");
                }
            }
            else
            {
                if (HasStatement(result.MatchedStatements, PolicyEffect.Allow, result.AllowedBy))
                {
                    text.Append(" Allowed by ");
                    AppendStatements(text, result.MatchedStatements, PolicyEffect.Allow, result.AllowedBy, request);
                    text.Append('.');
                }

                if (facts.RootUserGrant && !request.IsCrossAccount)
                {
                    text.Append(" The account's root user has full access within its own account.");
                }

                if (request.IsCrossAccount)
                {
                    text.Append(" The request crosses accounts (principal in ").Append(request.PrincipalAccount)
                        .Append(", resource in ").Append(request.ResourceAccount)
                        .Append("), so both the identity side and the resource-based policy had to allow it, and they do.");
                }
                else if (facts.ResourceGrantStandsAlone && !facts.IdentityGrant)
                {
                    text.Append(" Within one account a resource-based policy that names the principal (or everyone) is enough on its own.");
                }

                if (facts.Scp == OrganizationPolicyStatus.Applied)
                {
                    text.Append(" Every service control policy level (").Append(facts.ScpLevels).Append(") allows it.");
                }
            }

            if (result.AllowedOnResources.Count > 0)
            {
                text.Append(" No statement allows it on every resource (\"*\"), but identity-based policies allow it on specific resources: ")
                    .Append(string.Join(", ", result.AllowedOnResources))
                    .Append(". Ask again naming one of them for the answer on that resource.");
            }

            AppendSkipped(text, "Service control policies", facts.Scp);
            AppendSkipped(text, "Resource control policies", facts.Rcp);

            if (facts.UnresolvedVariables is not null)
            {
                text.Append(" Policy variables without a value (").Append(string.Join(", ", facts.UnresolvedVariables))
                    .Append(") make the condition or resource entry that holds them match in neither polarity, so statements relying on them did not apply;")
                    .Append(" a default such as ${key, 'value'} stands in for an absent key.");
            }

            if (facts.NotArnKeys is not null)
            {
                text.Append(" The value of ").Append(string.Join(", ", facts.NotArnKeys))
                    .Append(" is not an ARN, so ARN operators never match it (ArnEquals and ArnLike fail, ArnNotEquals and ArnNotLike hold).");
            }

            if (result.MissingContextKeys.Count > 0)
            {
                text.Append(" Conditions read context keys the request did not supply (")
                    .Append(string.Join(", ", result.MissingContextKeys))
                    .Append("); they were treated as absent, so supply them under Context for an exact answer.");
            }

        }

        private static string DescribeBlocker(PolicyType blocker, EvaluationFacts facts)
        {
            PreparedRequest request = facts.Request;
            switch (blocker)
            {
                case PolicyType.ServiceControl:
                    int level = facts.FailingScpLevel;
                    string where = level == 0 ? "the organization root" : level == facts.ScpLevels - 1 ? "the account" : "organizational unit level " + level;
                    return "No service control policy attached at " + where + " (level " + level + " of " + facts.ScpLevels +
                        ") allows the action; every level from the root to the account must allow it.";
                case PolicyType.AwsOwnedResource:
                case PolicyType.RootUserRestriction:
                    return DescribeAwsRule(facts);
                case PolicyType.VpcEndpoint:
                    return "The VPC endpoint policy does not allow the request, and a request through an endpoint needs its allow.";
                case PolicyType.PermissionsBoundary:
                    return "The permissions boundary does not allow the action, so it caps what identity-based policies" +
                        (facts.ResourceAllowMatch == PrincipalMatch.Role ? " and a resource-based policy naming the role" : string.Empty) + " can grant.";
                case PolicyType.Session:
                    return "The session policy does not allow the action, so it caps what the session can do" +
                        (facts.ResourceAllowMatch == PrincipalMatch.Role ? ", including grants that name the role rather than the session." : ".");
                case PolicyType.IdentityBased:
                    if (request.IsCrossAccount)
                    {
                        return "The request crosses accounts (principal in " + request.PrincipalAccount + ", resource in " + request.ResourceAccount +
                            "), so an identity-based policy in the principal's account must allow it, and none does.";
                    }

                    if (facts.ResourceAllows && facts.ResourceAllowMatch == PrincipalMatch.Account)
                    {
                        return "The resource-based policy allows the principal's account, which only delegates to the account's identity-based policies, and none of them allows the action.";
                    }

                    return "No identity-based policy allows the action" +
                        (request.Request.ResourcePolicy is null ? "." : ", and the resource-based policy does not grant it to this principal.");
                default:
                    return DescribeResourceBlocker(facts);
            }
        }

        private static string DescribeAwsRule(EvaluationFacts facts) => facts.AwsRule == AwsRule.RootCannotAssumeRole
            ? "AWS rule: the account's root user cannot call sts:AssumeRole, whatever the policies say; assume the role with an IAM user's or role's credentials. No grant can fix this."
            : "AWS rule: AWS-owned resource. " + facts.AwsRuleReason + " No grant can fix this.";

        private static string DescribeResourceBlocker(EvaluationFacts facts)
        {
            PreparedRequest request = facts.Request;
            bool supplied = request.Request.ResourcePolicy is not null;
            string state = supplied ? "it does not" : "none was supplied";
            if (request.Principal.Type == PrincipalType.Anonymous)
            {
                return "An anonymous request has no identity side: only a resource-based policy whose Principal is \"*\" can allow it, and " + state + ".";
            }

            if (request.Principal.Type == PrincipalType.Service)
            {
                return "A service principal has no identity-based policies: the resource-based policy must name it, and " + state + ".";
            }

            if (request.IsCrossAccount)
            {
                return "The request crosses accounts (principal in " + request.PrincipalAccount + ", resource in " + request.ResourceAccount +
                    "), so the resource-based policy must also allow the principal or its account, and " + state + ".";
            }

            if (request.Requirement == RequiredResourcePolicy.RoleTrustPolicy)
            {
                return "Assuming a role needs the role's trust policy to allow the caller, whatever identity-based policies say, and " + state + ".";
            }

            if (request.Requirement == RequiredResourcePolicy.KeyPolicy)
            {
                return "A KMS key is usable only when its key policy allows the caller (directly or by delegating to the account), and " + state + ".";
            }

            return "The resource-based policy does not grant the action to this principal.";
        }

        private static void AppendSkipped(StringBuilder text, string what, OrganizationPolicyStatus status)
        {
            switch (status)
            {
                case OrganizationPolicyStatus.SkippedManagementAccount:
                    text.Append(' ').Append(what).Append(" were not applied: they do not restrict the organization's management account.");
                    break;
                case OrganizationPolicyStatus.SkippedServiceLinkedRole:
                    text.Append(' ').Append(what).Append(" were not applied: they do not restrict service-linked roles.");
                    break;
                case OrganizationPolicyStatus.SkippedNoAccountPrincipal:
                    text.Append(' ').Append(what).Append(" were not applied: they restrict only users and roles of member accounts.");
                    break;
            }
        }

        private static bool HasStatement(IReadOnlyList<MatchedStatement> statements, PolicyEffect effect, IReadOnlyList<PolicyType>? types)
        {
            for (int i = 0; i < statements.Count; i++)
            {
                MatchedStatement statement = statements[i];
                if (statement.Effect == effect && (types is null || Contains(types, statement.PolicyType)))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AppendStatements(StringBuilder text, IReadOnlyList<MatchedStatement> statements, PolicyEffect effect, IReadOnlyList<PolicyType>? types, PreparedRequest request)
        {
            bool first = true;
            for (int i = 0; i < statements.Count; i++)
            {
                MatchedStatement statement = statements[i];
                if (statement.Effect != effect || (types is not null && !Contains(types, statement.PolicyType)))
                {
                    continue;
                }

                if (!first)
                {
                    text.Append("; ");
                }

                first = false;
                text.Append(TypeName(statement.PolicyType, request)).Append(' ').Append(statement.Policy)
                    .Append(" statement ").Append(statement.StatementIndex);
                if (!string.IsNullOrEmpty(statement.Sid))
                {
                    text.Append(" (Sid '").Append(statement.Sid).Append("')");
                }
            }
        }

        private static bool Contains(IReadOnlyList<PolicyType> types, PolicyType type)
        {
            for (int i = 0; i < types.Count; i++)
            {
                if (types[i] == type)
                {
                    return true;
                }
            }

            return false;
        }

        private static string TypeName(PolicyType type, PreparedRequest request) => type switch
        {
            PolicyType.IdentityBased => "identity-based policy",
            PolicyType.ResourceBased => request.Requirement switch
            {
                RequiredResourcePolicy.RoleTrustPolicy => "role trust policy",
                RequiredResourcePolicy.KeyPolicy => "key policy",
                _ => "resource-based policy",
            },
            PolicyType.ServiceControl => "service control policy",
            PolicyType.ResourceControl => "resource control policy",
            PolicyType.PermissionsBoundary => "permissions boundary",
            PolicyType.Session => "session policy",
            PolicyType.AwsOwnedResource => "AWS-owned resource",
            PolicyType.RootUserRestriction => "root user restriction",
            _ => "VPC endpoint policy",
        };
    }
}
