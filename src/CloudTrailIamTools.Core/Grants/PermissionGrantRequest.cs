using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// What to grant to whom: an AWS managed CloudTrail policy, exact actions on exact resources, a catalog scenario,
    /// or exactly what a diagnosis found missing. The factories validate and refuse; a request that exists can be planned.
    /// </summary>
    public sealed class PermissionGrantRequest
    {
        private const string PassRole = "iam:PassRole";
        private const string PassRoleToCloudTrail = "{\"StringEquals\":{\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"}}";

        private PermissionGrantRequest(
            GrantTarget target,
            GrantAccessLevel? accessLevel,
            ScenarioInfo? scenario,
            IReadOnlyList<GrantStatement>? statements,
            AccessErrorDiagnosis? diagnosis)
        {
            Target = target;
            AccessLevel = accessLevel;
            Scenario = scenario;
            FixedStatements = statements;
            Diagnosis = diagnosis;
        }

        public GrantTarget Target { get; }

        /// <summary>Set when the grant attaches an AWS managed policy.</summary>
        public GrantAccessLevel? AccessLevel { get; }

        /// <summary>Set when the grant is a catalog scenario's permissions.</summary>
        public ScenarioInfo? Scenario { get; }

        /// <summary>Set when the request came from a diagnosis; its account must be the one the grant is made in.</summary>
        public AccessErrorDiagnosis? Diagnosis { get; }

        /// <summary>Statements known without the account (actions, diagnosis); null for scenarios and access levels.</summary>
        internal IReadOnlyList<GrantStatement>? FixedStatements { get; }

        public static PermissionGrantRequest ForAccessLevel(GrantTarget target, GrantAccessLevel accessLevel)
        {
            IdentityCenterRoles.RefuseWrite(target ?? throw new ArgumentNullException(nameof(target)), null);
            return new PermissionGrantRequest(target, accessLevel, null, null, null);
        }

        /// <summary>
        /// Exact catalog actions on the given resources. Resources may be omitted only when every action takes
        /// <c>*</c> alone; iam:PassRole is limited to passing roles to CloudTrail.
        /// </summary>
        public static PermissionGrantRequest ForActions(GrantTarget target, IEnumerable<string> actions, IEnumerable<string>? resources)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            IdentityCenterRoles.RefuseWrite(target, null);
            var canonical = new List<ActionInfo>();
            foreach (string raw in actions ?? Array.Empty<string>())
            {
                canonical.Add(KnownAction(raw, target));
            }

            if (canonical.Count == 0)
            {
                throw new InvalidInputException("Name at least one action, for example cloudtrail:GetTrailStatus.", "Action");
            }

            var resourceList = (resources ?? Array.Empty<string>()).Select(r => (r ?? string.Empty).Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            foreach (string resource in resourceList)
            {
                if (resource != "*" && !Arn.TryParse(resource, out _))
                {
                    throw new InvalidInputException("'" + resource + "' is not a resource ARN (arn:partition:service:region:account:resource) or *.", "Resource");
                }
            }

            if (resourceList.Count == 0)
            {
                ActionInfo? scoped = canonical.FirstOrDefault(a => a.ResourceTypes.Count > 0);
                if (scoped is not null)
                {
                    string example = scoped.ResourceTypes.SelectMany(t => t.ArnFormats).FirstOrDefault() ?? "an ARN";
                    throw new InvalidInputException(
                        scoped.FullName + " can be limited to resources (" + example + "): pass " + OptionNames.Resource + " with the ARN, or " + OptionNames.Resource + " '*' to allow every resource.",
                        "Resource");
                }

                resourceList.Add("*");
            }

            var statements = new List<GrantStatement>();
            var plain = canonical.Where(a => !a.FullName.Equals(PassRole, StringComparison.OrdinalIgnoreCase)).Select(a => a.FullName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (plain.Count > 0)
            {
                statements.Add(new GrantStatement(plain.Count == 1 ? SuggestedPolicyBuilder.SidFor(plain[0]) : "AllowCloudTrailIamToolsGrant", plain, resourceList));
            }

            if (canonical.Any(a => a.FullName.Equals(PassRole, StringComparison.OrdinalIgnoreCase)))
            {
                // Passing a role to any service is a privilege escalation path; CloudTrail is the only service our grants serve.
                statements.Add(new GrantStatement("AllowPassRoleToCloudTrail", new[] { PassRole }, resourceList, PassRoleToCloudTrail));
            }

            return new PermissionGrantRequest(target, null, null, statements, null);
        }

        public static PermissionGrantRequest ForScenario(GrantTarget target, string scenario)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            IdentityCenterRoles.RefuseWrite(target, null);
            if (!IamCatalog.Default.TryGetScenario(scenario, out ScenarioInfo? info))
            {
                throw new InvalidInputException(
                    "'" + scenario + "' is not a scenario. Known scenarios: " + string.Join(", ", IamCatalog.Default.Scenarios.Select(s => s.Name)) + ".",
                    "Scenario");
            }

            return new PermissionGrantRequest(target, null, info, null, null);
        }

        /// <summary>
        /// Grants exactly the denied action on the denied resource to the denied principal (an assumed role's role),
        /// or refuses when a grant cannot help: explicit deny, a guard-rail policy (SCP, RCP, boundary, session,
        /// VPC endpoint), a resource or trust policy, an unknown action, or no IAM user or role to grant to.
        /// </summary>
        public static PermissionGrantRequest FromDiagnosis(AccessErrorDiagnosis diagnosis)
        {
            if (diagnosis is null)
            {
                throw new ArgumentNullException(nameof(diagnosis));
            }

            // Whether a grant helps, and the statements that fix the denial, are the diagnosis's own decision: read as they are.
            if (!diagnosis.GrantHelps || diagnosis.SuggestedStatements.Count == 0)
            {
                throw new GrantRefusedException(
                    diagnosis.NoGrantReason ?? GrantRefusalReason.NotAPermissionProblem,
                    diagnosis.NoGrantExplanation ?? "A permission grant cannot fix this (" + diagnosis.Kind + "): " + diagnosis.Cause,
                    diagnosis.PrincipalArn);
            }

            GrantTarget? target = diagnosis.PrincipalType switch
            {
                PrincipalType.User when diagnosis.PrincipalName is not null => new GrantTarget(GrantPrincipalType.User, diagnosis.PrincipalName),
                PrincipalType.Role or PrincipalType.AssumedRole when diagnosis.PrincipalName is not null => new GrantTarget(GrantPrincipalType.Role, diagnosis.PrincipalName),
                _ => null,
            };
            if (target is null || diagnosis.Action is null)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.NoGrantablePrincipal,
                    "The error names no IAM user or role to grant to (" + (diagnosis.PrincipalArn ?? "the caller") + ", " + diagnosis.PrincipalType + "). " + diagnosis.Cause,
                    diagnosis.PrincipalArn);
            }

            IdentityCenterRoles.RefuseWrite(target, diagnosis.PrincipalArn);

            // The text is evidence written by whoever caused the error: its account, scope and resource are checked, not trusted.
            (string partition, string account) = TrustedAccount(diagnosis);
            IReadOnlyList<GrantStatement> statements = diagnosis.SuggestedStatements;
            foreach (string action in statements.SelectMany(st => st.Actions).Prepend(diagnosis.Action).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                EnsureCloudTrailWork(action, diagnosis.PrincipalArn);
            }

            string named = diagnosis.Resource is null ? string.Empty : Diagnostics.PolicyLiteral.Unquote(diagnosis.Resource);
            if ((named.Length == 0 || named == "*") && IamCatalog.Default.TryGetAction(diagnosis.Action, out ActionInfo? denied) && denied.ResourceTypes.Count > 0)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.NoResourceNamed,
                    "Not granting " + denied.FullName + ": the error names no resource, and " + denied.FullName +
                    " can be limited to one. Grant it explicitly with the resource's ARN.",
                    diagnosis.PrincipalArn);
            }

            EnsureNamedResources(diagnosis, statements, partition, account);
            EnsureScenarioShape(diagnosis, statements, partition, account);
            string grantee = "arn:" + partition + ":iam::" + account + ":" + (target.PrincipalType == GrantPrincipalType.User ? "user/" : "role/") + target.Name;
            EscalationGuard.Ensure(PolicyJson.Document(Array.Empty<string>(), statements), grantee, target.Describe());
            return new PermissionGrantRequest(target, null, null, statements, diagnosis);
        }

        /// <summary>The partitions AWS has; an ARN naming any other is not from AWS.</summary>
        internal static readonly IReadOnlyCollection<string> RealPartitions = new HashSet<string>(StringComparer.Ordinal)
        {
            "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
        };

        /// <summary>cloudtrail and cloudtrail-data actions, and the supporting actions the catalog's scenarios grant.</summary>
        private static readonly Lazy<HashSet<string>> CloudTrailWork = new Lazy<HashSet<string>>(() =>
            new HashSet<string>(IamCatalog.Default.Scenarios.SelectMany(s => s.Permissions).Select(p => p.Action), StringComparer.OrdinalIgnoreCase));

        private static (string Partition, string Account) TrustedAccount(AccessErrorDiagnosis diagnosis)
        {
            string? partition = Arn.TryParse(diagnosis.PrincipalArn, out Arn? arn) ? arn.Partition : null;
            if (partition is null || !RealPartitions.Contains(partition))
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.UntrustedAccount,
                    "Not granting: the principal '" + diagnosis.PrincipalArn + "' is not in a real AWS partition (" + string.Join(", ", RealPartitions) + ").",
                    diagnosis.PrincipalArn);
            }

            if (!Arn.IsAccountId(diagnosis.AccountId) || !string.Equals(arn!.AccountId, diagnosis.AccountId, StringComparison.Ordinal))
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.UntrustedAccount,
                    "Not granting: the principal '" + diagnosis.PrincipalArn + "' names no valid 12-digit account, so the error cannot be tied to the account being changed.",
                    diagnosis.PrincipalArn);
            }

            return (partition, diagnosis.AccountId!);
        }

        private static void EnsureCloudTrailWork(string action, string? principal)
        {
            int colon = action.IndexOf(':');
            string service = colon > 0 ? action.Substring(0, colon) : action;
            if (service.Equals("cloudtrail", StringComparison.OrdinalIgnoreCase) || service.Equals("cloudtrail-data", StringComparison.OrdinalIgnoreCase) ||
                CloudTrailWork.Value.Contains(action))
            {
                return;
            }

            throw new GrantRefusedException(
                GrantRefusalReason.OutsideCloudTrailWork,
                "Not granting " + action + " from an error message: grants taken from error text stay within CloudTrail's own work (cloudtrail actions and the " +
                "supporting actions of the CloudTrail scenarios). If " + action + " is really needed, an administrator grants it by naming the action and resource explicitly.",
                principal);
        }

        /// <summary>
        /// A supporting action (not cloudtrail's own) is granted from text only in the shape a scenario grants it: on a
        /// resource its pattern covers and with its condition (s3:PutBucketPolicy only on CloudTrail's log buckets,
        /// iam:PassRole only on the delivery role toward CloudTrail). Anything else needs an explicit grant.
        /// </summary>
        private static void EnsureScenarioShape(AccessErrorDiagnosis diagnosis, IReadOnlyList<GrantStatement> statements, string partition, string account)
        {
            foreach (GrantStatement statement in statements)
            {
                foreach (string action in statement.Actions)
                {
                    if (action.StartsWith("cloudtrail:", StringComparison.OrdinalIgnoreCase) || action.StartsWith("cloudtrail-data:", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    bool fits = IamCatalog.Default.Scenarios.SelectMany(s => s.Permissions)
                        .Where(p => p.Action.Equals(action, StringComparison.OrdinalIgnoreCase))
                        .Any(p => SameCondition(p.Condition is null ? null : PermissionGrantPlanner.Fill(p.Condition, partition, account, "*"), statement.Condition) &&
                                  statement.Resources.All(r => Matching.WildcardPattern.IsMatch(PermissionGrantPlanner.Fill(p.Resource, partition, account, "*"), Literal(r), ignoreCase: false)));
                    if (!fits)
                    {
                        throw new GrantRefusedException(
                            GrantRefusalReason.OutsideCloudTrailWork,
                            "Not granting " + action + " on " + string.Join(", ", statement.Resources) + " from an error message: a supporting action is granted from text only " +
                            "on the resources and under the conditions a CloudTrail scenario grants it. Grant the scenario, or grant the action explicitly.",
                            diagnosis.PrincipalArn);
                    }
                }
            }
        }

        /// <summary>A resource written with the ${*} ${?} ${$} escapes, as the characters it stands for.</summary>
        private static string Literal(string resource) => resource.Replace("${*}", "*").Replace("${?}", "?").Replace("${$}", "$");

        private static bool SameCondition(string? wanted, string? actual) =>
            wanted is null ? actual is null : actual is not null && PolicyJson.SameDocument(wanted, actual);

        /// <summary>Every statement names the error's own resource in the target account; * only for actions that take no resource.</summary>
        private static void EnsureNamedResources(AccessErrorDiagnosis diagnosis, IReadOnlyList<GrantStatement> statements, string partition, string account)
        {
            foreach (GrantStatement statement in statements)
            {
                foreach (string resource in statement.Resources)
                {
                    if (resource == "*")
                    {
                        string? scoped = statement.Actions.FirstOrDefault(a => IamCatalog.Default.TryGetAction(a, out ActionInfo? info) && info.ResourceTypes.Count > 0);
                        if (scoped is not null)
                        {
                            throw new GrantRefusedException(
                                GrantRefusalReason.NoResourceNamed,
                                "Not granting " + scoped + " on every resource: the error names no resource, and " + scoped +
                                " can be limited to one. Grant it explicitly with the resource's ARN.",
                                diagnosis.PrincipalArn);
                        }

                        continue;
                    }

                    if (!Arn.TryParse(resource, out Arn? arn) || arn.Partition != partition || (arn.AccountId.Length > 0 && arn.AccountId != account))
                    {
                        throw new GrantRefusedException(
                            GrantRefusalReason.UntrustedAccount,
                            "Not granting on '" + resource + "': a grant from an error covers only resources of the principal's own account " + account +
                            " in partition " + partition + ". Grant anything else explicitly.",
                            diagnosis.PrincipalArn);
                    }
                }
            }
        }

        internal static GrantRefusedException UnknownAction(string action, string? principal)
        {
            var closest = IamCatalog.Default.FindClosestActions(action);
            string hint = closest.Count == 0 ? string.Empty : " Did you mean " + string.Join(", ", closest.Select(a => a.FullName)) + "?";
            return new GrantRefusedException(
                GrantRefusalReason.UnknownAction,
                "'" + action + "' is not an action AWS defines, so granting it would change nothing." + hint,
                principal);
        }

        private static ActionInfo KnownAction(string raw, GrantTarget target)
        {
            string action = (raw ?? string.Empty).Trim();
            if (action.IndexOf('*') >= 0 || action.IndexOf('?') >= 0)
            {
                throw new InvalidInputException(
                    "'" + action + "' is a wildcard; name exact actions for a least-privilege grant, or use " + OptionNames.AccessLevel + " ReadOnly or FullAccess.",
                    "Action");
            }

            if (!IamCatalog.Default.TryGetAction(action, out ActionInfo? info))
            {
                throw UnknownAction(action, target.ToString());
            }

            return info;
        }
    }
}
