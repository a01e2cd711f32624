using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>The mutable working state of one diagnosis while parsers and the advisor fill it in.</summary>
    internal sealed class DiagnosisDraft
    {
        private static readonly IReadOnlyList<string> NoPolicies = Array.Empty<string>();

        public DiagnosisDraft(string source)
        {
            Source = source;
        }

        public string Source { get; }

        public DiagnosisKind Kind { get; set; } = DiagnosisKind.Unrecognized;

        public string? ErrorCode { get; set; }

        public string? Operation { get; set; }

        public PrincipalIdentity? Principal { get; set; }

        public string? AccountId { get; set; }

        public string? Action { get; set; }

        /// <summary>The message said "perform: null": AWS did not name the action.</summary>
        public bool ActionWrittenAsNull { get; set; }

        /// <summary>The action was not in the message but taken from the event or the operation name.</summary>
        public bool ActionInferred { get; set; }

        public string? Service { get; set; }

        /// <summary>The service a tool wrapper named (Go's "operation error CloudTrail:", Java's "(Service: Iam"), for inferring the action.</summary>
        public string? ServiceHint { get; set; }

        /// <summary>An operation derived from Terraform's "creating CloudTrail Trail"; used only when the catalog confirms it.</summary>
        public string? OperationCandidate { get; set; }

        public bool? ActionIsKnown { get; set; }

        public string? Resource { get; set; }

        public string? Region { get; set; }

        public DenialType DenialType { get; set; } = DenialType.Unknown;

        public PolicyType? PolicyType { get; set; }

        /// <summary>"... transitively through a X policy": the policy type the denial travelled through.</summary>
        public PolicyType? TransitivePolicyType { get; set; }

        public string? PolicyArn { get; set; }

        public string Cause { get; set; } = string.Empty;

        public RemediationSteps Remediation { get; } = new RemediationSteps();

        public IReadOnlyList<string> SuggestedManagedPolicies { get; set; } = NoPolicies;

        public string? SuggestedPolicy { get; set; }

        /// <summary>The identity-policy statements a grant would write; empty when a grant cannot help.</summary>
        public IReadOnlyList<Grants.GrantStatement> SuggestedStatements { get; set; } = Array.Empty<Grants.GrantStatement>();

        /// <summary>Why a grant to the principal would not help, when it would not; null while undecided or when it helps.</summary>
        public Grants.GrantRefusalReason? NoGrantReason { get; set; }

        public string? NoGrantExplanation { get; set; }

        /// <summary>The identity grant that fixes the denial: its statements, also written as SuggestedPolicy.</summary>
        public void SuggestGrant(params Grants.GrantStatement[] statements)
        {
            SuggestedStatements = statements;
            SuggestedPolicy = SuggestedPolicyBuilder.Document(statements);
            NoGrantReason = null;
            NoGrantExplanation = null;
        }

        /// <summary>Records that a grant would not help, and why; the first reason given stands.</summary>
        public void NoGrant(Grants.GrantRefusalReason reason, string explanation)
        {
            SuggestedStatements = Array.Empty<Grants.GrantStatement>();
            if (NoGrantReason is null)
            {
                NoGrantReason = reason;
                NoGrantExplanation = explanation;
            }
        }

        public string HelpTopic { get; set; } = HelpTopics.Overview;

        public string? Message { get; set; }

        public string? EncodedMessage { get; set; }

        public DateTimeOffset? EventTime { get; set; }

        public string? EventId { get; set; }

        /// <summary>Why the input was not understood, for Unrecognized results.</summary>
        public string? UnrecognizedReason { get; set; }

        public AccessErrorDiagnosis Build() => new AccessErrorDiagnosis(this);
    }

    /// <summary>The about_ topics the diagnoses point to.</summary>
    public static class HelpTopics
    {
        public const string Overview = "about_CloudTrailIamTools";
        public const string NotAuthorized = "about_CloudTrailIamTools_NotAuthorized";
        public const string PassRole = "about_CloudTrailIamTools_PassRole";
        public const string CrossAccountAccess = "about_CloudTrailIamTools_CrossAccountAccess";
        public const string OrganizationTrails = "about_CloudTrailIamTools_OrganizationTrails";
        public const string PolicyEvaluation = "about_CloudTrailIamTools_PolicyEvaluation";
        public const string Credentials = "about_CloudTrailIamTools_Credentials";
        public const string Safety = "about_CloudTrailIamTools_Safety";
    }
}
