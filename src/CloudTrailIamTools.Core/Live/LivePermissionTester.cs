using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>
    /// Tests a live principal: gathers its policies through IAM, evaluates with the engine (naming each deciding
    /// policy), and optionally compares with SimulatePrincipalPolicy (given everything but the session policy, with each
    /// context key typed as the simulator needs).
    /// </summary>
    public sealed class LivePermissionTester
    {
        private readonly IIamApi iam;
        private readonly PrincipalPolicyCollector collector;
        private readonly EvaluationOptions options;

        public LivePermissionTester(IIamApi iam, StsClient? sts = null, EvaluationOptions? options = null)
        {
            this.iam = iam ?? throw new ArgumentNullException(nameof(iam));
            collector = new PrincipalPolicyCollector(iam, sts);
            this.options = options ?? ScenarioEvaluator.CatalogOptions;
        }

        /// <summary>The principal's policies (null: the caller's).</summary>
        public Task<PrincipalPolicies> CollectAsync(string? principalArn, CancellationToken cancellationToken = default) =>
            collector.CollectAsync(principalArn, cancellationToken);

        /// <summary>The engine request for one action and resource with the gathered policies and the extras.</summary>
        public static EvaluationRequest BuildRequest(PrincipalPolicies policies, string action, string? resource, LiveRequestExtras? extras = null)
        {
            if (policies is null)
            {
                throw new ArgumentNullException(nameof(policies));
            }

            extras ??= LiveRequestExtras.None;
            PrincipalIdentity principal = PrincipalIdentity.Parse(policies.Principal);
            return new EvaluationRequest(action, policies.Principal)
            {
                // A diagnosis may name a resource by its bare name (a trail name): policies match ARNs.
                Resource = resource is null ? "*" : ResourceArnBuilder.Qualify(IamCatalog.Default, action, resource, principal.Partition, principal.AccountId, extras.Region),
                ResourceAccount = extras.ResourceAccount,
                Context = extras.Context,
                IdentityPolicies = policies.IdentityPolicies,
                PermissionsBoundary = policies.PermissionsBoundary,
                SessionPolicy = extras.SessionPolicy,
                ResourcePolicy = extras.ResourcePolicy?.Document,
                ServiceControlPolicies = extras.ServiceControlPolicies,
            };
        }

        /// <summary>Evaluates one action on one resource; with <paramref name="useSimulator"/>, also asks IAM's simulator.</summary>
        public async Task<LivePermissionResult> TestAsync(
            PrincipalPolicies policies,
            string action,
            string? resource,
            LiveRequestExtras? extras = null,
            bool useSimulator = false,
            CancellationToken cancellationToken = default)
        {
            extras ??= LiveRequestExtras.None;
            EvaluationResult evaluation = PolicyEvaluator.Evaluate(BuildRequest(policies, action, resource, extras), options);
            if (!useSimulator)
            {
                return new LivePermissionResult(evaluation, null, null);
            }

            IamSimulationResult simulated = await SimulateAsync(policies, evaluation.Action, evaluation.Resource, extras, cancellationToken).ConfigureAwait(false);

            // The simulator gets no session policy, so it is compared with the engine's answer for what it was given.
            EvaluationResult? withoutSessionPolicy = extras.SessionPolicy is null
                ? null
                : PolicyEvaluator.Evaluate(BuildRequest(policies, action, resource, extras.WithoutSessionPolicy()), options);
            return new LivePermissionResult(
                evaluation,
                ToDecision(simulated.Decision),
                simulated.MatchedStatements.Select(m => m.SourcePolicyId).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToArray(),
                withoutSessionPolicy);
        }

        /// <summary>Checks a catalog scenario for the gathered principal; region fills the {Region} placeholder.</summary>
        public ScenarioResult TestScenario(PrincipalPolicies policies, string scenario, LiveRequestExtras? extras = null, string? region = null)
        {
            // The scenario replaces the request's action with each of its own; its first step names the request.
            ScenarioInfo info = ScenarioEvaluator.Find(scenario);
            EvaluationRequest request = BuildRequest(policies, info.Permissions[0].Action, "*", extras);
            return ScenarioEvaluator.Run(info.Name, request, region, options);
        }

        /// <summary>Maps the simulator's decision names (allowed, explicitDeny, implicitDeny) onto the engine's.</summary>
        public static PolicyDecision ToDecision(string simulatorDecision) => simulatorDecision?.Trim().ToLowerInvariant() switch
        {
            "allowed" => PolicyDecision.Allowed,
            "explicitdeny" => PolicyDecision.ExplicitDeny,
            "implicitdeny" => PolicyDecision.ImplicitDeny,
            _ => throw new InvalidInputException("IAM's simulator answered an unknown decision '" + simulatorDecision + "'.", "EvalDecision"),
        };

        private async Task<IamSimulationResult> SimulateAsync(
            PrincipalPolicies policies, string action, string resource, LiveRequestExtras extras, CancellationToken cancellationToken)
        {
            var request = new IamSimulationRequest(policies.PolicySourceArn, new[] { action })
            {
                ResourceArns = resource == "*" ? null : new[] { resource },
                // No PolicyInputList: IAM adds those documents to the principal's policies, which would widen, not
                // narrow, what a session policy allows.
                ResourcePolicy = extras.ResourcePolicy?.Json,
                ContextEntries = extras.Context is null ? null : SimulatorContextKeyTypes.Entries(extras.Context, action),
            };
            IReadOnlyList<IamSimulationResult> results = await iam.SimulatePrincipalPolicyAsync(request, cancellationToken).ConfigureAwait(false);
            return results.FirstOrDefault(r => string.Equals(r.ActionName, action, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException("IAM's simulator returned no result for " + action + ".", "SimulatePrincipalPolicy");
        }
    }
}
