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
    /// <summary>What a live test adds to the principal's own policies: what the caller cannot read from IAM, and context.</summary>
    public sealed class LiveRequestExtras
    {
        public static LiveRequestExtras None { get; } = new LiveRequestExtras();

        private PolicyDocument? sessionPolicy;
        private PolicyDocument? resourcePolicy;

        /// <summary>
        /// The session policy JSON of an assumed-role session (IAM cannot read it back). Not sent to the simulator, whose
        /// PolicyInputList would add it to the principal's policies instead of limiting them (see LivePermissionResult.SimulatorNote).
        /// </summary>
        public string? SessionPolicyJson { get; init; }

        /// <summary>The resource's policy JSON; also sent to the simulator.</summary>
        public string? ResourcePolicyJson { get; init; }

        /// <summary>SCP levels, root first; member accounts usually cannot read them.</summary>
        public IReadOnlyList<IReadOnlyList<PolicyDocument>> ServiceControlPolicies { get; init; } = Array.Empty<IReadOnlyList<PolicyDocument>>();

        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }

        public string? ResourceAccount { get; init; }

        /// <summary>The Region requests are made in; fills the Region of ARNs built from bare resource names.</summary>
        public string? Region { get; init; }

        /// <summary>The parsed session policy (parsed once); errors name it SessionPolicy.</summary>
        public PolicyDocument? SessionPolicy => SessionPolicyJson is null ? null : sessionPolicy ??= PolicyDocument.Parse(SessionPolicyJson, "SessionPolicy");

        /// <summary>The parsed resource policy (parsed once); errors name it ResourcePolicy.</summary>
        public PolicyDocument? ResourcePolicy => ResourcePolicyJson is null ? null : resourcePolicy ??= PolicyDocument.Parse(ResourcePolicyJson, "ResourcePolicy");

        /// <summary>The same extras without the session policy: what the simulator is given.</summary>
        internal LiveRequestExtras WithoutSessionPolicy() => SessionPolicyJson is null ? this : new LiveRequestExtras
        {
            ResourcePolicyJson = ResourcePolicyJson,
            ServiceControlPolicies = ServiceControlPolicies,
            Context = Context,
            ResourceAccount = ResourceAccount,
            Region = Region,
            resourcePolicy = resourcePolicy,
        };
    }

    /// <summary>
    /// The engine's answer for a principal whose policies were read from IAM, and, when asked, IAM's policy
    /// simulator's answer for the same question. Property names match <see cref="EvaluationResult"/> plus the simulator's.
    /// </summary>
    public sealed class LivePermissionResult
    {
        /// <param name="evaluationWithoutSessionPolicy">
        /// When a session policy was given, the engine's answer without it: the simulator cannot apply a session policy,
        /// so its answer is compared with this one. Null when no session policy was given.
        /// </param>
        public LivePermissionResult(
            EvaluationResult evaluation,
            PolicyDecision? simulatorDecision,
            IReadOnlyList<string>? simulatorMatchedStatements,
            EvaluationResult? evaluationWithoutSessionPolicy = null)
        {
            Evaluation = evaluation ?? throw new ArgumentNullException(nameof(evaluation));
            SimulatorDecision = simulatorDecision;
            SimulatorMatchedStatements = simulatorMatchedStatements ?? Array.Empty<string>();
            if (simulatorDecision is null)
            {
                Explanation = evaluation.Explanation;
                return;
            }

            PolicyDecision compared = (evaluationWithoutSessionPolicy ?? evaluation).Decision;
            SimulatorComparedDecision = compared;
            SimulatorAgrees = simulatorDecision == compared;
            string explanation = evaluation.Explanation;
            if (evaluationWithoutSessionPolicy != null)
            {
                SimulatorNote = "The session policy was not simulated: IAM's simulator would add it to the principal's policies instead of limiting them. " +
                    "The simulator is compared with the engine's answer without the session policy (" + compared + ")" +
                    (compared == evaluation.Decision ? ", which the session policy does not change." : "; with it the engine answers " + evaluation.Decision + ".");
                explanation += " " + SimulatorNote;
            }

            Explanation = explanation + (SimulatorAgrees == true
                ? " IAM's policy simulator agrees (" + simulatorDecision + ")."
                : " IAM's policy simulator disagrees: it answered " + simulatorDecision +
                    ". The simulator applies the SCPs and policies this account holds, but not resource policies it is not given; check the differences.");
        }

        public string Action => Evaluation.Action;

        public string Resource => Evaluation.Resource;

        public string Principal => Evaluation.Principal;

        public PolicyDecision Decision => Evaluation.Decision;

        public IReadOnlyList<PolicyType> DeniedBy => Evaluation.DeniedBy;

        public IReadOnlyList<PolicyType> AllowedBy => Evaluation.AllowedBy;

        /// <summary>Matched statements; Policy is the IAM policy's ARN, or entity:name for inline policies.</summary>
        public IReadOnlyList<MatchedStatement> MatchedStatements => Evaluation.MatchedStatements;

        public IReadOnlyList<string> MissingContextKeys => Evaluation.MissingContextKeys;

        public IReadOnlyList<string> Warnings => Evaluation.Warnings;

        /// <summary>See <see cref="EvaluationResult.AllowedOnResources"/>.</summary>
        public IReadOnlyList<string> AllowedOnResources => Evaluation.AllowedOnResources;

        public string Explanation { get; }

        /// <summary>What SimulatePrincipalPolicy answered; null when the simulator was not asked.</summary>
        public PolicyDecision? SimulatorDecision { get; }

        /// <summary>
        /// Whether the simulator's decision equals <see cref="SimulatorComparedDecision"/>, the engine's answer for what the
        /// simulator was given; null when the simulator was not asked.
        /// </summary>
        public bool? SimulatorAgrees { get; }

        /// <summary>
        /// The engine's decision the simulator is compared with: <see cref="Decision"/>, or the decision without the session
        /// policy when one was given (the simulator cannot apply one). Null when the simulator was not asked.
        /// </summary>
        public PolicyDecision? SimulatorComparedDecision { get; }

        /// <summary>What the simulator was not given and how the comparison allows for it; null when nothing was left out.</summary>
        public string? SimulatorNote { get; }

        /// <summary>The simulator's matched statements' source policy ids; empty when not asked or none matched.</summary>
        public IReadOnlyList<string> SimulatorMatchedStatements { get; }

        /// <summary>The engine's own result (not serialised: its properties are above).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public EvaluationResult Evaluation { get; }
    }

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
                ResourcePolicy = extras.ResourcePolicy,
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
            EvaluationResult? withoutSessionPolicy = extras.SessionPolicyJson is null
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
            ScenarioInfoCheck(scenario);
            EvaluationRequest request = BuildRequest(policies, "sts:GetCallerIdentity", "*", extras);
            return ScenarioEvaluator.Run(scenario, request, region, options);
        }

        /// <summary>Maps the simulator's decision names (allowed, explicitDeny, implicitDeny) onto the engine's.</summary>
        public static PolicyDecision ToDecision(string simulatorDecision) => simulatorDecision?.Trim().ToLowerInvariant() switch
        {
            "allowed" => PolicyDecision.Allowed,
            "explicitdeny" => PolicyDecision.ExplicitDeny,
            "implicitdeny" => PolicyDecision.ImplicitDeny,
            _ => throw new InvalidInputException("IAM's simulator answered an unknown decision '" + simulatorDecision + "'.", "EvalDecision"),
        };

        private static void ScenarioInfoCheck(string scenario) => ScenarioEvaluator.Find(scenario);

        private async Task<IamSimulationResult> SimulateAsync(
            PrincipalPolicies policies, string action, string resource, LiveRequestExtras extras, CancellationToken cancellationToken)
        {
            var request = new IamSimulationRequest(policies.PolicySourceArn, new[] { action })
            {
                ResourceArns = resource == "*" ? null : new[] { resource },
                // No PolicyInputList: IAM adds those documents to the principal's policies, which would widen, not
                // narrow, what a session policy allows.
                ResourcePolicy = extras.ResourcePolicyJson,
                ContextEntries = extras.Context is null ? null : SimulatorContextKeyTypes.Entries(extras.Context, action),
            };
            IReadOnlyList<IamSimulationResult> results = await iam.SimulatePrincipalPolicyAsync(request, cancellationToken).ConfigureAwait(false);
            return results.FirstOrDefault(r => string.Equals(r.ActionName, action, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException("IAM's simulator returned no result for " + action + ".", "SimulatePrincipalPolicy");
        }
    }
}
