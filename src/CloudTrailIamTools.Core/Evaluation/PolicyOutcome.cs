using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// A policy set's verdict: whether any Allow and any Deny statement applied, and every way the applying
    /// Allow statements named the caller. All are kept because each decides differently (an account match
    /// needs the identity side, a match on the user does not), and any one that suffices must count.
    /// </summary>
    internal struct PolicyOutcome
    {
        public bool Allow;
        public bool Deny;
        private int allowMatches;

        public void AddAllow(PrincipalMatch match)
        {
            Allow = true;
            allowMatches |= 1 << (int)match;
        }

        public readonly bool AllowedAs(PrincipalMatch match) => (allowMatches & (1 << (int)match)) != 0;
    }
}
