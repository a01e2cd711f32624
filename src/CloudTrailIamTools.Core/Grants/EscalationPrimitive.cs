using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>Which resources a primitive is probed on: anyone's, or only other principals' (self-service is not a way up).</summary>
    public enum EscalationProbeScope
    {
        /// <summary>Every resource of the action's type, the grantee's own included.</summary>
        AnyResource,

        /// <summary>Resources other than the grantee itself (credentials for others).</summary>
        OthersOnly,

        /// <summary>Only resources named by a wildcard (sts:AssumeRole on one exact role is fine; on role/* it is not).</summary>
        WildcardsOnly,
    }

    /// <summary>
    /// One row of the escalation checklist: actions that, if a grant allowed them, would let the grantee raise its
    /// own privileges. Rows come from published research (Rhino Security Labs' IAM privilege-escalation methods and
    /// PMapper's edge checks); see about_CloudTrailIamTools_Safety.
    /// </summary>
    public sealed class EscalationPrimitive
    {
        internal EscalationPrimitive(
            string name,
            string path,
            IReadOnlyList<string> actions,
            string source,
            EscalationProbeScope scope = EscalationProbeScope.AnyResource,
            IReadOnlyList<string>? requiresAlso = null,
            IReadOnlyList<string>? passedToServices = null)
        {
            Name = name;
            Path = path;
            Actions = actions;
            Source = source;
            Scope = scope;
            RequiresAlso = requiresAlso ?? Array.Empty<string>();
            PassedToServices = passedToServices ?? Array.Empty<string>();
        }

        /// <summary>A short stable name (PolicyVersion, RolePolicyWrite, ...), used in refusals and tests.</summary>
        public string Name { get; }

        /// <summary>How the permission leads to more privilege, in a sentence.</summary>
        public string Path { get; }

        /// <summary>The actions; allowing any one of them (with <see cref="RequiresAlso"/>, when set) is the primitive.</summary>
        public IReadOnlyList<string> Actions { get; }

        /// <summary>Where the row comes from.</summary>
        public string Source { get; }

        public EscalationProbeScope Scope { get; }

        /// <summary>For combinations: the row applies only when one of these is also allowed on the same resource.</summary>
        public IReadOnlyList<string> RequiresAlso { get; }

        /// <summary>Service principals probed as iam:PassedToService; empty when the row does not pass roles.</summary>
        public IReadOnlyList<string> PassedToServices { get; }

        public override string ToString() => Name + ": " + string.Join(", ", Actions);
    }
}
