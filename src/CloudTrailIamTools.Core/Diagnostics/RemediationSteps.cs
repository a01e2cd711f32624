using System.Collections;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>The ordered steps of a diagnosis being built: advice in words (Add(string)) and typed steps, in one order.</summary>
    internal sealed class RemediationSteps : IEnumerable<RemediationStep>
    {
        private readonly List<RemediationStep> steps = new List<RemediationStep>();

        public int Count => steps.Count;

        public void Add(string text) => steps.Add(RemediationStep.Explain(text));

        public void Add(RemediationStep step) => steps.Add(step);

        public void AddRange(IEnumerable<string> texts)
        {
            foreach (string text in texts)
            {
                Add(text);
            }
        }

        public RemediationStep[] ToArray() => steps.ToArray();

        public IEnumerator<RemediationStep> GetEnumerator() => steps.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
