using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The one scenario evaluator: checks every permission a task needs with one request's principal, policies
    /// and context, and works out once which permissions are missing and which an Allow could fix. Catalog
    /// scenarios (<see cref="Run"/>) fill the {Partition}, {Account} and {Region} placeholders, test each
    /// permission against its sample resource and grant the catalog's resource pattern; a caller's own list
    /// (<see cref="Evaluate"/>) grants exactly what it tested.
    /// </summary>
    public static class ScenarioEvaluator
    {
        /// <summary>The region placeholders get when neither the caller nor aws:RequestedRegion names one.</summary>
        public const string DefaultRegion = "us-east-1";

        /// <summary>Options that warn about actions the catalog does not know.</summary>
        public static EvaluationOptions CatalogOptions { get; } = new EvaluationOptions { IsKnownAction = IsCatalogAction };

        /// <summary>The scenario of that name (case-insensitive).</summary>
        /// <exception cref="InvalidInputException">No scenario has that name; the message lists the valid ones.</exception>
        public static ScenarioInfo Find(string name, IamCatalog? catalog = null)
        {
            catalog ??= IamCatalog.Default;
            if (name is not null && catalog.TryGetScenario(name, out ScenarioInfo? scenario))
            {
                return scenario;
            }

            throw new InvalidInputException(
                "Unknown scenario '" + name + "'. Valid scenarios: " + string.Join(", ", catalog.Scenarios.Select(s => s.Name)) + ".",
                "Scenario");
        }

        /// <summary>
        /// The permissions to test for <paramref name="scenario"/>: each action on its sample resource, with its context.
        /// Placeholders come from <paramref name="request"/> (principal partition and account, or ResourceAccount) and
        /// <paramref name="region"/> (else aws:RequestedRegion in the request context, else <see cref="DefaultRegion"/>).
        /// </summary>
        public static IReadOnlyList<RequiredPermission> TestPermissions(ScenarioInfo scenario, EvaluationRequest request, string? region = null)
        {
            if (scenario is null)
            {
                throw new ArgumentNullException(nameof(scenario));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            Placeholders values = PlaceholdersFor(request, region);
            var tested = new RequiredPermission[scenario.Permissions.Count];
            for (int i = 0; i < tested.Length; i++)
            {
                ScenarioPermission permission = scenario.Permissions[i];
                tested[i] = new RequiredPermission(permission.Action, values.Fill(permission.SampleResource), ToContext(permission.Context), permission.Reason);
            }

            return tested;
        }

        /// <summary>Checks every permission the named catalog scenario needs with the principal, policies and context of <paramref name="request"/>.</summary>
        /// <exception cref="InvalidInputException">Unknown scenario.</exception>
        public static ScenarioResult Run(string scenarioName, EvaluationRequest request, string? region = null, EvaluationOptions? options = null, IamCatalog? catalog = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            ScenarioInfo scenario = Find(scenarioName, catalog);
            Placeholders values = PlaceholdersFor(request, region);
            IReadOnlyList<RequiredPermission> tested = TestPermissions(scenario, request, region);

            // What to grant is the catalog's resource pattern and condition, not the sample the test used.
            var grants = new RequiredPermission[tested.Count];
            var conditions = new string?[tested.Count];
            for (int i = 0; i < grants.Length; i++)
            {
                ScenarioPermission permission = scenario.Permissions[i];
                grants[i] = new RequiredPermission(permission.Action, values.Fill(permission.Resource), tested[i].Context, permission.Reason);
                conditions[i] = permission.Condition;
            }

            return EvaluateCore(scenario.Name, request, tested, grants, conditions, options ?? CatalogOptions);
        }

        /// <summary>
        /// Checks every permission in <paramref name="permissions"/> with the principal and policies of
        /// <paramref name="request"/> (its Action and Resource are replaced by each permission's).
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

            var conditions = new string?[permissions.Count];
            for (int i = 0; i < conditions.Length; i++)
            {
                conditions[i] = AllowPolicyBuilder.StringEqualsCondition(permissions[i].Context);
            }

            return EvaluateCore(scenario, request, permissions, permissions, conditions, options);
        }

        /// <summary>
        /// Evaluates <paramref name="tested"/>; a denied permission is reported as the matching entry of
        /// <paramref name="grants"/>, and granted with the matching condition when an Allow can fix it.
        /// </summary>
        private static ScenarioResult EvaluateCore(
            string scenario,
            EvaluationRequest request,
            IReadOnlyList<RequiredPermission> tested,
            IReadOnlyList<RequiredPermission> grants,
            IReadOnlyList<string?> conditions,
            EvaluationOptions? options)
        {
            var results = new EvaluationResult[tested.Count];
            var missing = new List<RequiredPermission>();
            var fixable = new List<AllowGrant>();
            bool explicitDeny = false;
            for (int i = 0; i < tested.Count; i++)
            {
                RequiredPermission permission = tested[i];
                EvaluationResult result = PolicyEvaluator.Evaluate(request.WithAction(permission.Action, permission.Resource, permission.Context), options);
                results[i] = result;
                if (result.Decision == PolicyDecision.Allowed)
                {
                    continue;
                }

                missing.Add(grants[i]);
                if (result.Decision == PolicyDecision.ExplicitDeny)
                {
                    explicitDeny = true;
                }
                else if (result.GrantCanFix)
                {
                    fixable.Add(new AllowGrant(grants[i].Action, grants[i].Resource, conditions[i]));
                }
            }

            PolicyDecision decision = missing.Count == 0 ? PolicyDecision.Allowed : explicitDeny ? PolicyDecision.ExplicitDeny : PolicyDecision.ImplicitDeny;
            return new ScenarioResult(
                scenario,
                request.Principal,
                decision,
                results,
                missing.ToArray(),
                fixable.Count == 0 ? null : AllowPolicyBuilder.Build(scenario, fixable),
                Explain(scenario, request.Principal, results, missing.Count, explicitDeny));
        }

        private static string Explain(string scenario, string principal, EvaluationResult[] results, int missing, bool explicitDeny)
        {
            var explanation = new StringBuilder();
            explanation.Append(principal);
            if (missing == 0)
            {
                explanation.Append(" can perform every step of ").Append(scenario).Append(" (").Append(results.Length).Append(" permissions checked).");
                return explanation.ToString();
            }

            explanation.Append(" cannot complete ").Append(scenario).Append(": ").Append(missing).Append(" of ")
                .Append(results.Length).Append(" permissions are denied.");
            foreach (EvaluationResult result in results)
            {
                if (result.Decision == PolicyDecision.Allowed)
                {
                    continue;
                }

                string verdict = result.Decision == PolicyDecision.ExplicitDeny ? " is explicitly denied by "
                    : result.GrantCanFix ? " lacks an allow in "
                    : " is refused by AWS whatever the policies say: ";
                explanation.Append(' ').Append(result.Action).Append(" on ").Append(result.Resource)
                    .Append(verdict).Append(string.Join(", ", result.DeniedBy)).Append('.');
            }

            if (explicitDeny)
            {
                explanation.Append(" Explicit denies cannot be fixed by adding an Allow; change the denying policy.");
            }

            return explanation.ToString();
        }

        private static bool IsCatalogAction(string action) => IamCatalog.Default.TryGetAction(action, out _);

        private static IReadOnlyDictionary<string, IReadOnlyList<string>>? ToContext(IReadOnlyDictionary<string, IReadOnlyList<string>> context) =>
            context.Count == 0 ? null : context;

        private static Placeholders PlaceholdersFor(EvaluationRequest request, string? region)
        {
            string partition = request.Identity.Partition ?? "aws";
            string account = request.ResourceAccount ?? request.Identity.AccountId ?? "*";
            string? requested = null;
            if (request.Context is not null && request.Context.TryGetValue("aws:RequestedRegion", out IReadOnlyList<string>? values) && values.Count > 0)
            {
                requested = values[0];
            }

            return new Placeholders(partition, account, string.IsNullOrWhiteSpace(region) ? requested ?? DefaultRegion : region!.Trim());
        }

        private readonly struct Placeholders
        {
            public Placeholders(string partition, string account, string region)
            {
                Partition = partition;
                Account = account;
                Region = region;
            }

            public string Partition { get; }

            public string Account { get; }

            public string Region { get; }

            public string Fill(string template) =>
                template.IndexOf('{') < 0
                    ? template
                    : template.Replace("{Partition}", Partition).Replace("{Account}", Account).Replace("{Region}", Region);
        }
    }
}
