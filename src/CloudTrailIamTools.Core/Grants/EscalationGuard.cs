using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// Refuses any policy a grant would write (or attach) that opens a known IAM privilege-escalation path. Each
    /// row of <see cref="Checklist"/> is asked of our own policy engine, so wildcards (iam:*, iam:Put*, *), resource
    /// patterns and conditions count exactly as AWS would count them. Probes cover a resource no one named, the
    /// grantee itself and a concrete instance of every resource pattern in the policy, so a name prefix such as
    /// role/CloudTrail_* does not hide a role the grantee may create and name.
    /// </summary>
    public static class EscalationGuard
    {
        /// <summary>The name used for probe resources: a user, role, group or policy nobody named.</summary>
        internal const string ProbeName = "cloudtrailiamtools-guard-probe";

        private const string Rhino = "Rhino Security Labs, AWS IAM privilege escalation methods";
        private const string PMapper = "PMapper (NCC Group), IAM edge checks";

        private static readonly string[] ComputeServices =
        {
            "lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "glue.amazonaws.com", "cloudformation.amazonaws.com",
            "sagemaker.amazonaws.com", "codebuild.amazonaws.com", "datapipeline.amazonaws.com", "elasticmapreduce.amazonaws.com",
            "states.amazonaws.com", "batch.amazonaws.com", "cloudtrailiamtools-probe.amazonaws.com",
        };

        private static readonly string?[] NoService = { null };

        private static readonly ConcurrentDictionary<string, IReadOnlyList<string?>> PassRoleServices = new ConcurrentDictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);

        private static readonly ConcurrentDictionary<string, PolicyDocument> AccountTrusts = new ConcurrentDictionary<string, PolicyDocument>(StringComparer.Ordinal);

        private static readonly ConcurrentDictionary<string, bool> ManagedPolicyVerdicts = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>The checklist: one row per known privilege-escalation primitive.</summary>
        public static IReadOnlyList<EscalationPrimitive> Checklist { get; } = new[]
        {
            new EscalationPrimitive("PolicyVersion", "a new default version of a managed policy the grantee holds can say Allow * on *",
                new[] { "iam:CreatePolicyVersion" }, Rhino + " #1"),
            new EscalationPrimitive("DefaultPolicyVersion", "an older, broader version of a managed policy can be made the default",
                new[] { "iam:SetDefaultPolicyVersion" }, Rhino + " #2"),
            new EscalationPrimitive("UserPolicyWrite", "a policy written to or attached to a user (the grantee itself included) can allow anything",
                new[] { "iam:PutUserPolicy", "iam:AttachUserPolicy" }, Rhino + " #7, #10"),
            new EscalationPrimitive("GroupPolicyWrite", "a policy written to or attached to a group the grantee is in can allow anything",
                new[] { "iam:PutGroupPolicy", "iam:AttachGroupPolicy" }, Rhino + " #8, #11"),
            new EscalationPrimitive("RolePolicyWrite", "a policy written to or attached to a role the grantee can use can allow anything",
                new[] { "iam:PutRolePolicy", "iam:AttachRolePolicy" }, Rhino + " #9, #12"),
            new EscalationPrimitive("PolicyRemoval", "removing a policy removes the Deny statements it holds",
                new[] { "iam:DeleteUserPolicy", "iam:DetachUserPolicy", "iam:DeleteGroupPolicy", "iam:DetachGroupPolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy" }, PMapper),
            new EscalationPrimitive("PermissionsBoundaryChange", "removing or replacing a permissions boundary lifts the cap on a user or role",
                new[] { "iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:PutUserPermissionsBoundary", "iam:PutRolePermissionsBoundary" }, PMapper),
            new EscalationPrimitive("CredentialsForOthers", "new access keys, console passwords or service credentials for another user let the grantee act as that user",
                new[] { "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UploadSSHPublicKey" },
                Rhino + " #4, #5, #6; " + PMapper, EscalationProbeScope.OthersOnly),
            new EscalationPrimitive("GroupMembership", "adding a user (the grantee itself) to a more powerful group gives it that group's policies",
                new[] { "iam:AddUserToGroup" }, Rhino + " #13"),
            new EscalationPrimitive("TrustPolicyEdit", "editing a role's trust policy lets the grantee assume that role",
                new[] { "iam:UpdateAssumeRolePolicy" }, Rhino + " #14"),
            new EscalationPrimitive("RoleCreationWithPolicyWrite", "a new role trusting the grantee, given a policy, is a role of any power the grantee can assume",
                new[] { "iam:CreateRole" }, Rhino + " #9, #12 with iam:CreateRole; " + PMapper, requiresAlso: new[] { "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary" }),
            new EscalationPrimitive("PassRoleToCompute", "iam:PassRole without an iam:PassedToService condition naming CloudTrail hands a role to code the grantee runs",
                new[] { "iam:PassRole" }, Rhino + " #3, #15-#17, #19, #20; " + PMapper, passedToServices: ComputeServices),
            new EscalationPrimitive("ComputeWithPassedRole", "compute started with a passed role runs the grantee's code with that role's permissions",
                new[] { "ec2:RunInstances", "lambda:CreateFunction", "glue:CreateDevEndpoint", "glue:CreateJob", "cloudformation:CreateStack", "datapipeline:CreatePipeline", "sagemaker:CreateNotebookInstance", "ecs:RunTask", "codebuild:CreateProject" },
                Rhino + " #3, #15-#17, #19, #20", requiresAlso: new[] { "iam:PassRole" }, passedToServices: ComputeServices),
            new EscalationPrimitive("ComputeWithExistingRole", "changing or commanding compute that already runs with a role runs the grantee's code with that role's permissions",
                new[] { "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "glue:UpdateDevEndpoint", "ssm:SendCommand", "ssm:StartSession", "cloudformation:UpdateStack", "ec2-instance-connect:SendSSHPublicKey" },
                Rhino + " #18, #21; " + PMapper),
            new EscalationPrimitive("AssumeRoleWildcard", "sts:AssumeRole on a role pattern reaches every matching role, including more powerful ones",
                new[] { "sts:AssumeRole" }, PMapper, EscalationProbeScope.WildcardsOnly),
        };

        /// <summary>Every way up the policy opens for the principal (user or role ARN in the target account); empty when none.</summary>
        public static IReadOnlyList<EscalationFinding> Find(string policyDocument, string principalArn)
        {
            if (policyDocument is null)
            {
                throw new ArgumentNullException(nameof(policyDocument));
            }

            PolicyDocument policy = PolicyDocument.Parse(policyDocument, "planned grant");
            return Find(policy, principalArn);
        }

        /// <summary>Throws <see cref="GrantRefusedException"/> (PrivilegeEscalation) naming every path the policy would open.</summary>
        public static void Ensure(string policyDocument, string principalArn, string who)
        {
            IReadOnlyList<EscalationFinding> findings = Find(policyDocument, principalArn);
            if (findings.Count == 0)
            {
                return;
            }

            var text = new StringBuilder("Not granting: the policy would let ").Append(who).Append(" raise its own privileges. ");
            foreach (var byRow in findings.GroupBy(f => f.Primitive))
            {
                EscalationFinding first = byRow.First();
                text.Append(byRow.Key.Name).Append(": ").Append(string.Join(", ", byRow.Select(f => f.Action).Distinct(StringComparer.OrdinalIgnoreCase)))
                    .Append(" on ").Append(first.Resource).Append(first.PassedToService is null ? string.Empty : " passed to " + first.PassedToService)
                    .Append(" (").Append(byRow.Key.Path).Append("). ");
            }

            text.Append("This tool never grants these; see about_CloudTrailIamTools_Safety.");
            throw new GrantRefusedException(GrantRefusalReason.PrivilegeEscalation, text.ToString(), principalArn);
        }

        /// <summary>Whether an AWS managed policy passes the guard on its own; computed once per policy.</summary>
        public static bool IsSafeManagedPolicy(ManagedPolicyInfo policy)
        {
            if (policy is null)
            {
                throw new ArgumentNullException(nameof(policy));
            }

            return ManagedPolicyVerdicts.GetOrAdd(policy.Arn, _ =>
            {
                try
                {
                    string partition = Arn.TryParse(policy.Arn, out Arn? arn) ? arn.Partition : "aws";
                    return Find(PolicyDocument.Parse(policy.Document, policy.Name), "arn:" + partition + ":iam::123456789012:user/managed-policy-check", firstOnly: true).Count == 0;
                }
                catch (CloudTrailIamToolsException)
                {
                    return false;
                }
            });
        }

        /// <param name="firstOnly">Stop at the first finding: enough for a yes-or-no verdict.</param>
        internal static IReadOnlyList<EscalationFinding> Find(PolicyDocument policy, string principalArn, bool firstOnly = false)
        {
            if (!Arn.TryParse(principalArn, out Arn? principal) || !Arn.IsAccountId(principal.AccountId))
            {
                throw new InvalidInputException("'" + principalArn + "' is not a principal ARN in an account.", "Principal");
            }

            // A group cannot be a request's principal; a member of it stands in.
            string subject = principal.Resource.StartsWith("group/", StringComparison.Ordinal)
                ? "arn:" + principal.Partition + ":iam::" + principal.AccountId + ":user/cloudtrailiamtools-guard-member"
                : principalArn;
            var patterns = ResourcePatterns(policy);
            var findings = new List<EscalationFinding>();
            foreach (EscalationPrimitive row in Checklist)
            {
                EscalationFinding? hit = FirstAllowed(row, row.Actions, policy, subject, principal, patterns);
                if (hit is null)
                {
                    continue;
                }

                if (row.RequiresAlso.Count > 0 && FirstAllowed(row, row.RequiresAlso, policy, subject, principal, patterns) is null)
                {
                    continue;
                }

                findings.Add(hit);
                if (firstOnly)
                {
                    break;
                }
            }

            return findings;
        }

        private static EscalationFinding? FirstAllowed(
            EscalationPrimitive row, IReadOnlyList<string> actions, PolicyDocument policy, string subject, Arn principal, IReadOnlyList<string> patterns)
        {
            foreach (string action in actions)
            {
                if (!MayDecide(policy, action))
                {
                    continue;
                }

                bool passRole = action.Equals("iam:PassRole", StringComparison.OrdinalIgnoreCase);
                IReadOnlyList<string?> services = passRole && row.PassedToServices.Count > 0 ? PassRoleProbeServices(row) : NoService;
                if (services.Count > 1 && !ContextMayMatter(policy, action))
                {
                    // Every service gets the same answer, so the first one found stays the first one found.
                    services = new[] { services[0] };
                }

                foreach (string resource in Probes(action, row.Scope, subject, principal, patterns))
                {
                    foreach (string? service in services)
                    {
                        var context = service is null
                            ? null
                            : new Dictionary<string, IReadOnlyList<string>> { ["iam:PassedToService"] = new[] { service } };
                        var request = new EvaluationRequest(action, subject)
                        {
                            Resource = resource,
                            Context = context,
                            IdentityPolicies = new[] { policy },
                            ResourcePolicy = action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) ? AccountTrust(principal) : null,
                        };
                        EvaluationResult result = PolicyEvaluator.Evaluate(request);
                        // A condition on a key the probe did not set may hold in a real request: count it as allowed.
                        if (result.Decision == PolicyDecision.Allowed ||
                            (result.Decision == PolicyDecision.ImplicitDeny && result.MissingContextKeys.Count > 0))
                        {
                            return new EscalationFinding(row, action, resource, context is null ? null : service);
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Whether any probe of this action could be allowed: the engine skips statements whose action does not match, so a
        /// policy with none for the action leaves every identity-only probe implicitly denied with no missing key. Checking
        /// that once spares the probes (iam:PassRole asks about every service). sts:AssumeRole carries a trust policy and
        /// sts:GetCallerIdentity is always allowed, so those are always probed.
        /// </summary>
        private static bool MayDecide(PolicyDocument policy, string action)
        {
            if (action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) || action.Equals("sts:GetCallerIdentity", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            string upper = action.ToUpperInvariant();
            int serviceLength = action.IndexOf(':');
            foreach (PolicyStatement statement in policy.Statements)
            {
                if (statement.MatchesAction(upper, serviceLength))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the request context can change the answer for this action: only through a condition or a policy variable
        /// in a statement that matches the action (the engine reads no other).
        /// </summary>
        private static bool ContextMayMatter(PolicyDocument policy, string action)
        {
            string upper = action.ToUpperInvariant();
            int serviceLength = action.IndexOf(':');
            foreach (PolicyStatement statement in policy.Statements)
            {
                if (!statement.MatchesAction(upper, serviceLength))
                {
                    continue;
                }

                if (statement.Conditions.Count > 0 || statement.Resources is null || statement.Resources.Any(r => r.IndexOf('$') >= 0))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The row's services and every service the catalog knows, as service principals, CloudTrail excepted: a condition
        /// that lets the role go to any service but CloudTrail is caught whichever service it names.
        /// </summary>
        private static IReadOnlyList<string?> PassRoleProbeServices(EscalationPrimitive row) =>
            PassRoleServices.GetOrAdd(row.Name, _ => row.PassedToServices
                .Concat(IamCatalog.Default.Actions.Select(a => a.Service).Distinct(StringComparer.OrdinalIgnoreCase).Select(p => p.ToLowerInvariant() + ".amazonaws.com"))
                .Where(s => s != "cloudtrail.amazonaws.com")
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray<string?>());

        /// <summary>A trust policy naming the grantee's account (not the grantee), so only the grantee's own policy can decide sts:AssumeRole.</summary>
        private static PolicyDocument AccountTrust(Arn principal) =>
            AccountTrusts.GetOrAdd(principal.Partition + ":" + principal.AccountId, _ => PolicyDocument.Parse(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:" + principal.Partition + ":iam::" + principal.AccountId +
                ":root\"},\"Action\":\"sts:AssumeRole\"}]}", "probe trust policy"));

        /// <summary>Resources to ask about for one action: one nobody named, the grantee, and an instance of each pattern of the same service.</summary>
        private static IEnumerable<string> Probes(string action, EscalationProbeScope scope, string subject, Arn principal, IReadOnlyList<string> patterns)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string service = action.Substring(0, action.IndexOf(':'));
            string? generic = IamCatalog.Default.TryGetAction(action, out ActionInfo? info) && info.ResourceTypes.Count > 0
                ? ResourceArnBuilder.FromName(IamCatalog.Default, action, ProbeName, principal.Partition, principal.AccountId, "us-east-1")
                : null;
            var candidates = new List<string> { generic ?? "*" };
            if (scope == EscalationProbeScope.AnyResource)
            {
                candidates.Add(subject);
                candidates.Add(principal.ToString());
            }

            foreach (string pattern in patterns)
            {
                bool wild = pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0;
                if (scope == EscalationProbeScope.WildcardsOnly && !wild)
                {
                    continue;
                }

                string? concrete = Concrete(pattern);
                if (concrete is not null && (concrete == "x" || (Arn.TryParse(concrete, out Arn? arn) && ServiceMatches(arn.Service, service))))
                {
                    candidates.Add(concrete == "x" ? "*" : concrete);
                }
            }

            foreach (string candidate in candidates)
            {
                bool self = candidate.Equals(subject, StringComparison.OrdinalIgnoreCase) || candidate.Equals(principal.ToString(), StringComparison.OrdinalIgnoreCase);
                if (scope == EscalationProbeScope.OthersOnly && self)
                {
                    continue;
                }

                if (seen.Add(candidate))
                {
                    yield return candidate;
                }
            }
        }

        private static bool ServiceMatches(string arnService, string actionService) =>
            arnService.Equals(actionService, StringComparison.OrdinalIgnoreCase) || arnService.IndexOf('*') >= 0 || arnService.IndexOf('?') >= 0 ||
            (actionService == "sts" && arnService == "iam") || (actionService == "ec2-instance-connect" && arnService == "ec2");

        /// <summary>A pattern with its wildcards filled in (x), or null when it holds a policy variable.</summary>
        private static string? Concrete(string pattern)
        {
            if (pattern.IndexOf("${", StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            return pattern.Replace('*', 'x').Replace('?', 'x');
        }

        private static IReadOnlyList<string> ResourcePatterns(PolicyDocument policy) =>
            policy.Statements.Where(s => s.Effect == PolicyEffect.Allow)
                .SelectMany(s => s.Resources ?? (IEnumerable<string>)Array.Empty<string>())
                .Distinct(StringComparer.Ordinal).ToList();
    }
}
