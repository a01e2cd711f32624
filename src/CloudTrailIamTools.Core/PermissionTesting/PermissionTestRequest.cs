using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.PermissionTesting
{
    /// <summary>
    /// Everything one permission test needs, with every policy already parsed: who, which actions on which
    /// resources (or a whole scenario), and the policies and context the caller supplies. Immutable: a front end builds
    /// one from its options once and derives one per pipeline record with <see cref="With"/>.
    /// </summary>
    /// <remarks>
    /// The offline/live rule (<see cref="IsOffline"/>): a test is offline when the caller says so, when the caller
    /// supplies the identity side (identity policies or a permissions boundary), or when the principal is not an IAM
    /// user, role or assumed-role session (an account or root, a service principal, Anonymous: IAM holds no policies to
    /// read for it). Otherwise it is live: the principal's policies (the caller's when no principal is named) are read
    /// from IAM, and the supplied session, resource and SCP policies are added to them.
    /// </remarks>
    public sealed class PermissionTestRequest
    {
        private static readonly string[] None = Array.Empty<string>();

        public PermissionTestRequest()
        {
        }

        private PermissionTestRequest(PermissionTestRequest template, string? principal, IReadOnlyList<string>? actions, IReadOnlyList<string>? resources)
        {
            Principal = principal;
            Actions = actions ?? None;
            Resources = resources ?? None;
            ResourceAccount = template.ResourceAccount;
            Context = template.Context;
            IdentityPolicies = template.IdentityPolicies;
            PermissionsBoundary = template.PermissionsBoundary;
            SessionPolicy = template.SessionPolicy;
            ResourcePolicy = template.ResourcePolicy;
            ServiceControlPolicies = template.ServiceControlPolicies;
            Scenario = template.Scenario;
            Offline = template.Offline;
            UseSimulator = template.UseSimulator;
        }

        /// <summary>The principal ARN (or account, service principal, Anonymous); null means the caller (live only).</summary>
        public string? Principal { get; init; }

        /// <summary>service:Action names; one result per action and resource.</summary>
        public IReadOnlyList<string> Actions { get; init; } = None;

        /// <summary>Resource ARNs (or bare names live, qualified from the action); empty means "*".</summary>
        public IReadOnlyList<string> Resources { get; init; } = None;

        /// <summary>The 12-digit account owning the resource when its ARN has none (S3).</summary>
        public string? ResourceAccount { get; init; }

        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }

        /// <summary>The principal's identity policies as supplied; null means "read them from IAM" unless the test is offline.</summary>
        public IReadOnlyList<PolicyDocument>? IdentityPolicies { get; init; }

        public PolicyDocument? PermissionsBoundary { get; init; }

        /// <summary>The session policy of an assumed-role session (live too: IAM cannot read it back).</summary>
        public PolicyDocument? SessionPolicy { get; init; }

        public SuppliedPolicy? ResourcePolicy { get; init; }

        /// <summary>SCP levels, organization root first.</summary>
        public IReadOnlyList<IReadOnlyList<PolicyDocument>> ServiceControlPolicies { get; init; } = Array.Empty<IReadOnlyList<PolicyDocument>>();

        /// <summary>A catalog scenario to check in full instead of single actions.</summary>
        public string? Scenario { get; init; }

        /// <summary>Never call AWS, even without identity policies.</summary>
        public bool Offline { get; init; }

        /// <summary>Live single actions only: also ask IAM's policy simulator and compare.</summary>
        public bool UseSimulator { get; init; }

        /// <summary>Whether the test evaluates only what was supplied; see the remarks on <see cref="PermissionTestRequest"/>.</summary>
        public bool IsOffline =>
            Offline || IdentityPolicies is not null || PermissionsBoundary is not null ||
            (Principal is not null && !HasIamPolicies(Principal));

        /// <summary>The same test for another principal, actions and resources (one pipeline record).</summary>
        public PermissionTestRequest With(string? principal, IReadOnlyList<string>? actions, IReadOnlyList<string>? resources) =>
            new PermissionTestRequest(this, principal, actions, resources);

        /// <summary>
        /// Re-tests what a diagnosis says was denied: its principal, action and resource, with this request's policies and
        /// options.
        /// </summary>
        /// <exception cref="PermissionTestException">The diagnosis names no action (ErrorId DiagnosisHasNoAction).</exception>
        public PermissionTestRequest ForDiagnosis(AccessErrorDiagnosis diagnosis)
        {
            if (diagnosis is null)
            {
                throw new ArgumentNullException(nameof(diagnosis));
            }

            if (diagnosis.Action is null)
            {
                throw new PermissionTestException("DiagnosisHasNoAction", "The diagnosis names no action to re-test (" + diagnosis.Cause + ")", "Action");
            }

            return With(diagnosis.PrincipalArn, new[] { diagnosis.Action }, new[] { diagnosis.Resource ?? "*" });
        }

        private static bool HasIamPolicies(string principal) =>
            PrincipalIdentity.TryParse(principal, out PrincipalIdentity? identity) &&
            identity.Type is PrincipalType.User or PrincipalType.Role or PrincipalType.AssumedRole;
    }
}
