using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Live
{
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
}
