using System;
using System.Collections.Generic;
using System.Text;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>One permission a task needs: an action on a resource, with context the task's calls carry (iam:PassedToService, ...).</summary>
    public sealed class RequiredPermission
    {
        public RequiredPermission(string action, string? resource = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null, string? purpose = null)
        {
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Resource = string.IsNullOrWhiteSpace(resource) ? "*" : resource!;
            Context = context;
            Purpose = purpose;
        }

        public string Action { get; }

        public string Resource { get; }

        /// <summary>Context keys this call carries; they become StringEquals conditions in the suggested policy.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; }

        /// <summary>Why the task needs it, in a few words (for display).</summary>
        public string? Purpose { get; }
    }

    /// <summary>The verdict for a whole task: allowed only when every permission it needs is allowed.</summary>
    public sealed class ScenarioResult
    {
        internal ScenarioResult(
            string scenario,
            string principal,
            PolicyDecision decision,
            IReadOnlyList<EvaluationResult> results,
            IReadOnlyList<RequiredPermission> missingPermissions,
            string? missingPermissionsPolicy,
            string explanation)
        {
            Scenario = scenario;
            Principal = principal;
            Decision = decision;
            Results = results;
            MissingPermissions = missingPermissions;
            MissingPermissionsPolicy = missingPermissionsPolicy;
            Explanation = explanation;
        }

        public string Scenario { get; }

        public string Principal { get; }

        /// <summary>Allowed when all are allowed; ExplicitDeny when any is explicitly denied; otherwise ImplicitDeny.</summary>
        public PolicyDecision Decision { get; }

        /// <summary>One result per required permission, in the order given.</summary>
        public IReadOnlyList<EvaluationResult> Results { get; }

        /// <summary>The permissions that were denied (implicitly or explicitly).</summary>
        public IReadOnlyList<RequiredPermission> MissingPermissions { get; }

        /// <summary>An identity-based policy granting the implicitly denied permissions; null when nothing an Allow could fix is missing.</summary>
        [System.Text.Json.Serialization.JsonConverter(typeof(Serialization.RawJsonStringConverter))]
        public string? MissingPermissionsPolicy { get; }

        public string Explanation { get; }
    }

    public static class ScenarioEvaluator
    {
        /// <summary>
        /// Checks every permission a task needs with the principal and policies of <paramref name="request"/>
        /// (its Action and Resource are replaced by each permission's).
        /// </summary>
        public static ScenarioResult Evaluate(string scenario, EvaluationRequest request, IReadOnlyList<RequiredPermission> permissions, EvaluationOptions? options = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (permissions is null || permissions.Count == 0)
            {
                throw new InvalidInputException("Scenario '" + scenario + "' lists no permissions.", "Scenario");
            }

            var results = new EvaluationResult[permissions.Count];
            var missing = new List<RequiredPermission>();
            var fixable = new List<RequiredPermission>();
            bool explicitDeny = false;
            for (int i = 0; i < permissions.Count; i++)
            {
                RequiredPermission permission = permissions[i];
                EvaluationResult result = PolicyEvaluator.Evaluate(request.WithAction(permission.Action, permission.Resource, permission.Context), options);
                results[i] = result;
                if (result.Decision != PolicyDecision.Allowed)
                {
                    missing.Add(permission);
                    if (result.Decision == PolicyDecision.ExplicitDeny)
                    {
                        explicitDeny = true;
                    }
                    else
                    {
                        fixable.Add(permission);
                    }
                }
            }

            PolicyDecision decision = missing.Count == 0 ? PolicyDecision.Allowed : explicitDeny ? PolicyDecision.ExplicitDeny : PolicyDecision.ImplicitDeny;
            var explanation = new StringBuilder();
            explanation.Append(request.Principal);
            if (missing.Count == 0)
            {
                explanation.Append(" can perform every step of ").Append(scenario).Append(" (").Append(permissions.Count).Append(" permissions checked).");
            }
            else
            {
                explanation.Append(" cannot complete ").Append(scenario).Append(": ").Append(missing.Count).Append(" of ")
                    .Append(permissions.Count).Append(" permissions are denied.");
                for (int i = 0; i < results.Length; i++)
                {
                    if (results[i].Decision != PolicyDecision.Allowed)
                    {
                        explanation.Append(' ').Append(results[i].Action).Append(" on ").Append(results[i].Resource)
                            .Append(results[i].Decision == PolicyDecision.ExplicitDeny ? " is explicitly denied by " : " lacks an allow in ")
                            .Append(string.Join(", ", results[i].DeniedBy)).Append('.');
                    }
                }

                if (explicitDeny)
                {
                    explanation.Append(" Explicit denies cannot be fixed by adding an Allow; change the denying policy.");
                }
            }

            return new ScenarioResult(
                scenario,
                request.Principal,
                decision,
                results,
                missing.ToArray(),
                fixable.Count == 0 ? null : BuildPolicy(scenario, fixable),
                explanation.ToString());
        }

        /// <summary>An identity-based policy with one statement per distinct resource and context, actions sorted.</summary>
        internal static string BuildPolicy(string scenario, IReadOnlyList<RequiredPermission> permissions)
        {
            var grants = new List<AllowGrant>(permissions.Count);
            foreach (RequiredPermission permission in permissions)
            {
                grants.Add(new AllowGrant(permission.Action, permission.Resource, AllowPolicyBuilder.StringEqualsCondition(permission.Context)));
            }

            return AllowPolicyBuilder.Build(scenario, grants);
        }
    }
}
