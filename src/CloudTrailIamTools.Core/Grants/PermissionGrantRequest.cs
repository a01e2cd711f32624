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

        public static PermissionGrantRequest ForAccessLevel(GrantTarget target, GrantAccessLevel accessLevel) =>
            new PermissionGrantRequest(target ?? throw new ArgumentNullException(nameof(target)), accessLevel, null, null, null);

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
                        scoped.FullName + " can be limited to resources (" + example + "): pass -Resource with the ARN, or -Resource '*' to allow every resource.",
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

            string who = diagnosis.PrincipalArn ?? "the caller";
            if (!diagnosis.Recognized || diagnosis.Kind is DiagnosisKind.ServiceLinkedRoleMissing or DiagnosisKind.OrganizationPrerequisite or DiagnosisKind.DeliveryPermission or DiagnosisKind.DeliveryConfiguration)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.NotAPermissionProblem,
                    "A permission grant cannot fix this (" + diagnosis.Kind + "): " + diagnosis.Cause, diagnosis.PrincipalArn);
            }

            GrantRefusalReason? guardRail = diagnosis.PolicyType switch
            {
                PolicyType.ServiceControl => GrantRefusalReason.ServiceControlPolicy,
                PolicyType.ResourceControl => GrantRefusalReason.ResourceControlPolicy,
                PolicyType.PermissionsBoundary => GrantRefusalReason.PermissionsBoundary,
                PolicyType.Session => GrantRefusalReason.SessionPolicy,
                PolicyType.VpcEndpoint => GrantRefusalReason.VpcEndpointPolicy,
                PolicyType.ResourceBased or PolicyType.RoleTrust => GrantRefusalReason.ResourcePolicy,
                _ => null,
            };
            if (guardRail is GrantRefusalReason reason)
            {
                throw new GrantRefusedException(reason, RefusalMessage(reason, diagnosis), diagnosis.PrincipalArn);
            }

            if (diagnosis.DenialType == DenialType.Explicit)
            {
                throw new GrantRefusedException(GrantRefusalReason.ExplicitDeny, RefusalMessage(GrantRefusalReason.ExplicitDeny, diagnosis), diagnosis.PrincipalArn);
            }

            if (diagnosis.ActionIsKnown == false)
            {
                throw UnknownAction(diagnosis.Action ?? string.Empty, diagnosis.PrincipalArn);
            }

            GrantTarget? target = diagnosis.PrincipalType switch
            {
                PrincipalType.User when diagnosis.PrincipalName is not null => new GrantTarget(GrantPrincipalType.User, diagnosis.PrincipalName),
                PrincipalType.Role or PrincipalType.AssumedRole when diagnosis.PrincipalName is not null => new GrantTarget(GrantPrincipalType.Role, diagnosis.PrincipalName),
                _ => null,
            };
            if (target is null)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.NoGrantablePrincipal,
                    "The error names no IAM user or role to grant to (" + who + ", " + diagnosis.PrincipalType + "). " + diagnosis.Cause,
                    diagnosis.PrincipalArn);
            }

            if (diagnosis.Action is null || diagnosis.SuggestedPolicy is null)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.NotAPermissionProblem,
                    "The error does not say which action " + who + " was denied, so there is nothing exact to grant. " + diagnosis.Cause,
                    diagnosis.PrincipalArn);
            }

            return new PermissionGrantRequest(target, null, null, StatementsOf(diagnosis), diagnosis);
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
                    "'" + action + "' is a wildcard; name exact actions for a least-privilege grant, or use -AccessLevel ReadOnly or FullAccess.",
                    "Action");
            }

            if (!IamCatalog.Default.TryGetAction(action, out ActionInfo? info))
            {
                throw UnknownAction(action, target.ToString());
            }

            return info;
        }

        /// <summary>The diagnosis's suggested identity policy, statement by statement (it already holds the exact action, resource and any condition).</summary>
        private static IReadOnlyList<GrantStatement> StatementsOf(AccessErrorDiagnosis diagnosis)
        {
            using JsonDocument document = JsonDocument.Parse(diagnosis.SuggestedPolicy!);
            var statements = new List<GrantStatement>();
            JsonElement items = document.RootElement.GetProperty("Statement");
            foreach (JsonElement statement in items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : (IEnumerable<JsonElement>)new[] { items })
            {
                if (statement.TryGetProperty("Principal", out _))
                {
                    throw new GrantRefusedException(GrantRefusalReason.ResourcePolicy, RefusalMessage(GrantRefusalReason.ResourcePolicy, diagnosis), diagnosis.PrincipalArn);
                }

                string sid = statement.TryGetProperty("Sid", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : SuggestedPolicyBuilder.SidFor(diagnosis.Action!);
                string? condition = statement.TryGetProperty("Condition", out JsonElement c) ? c.GetRawText() : null;
                statements.Add(new GrantStatement(sid, PolicyJson.Strings(statement, "Action"), PolicyJson.Strings(statement, "Resource"), condition));
            }

            return statements;
        }

        private static string RefusalMessage(GrantRefusalReason reason, AccessErrorDiagnosis diagnosis)
        {
            string what = (diagnosis.Action ?? "the action") + (diagnosis.Resource is null ? string.Empty : " on " + diagnosis.Resource);
            string who = diagnosis.PrincipalArn ?? "the caller";
            string policy = diagnosis.PolicyArn is null ? string.Empty : " (" + diagnosis.PolicyArn + ")";
            return reason switch
            {
                GrantRefusalReason.ExplicitDeny => "Not granting: a policy explicitly denies " + what + " to " + who + policy + ", and no Allow overrides an explicit deny. Find and change the denying statement.",
                GrantRefusalReason.ServiceControlPolicy => "Not granting: a service control policy" + policy + " denies " + what + " to " + who + ". Identity permissions cannot lift an SCP; the organization's management account must change it.",
                GrantRefusalReason.ResourceControlPolicy => "Not granting: a resource control policy" + policy + " denies " + what + ". Identity permissions cannot lift an RCP; the organization's management account must change it.",
                GrantRefusalReason.PermissionsBoundary => "Not granting: the permissions boundary" + policy + " of " + who + " does not allow " + what + ", and the boundary caps every grant. Change the boundary instead.",
                GrantRefusalReason.SessionPolicy => "Not granting: the session policy of " + who + " does not allow " + what + ". Start a new session with a session policy that allows it (or none).",
                GrantRefusalReason.VpcEndpointPolicy => "Not granting: the VPC endpoint policy" + policy + " does not allow " + what + ". Change the endpoint's policy.",
                GrantRefusalReason.ResourcePolicy => "Not granting: the resource's own policy (or the role's trust policy) refuses " + what + " to " + who + ". Add the principal to that policy instead.",
                _ => "Not granting: " + diagnosis.Cause,
            };
        }
    }
}
