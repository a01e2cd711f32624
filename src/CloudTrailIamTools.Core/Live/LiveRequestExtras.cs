using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>
    /// What a live test adds to the principal's own policies: what the caller cannot read from IAM, and context.
    /// Every policy arrives parsed, so nothing here can fail after construction.
    /// </summary>
    public sealed class LiveRequestExtras
    {
        public static LiveRequestExtras None { get; } = new LiveRequestExtras();

        /// <summary>
        /// The session policy of an assumed-role session (IAM cannot read it back). Not sent to the simulator, whose
        /// PolicyInputList would add it to the principal's policies instead of limiting them (see LivePermissionResult.SimulatorNote).
        /// </summary>
        public PolicyDocument? SessionPolicy { get; init; }

        /// <summary>The resource's policy; its JSON is also sent to the simulator.</summary>
        public SuppliedPolicy? ResourcePolicy { get; init; }

        /// <summary>SCP levels, root first; member accounts usually cannot read them.</summary>
        public IReadOnlyList<IReadOnlyList<PolicyDocument>> ServiceControlPolicies { get; init; } = Array.Empty<IReadOnlyList<PolicyDocument>>();

        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }

        public string? ResourceAccount { get; init; }

        /// <summary>The Region requests are made in; fills the Region of ARNs built from bare resource names.</summary>
        public string? Region { get; init; }

        /// <summary>The same extras without the session policy: what the simulator is given.</summary>
        internal LiveRequestExtras WithoutSessionPolicy() => SessionPolicy is null ? this : new LiveRequestExtras
        {
            ResourcePolicy = ResourcePolicy,
            ServiceControlPolicies = ServiceControlPolicies,
            Context = Context,
            ResourceAccount = ResourceAccount,
            Region = Region,
        };
    }
}
