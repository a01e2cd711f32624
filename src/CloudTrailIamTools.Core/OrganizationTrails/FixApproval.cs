namespace CloudTrailIamTools.Core.OrganizationTrails
{
    /// <summary>What the runner wants to change, shown to whoever approves it (ShouldProcess, --what-if).</summary>
    public sealed class FixProposal
    {
        public FixProposal(OrganizationTrailCheck check, string target, string action)
        {
            Check = check;
            Target = target;
            Action = action;
        }

        public OrganizationTrailCheck Check { get; }

        /// <summary>What is changed, e.g. "organization o-abc123 (management account 111122223333)".</summary>
        public string Target { get; }

        /// <summary>The change, e.g. "Enable trusted access for cloudtrail.amazonaws.com".</summary>
        public string Action { get; }
    }

    public enum FixDecision
    {
        Apply,

        /// <summary>Preview only (-WhatIf, --what-if): report WouldFix.</summary>
        WhatIf,

        /// <summary>The user said no at a confirmation prompt.</summary>
        Declined,
    }

    /// <summary>Asked once per fix, after the target is known. May be called from any thread.</summary>
    public interface IFixApprover
    {
        FixDecision Decide(FixProposal proposal);
    }

    /// <summary>Applies every fix, or previews every fix.</summary>
    public sealed class FixedDecisionApprover : IFixApprover
    {
        public static readonly FixedDecisionApprover ApplyAll = new FixedDecisionApprover(FixDecision.Apply);

        public static readonly FixedDecisionApprover WhatIfAll = new FixedDecisionApprover(FixDecision.WhatIf);

        private readonly FixDecision decision;

        private FixedDecisionApprover(FixDecision decision)
        {
            this.decision = decision;
        }

        public FixDecision Decide(FixProposal proposal) => decision;
    }
}
