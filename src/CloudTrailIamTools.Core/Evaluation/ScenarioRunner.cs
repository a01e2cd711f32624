using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Runs the catalog's CloudTrail task scenarios through the engine: fills the {Partition}, {Account} and
    /// {Region} placeholders from the request, tests each permission against its sample resource with the
    /// context the task's calls carry, and writes the missing permissions as a policy granting the catalog's
    /// resource patterns (with their conditions).
    /// </summary>
    public static class ScenarioRunner
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
            Placeholders values = PlaceholdersFor(request, region);
            return scenario.Permissions
                .Select(p => new RequiredPermission(p.Action, values.Fill(p.SampleResource), ToContext(p.Context), p.Reason))
                .ToArray();
        }

        /// <summary>Checks every permission the named scenario needs with the principal, policies and context of <paramref name="request"/>.</summary>
        /// <exception cref="InvalidInputException">Unknown scenario.</exception>
        public static ScenarioResult Run(string scenarioName, EvaluationRequest request, string? region = null, EvaluationOptions? options = null, IamCatalog? catalog = null)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            ScenarioInfo scenario = Find(scenarioName, catalog);
            Placeholders values = PlaceholdersFor(request, region);
            var tested = new RequiredPermission[scenario.Permissions.Count];
            for (int i = 0; i < tested.Length; i++)
            {
                ScenarioPermission permission = scenario.Permissions[i];
                tested[i] = new RequiredPermission(permission.Action, values.Fill(permission.SampleResource), ToContext(permission.Context), permission.Reason);
            }

            ScenarioResult evaluated = PolicyEvaluator.EvaluateScenario(scenario.Name, request, tested, options ?? CatalogOptions);

            // What to grant is the catalog's resource pattern and condition, not the sample the test used.
            var missing = new List<RequiredPermission>();
            var fixable = new List<ScenarioPermission>();
            for (int i = 0; i < tested.Length; i++)
            {
                PolicyDecision decision = evaluated.Results[i].Decision;
                if (decision == PolicyDecision.Allowed)
                {
                    continue;
                }

                ScenarioPermission permission = scenario.Permissions[i];
                missing.Add(new RequiredPermission(permission.Action, values.Fill(permission.Resource), tested[i].Context, permission.Reason));
                if (decision == PolicyDecision.ImplicitDeny)
                {
                    fixable.Add(permission);
                }
            }

            return new ScenarioResult(
                evaluated.Scenario,
                evaluated.Principal,
                evaluated.Decision,
                evaluated.Results,
                missing.ToArray(),
                fixable.Count == 0 ? null : BuildGrant(scenario.Name, fixable, values),
                evaluated.Explanation);
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

        /// <summary>One statement per distinct resource pattern and condition, actions sorted, conditions as the catalog writes them.</summary>
        private static string BuildGrant(string scenario, IReadOnlyList<ScenarioPermission> permissions, Placeholders values) =>
            AllowPolicyBuilder.Build(scenario, permissions.Select(p => new AllowGrant(p.Action, values.Fill(p.Resource), p.Condition)));

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
