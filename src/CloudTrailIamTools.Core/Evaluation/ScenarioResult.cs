using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Evaluation
{
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
}
