using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>A policy set's verdict: whether any Allow and any Deny statement applied, and how the best Allow named the caller.</summary>
    internal struct PolicyOutcome
    {
        public bool Allow;
        public bool Deny;
        public PrincipalMatch BestAllowMatch;
    }
}
