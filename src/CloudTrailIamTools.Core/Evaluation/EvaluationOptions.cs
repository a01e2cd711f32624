using System;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>Optional hooks for the evaluator. The engine itself knows no action catalog and no clock of its own.</summary>
    public sealed class EvaluationOptions
    {
        public static EvaluationOptions Default { get; } = new EvaluationOptions();

        /// <summary>When set, an action for which it returns false gets a warning on the result (the catalog plugs in here).</summary>
        public Func<string, bool>? IsKnownAction { get; init; }

        /// <summary>
        /// Supplies aws:CurrentTime and aws:EpochTime when a condition reads them and the request context lacks them
        /// (AWS always knows the time). Defaults to the system clock; tests pin it.
        /// </summary>
        public Func<DateTimeOffset>? Clock { get; init; }
    }
}
