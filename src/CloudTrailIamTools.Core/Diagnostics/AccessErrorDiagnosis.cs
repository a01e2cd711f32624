using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// A structured reading of one access error: who was refused, what, where, by which policy type, why, and
    /// the fix. Property names are a contract shared by the cmdlets and the CLI's JSON. Absent values are null;
    /// lists are empty, never null.
    /// </summary>
    public sealed class AccessErrorDiagnosis
    {
        internal AccessErrorDiagnosis(DiagnosisDraft draft)
        {
            Recognized = draft.Kind != DiagnosisKind.Unrecognized;
            Kind = draft.Kind;
            ErrorCode = draft.ErrorCode;
            Operation = draft.Operation;
            PrincipalArn = draft.Principal?.Text;
            PrincipalType = draft.Principal?.Type ?? PrincipalType.Unknown;
            AccountId = draft.AccountId ?? draft.Principal?.AccountId;
            PrincipalName = draft.Principal?.Name;
            SessionName = draft.Principal?.SessionName;
            Action = draft.Action;
            ActionInferred = draft.ActionInferred;
            Service = draft.Service;
            ActionIsKnown = draft.ActionIsKnown;
            Resource = draft.Resource;
            Region = draft.Region;
            DenialType = draft.DenialType;
            PolicyType = draft.PolicyType;
            PolicyArn = draft.PolicyArn;
            Cause = draft.Cause;
            Steps = draft.Remediation.ToArray();
            Remediation = Render(Steps, PlainRemediationRenderer.Instance);
            SuggestedManagedPolicies = draft.SuggestedManagedPolicies;
            SuggestedPolicy = draft.SuggestedPolicy;
            SuggestedStatements = draft.SuggestedStatements;
            GrantHelps = draft.SuggestedStatements.Count > 0 && draft.NoGrantReason is null;
            NoGrantReason = GrantHelps ? null : draft.NoGrantReason ?? Grants.GrantRefusalReason.NotAPermissionProblem;
            NoGrantExplanation = GrantHelps ? null : draft.NoGrantExplanation ?? "A permission grant cannot fix this (" + draft.Kind + "): " + draft.Cause;
            HelpTopic = draft.HelpTopic;
            Source = draft.Source;
            Message = draft.Message;
            EncodedMessage = draft.EncodedMessage;
            EventTime = draft.EventTime;
            EventId = draft.EventId;
        }

        public bool Recognized { get; }

        public DiagnosisKind Kind { get; }

        /// <summary>The service's error code (AccessDeniedException, NoManagementAccountSLRExistsException, ...).</summary>
        public string? ErrorCode { get; }

        /// <summary>The API operation that failed, when the input names it (AWS CLI wrapper, event name, cmdlet).</summary>
        public string? Operation { get; }

        public string? PrincipalArn { get; }

        public PrincipalType PrincipalType { get; }

        public string? AccountId { get; }

        /// <summary>The user or role name without its path; the role's name for an assumed-role session.</summary>
        public string? PrincipalName { get; }

        public string? SessionName { get; }

        /// <summary>The action as the input wrote it, or as derived from the event or operation.</summary>
        public string? Action { get; }

        /// <summary>True when the message did not name the action and it was taken from the operation (and service) or the event.</summary>
        public bool ActionInferred { get; }

        /// <summary>The action's service prefix (cloudtrail, iam, s3, ...).</summary>
        public string? Service { get; }

        /// <summary>Whether the catalog knows the action; null when there is no action to check.</summary>
        public bool? ActionIsKnown { get; }

        /// <summary>The denied resource, unquoted: an ARN, or a bare name when AWS gave only that.</summary>
        public string? Resource { get; }

        public string? Region { get; }

        public DenialType DenialType { get; }

        public PolicyType? PolicyType { get; }

        /// <summary>The ARN of the denying policy, when AWS named it.</summary>
        public string? PolicyArn { get; }

        /// <summary>Why the request failed, in a sentence or two; for unrecognized input, why it was not understood.</summary>
        public string Cause { get; }

        /// <summary>What to do, in order, as lines for the front end that wrote this diagnosis (words only until one renders it).</summary>
        public IReadOnlyList<string> Remediation { get; private set; }

        /// <summary>The same steps as data: what to do (grant, repair, test, read, edit a policy) with its arguments.</summary>
        public IReadOnlyList<RemediationStep> Steps { get; }

        /// <summary>A copy whose <see cref="Remediation"/> lines are rendered for one front end (cmdlet or cloudtrail-iam lines).</summary>
        public AccessErrorDiagnosis RenderedFor(IRemediationRenderer renderer)
        {
            if (renderer is null)
            {
                throw new ArgumentNullException(nameof(renderer));
            }

            var copy = (AccessErrorDiagnosis)MemberwiseClone();
            copy.Remediation = Render(Steps, renderer);
            return copy;
        }

        private static IReadOnlyList<string> Render(IReadOnlyList<RemediationStep> steps, IRemediationRenderer renderer)
        {
            var lines = new string[steps.Count];
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] = renderer.Render(steps[i]);
            }

            return lines;
        }

        /// <summary>AWS managed policy ARNs that grant the action, narrowest first; empty when a grant cannot help.</summary>
        public IReadOnlyList<string> SuggestedManagedPolicies { get; }

        /// <summary>A least-privilege policy document (JSON) for exactly this action and resource; null when a grant cannot help.</summary>
        [JsonConverter(typeof(RawJsonStringConverter))]
        public string? SuggestedPolicy { get; }

        /// <summary>Whether granting <see cref="SuggestedStatements"/> to the principal's user or role fixes the denial.</summary>
        public bool GrantHelps { get; }

        /// <summary>Why a grant would not help; null when it would.</summary>
        public Grants.GrantRefusalReason? NoGrantReason { get; }

        /// <summary>The reason in a sentence, naming where the fix belongs instead; null when a grant helps.</summary>
        public string? NoGrantExplanation { get; }

        /// <summary>The identity-policy statements of <see cref="SuggestedPolicy"/> as data; the grant path writes exactly these. Empty when a grant cannot help.</summary>
        public IReadOnlyList<Grants.GrantStatement> SuggestedStatements { get; }

        /// <summary>The about_ topic that explains this kind of failure.</summary>
        public string HelpTopic { get; }

        /// <summary>Where the input came from: Message, Exception, ErrorRecord, Event, or a file path and record number.</summary>
        public string Source { get; }

        /// <summary>The service's message, with wrappers (CLI prefix, exception type, cmdlet name) removed.</summary>
        public string? Message { get; }

        /// <summary>The encoded authorization failure blob, for sts:DecodeAuthorizationMessage.</summary>
        public string? EncodedMessage { get; }

        public DateTimeOffset? EventTime { get; }

        public string? EventId { get; }

        public override string ToString() =>
            Recognized ? Kind + ": " + (Action ?? ErrorCode ?? "access denied") + (PrincipalArn is null ? string.Empty : " for " + PrincipalArn) : "Unrecognized: " + Cause;
    }
}
