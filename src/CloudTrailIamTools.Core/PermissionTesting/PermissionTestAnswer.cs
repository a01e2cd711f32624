using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;

namespace CloudTrailIamTools.Core.PermissionTesting
{
    /// <summary>
    /// One answer of a permission test: a result (EvaluationResult offline, LivePermissionResult live, ScenarioResult for a
    /// scenario), or the failure of one action, after which the test goes on with the next.
    /// </summary>
    public sealed class PermissionTestAnswer
    {
        private static readonly string[] NoWarnings = Array.Empty<string>();

        private PermissionTestAnswer(object? result, PolicyDecision? decision, IReadOnlyList<string> warnings, CloudTrailIamToolsException? failure, string? failedAction)
        {
            Result = result;
            Decision = decision;
            Warnings = warnings;
            Failure = failure;
            FailedAction = failedAction;
        }

        /// <summary>The result to show; null when <see cref="Failure"/> is set.</summary>
        public object? Result { get; }

        /// <summary>The result's decision; null for a failure.</summary>
        public PolicyDecision? Decision { get; }

        /// <summary>The evaluation's warnings (unknown actions, missing context), for a front end's warning stream.</summary>
        public IReadOnlyList<string> Warnings { get; }

        public CloudTrailIamToolsException? Failure { get; }

        /// <summary>The action whose test failed.</summary>
        public string? FailedAction { get; }

        internal static PermissionTestAnswer Of(EvaluationResult result) => new PermissionTestAnswer(result, result.Decision, result.Warnings, null, null);

        internal static PermissionTestAnswer Of(LivePermissionResult result) => new PermissionTestAnswer(result, result.Decision, result.Warnings, null, null);

        internal static PermissionTestAnswer Of(ScenarioResult result) => new PermissionTestAnswer(result, result.Decision, NoWarnings, null, null);

        internal static PermissionTestAnswer Failed(CloudTrailIamToolsException failure, string action) => new PermissionTestAnswer(null, null, NoWarnings, failure, action);
    }
}
