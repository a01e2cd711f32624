using System;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Creates a read-only role that other AWS accounts may assume to read this account's CloudTrail data and their
    /// own log files in a shared bucket. An existing role that differs is refused unless it carries our tag and -Force is
    /// given, which updates only its trust policy and our inline policy.
    /// </summary>
    [Cmdlet(VerbsSecurity.Grant, "CloudTrailCrossAccountRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CrossAccountRoleResult))]
    public sealed class GrantCloudTrailCrossAccountRoleCommand : AwsCmdlet, IDisposable
    {
        private readonly CrossAccountRoleLedger ledger = new CrossAccountRoleLedger();
        private IamClient? iam;
        private StsClient? sts;

        /// <summary>The 12-digit IDs of the accounts whose users may assume the role.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AccountId")]
        [ValidateNotNullOrEmpty]
        public string[]? TrustedAccountId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string RoleName { get; set; } = CrossAccountRoleRequest.DefaultRoleName;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

        /// <summary>The trusted account is a third party acting for several customers: requires -ExternalId.</summary>
        [Parameter]
        public SwitchParameter ThirdParty { get; set; }

        [Parameter]
        public SwitchParameter RequireMfa { get; set; }

        [Parameter]
        [ValidateRange(3600, 43200)]
        public int? MaxSessionDuration { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? LogBucketName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? LogPrefix { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? OrganizationId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? KmsKeyArn { get; set; }

        /// <summary>Updates an existing role of ours that differs (trust policy and our inline policy only) and skips the confirmation prompt.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            CrossAccountRoleRequest request;
            try
            {
                // Every value is checked before any call: a wildcard or organization-wide trust never reaches AWS.
                request = new CrossAccountRoleRequest(
                    TrustedAccountId!, RoleName, ExternalId, ThirdParty, RequireMfa, MaxSessionDuration, LogBucketName, LogPrefix, OrganizationId, KmsKeyArn);
                // Piped records share the default RoleName: a later one must not replace what an earlier one set.
                ledger.ThrowIfAlreadySet(request);
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, string.Join(",", TrustedAccountId ?? Array.Empty<string>())));
                return;
            }

            iam ??= Connection.CreateIamClient();
            sts ??= Connection.CreateStsClient();
            var granter = new CrossAccountRoleGranter(iam, sts);
            try
            {
                CrossAccountRolePlan plan = Call(ct => granter.PlanAsync(request, ct));
                // Notes first: an Unchanged role can still hold other policies the user should know about.
                foreach (string note in plan.Notes)
                {
                    WriteWarning(note);
                }

                if (!plan.NeedsChange)
                {
                    ledger.Record(request);
                    WriteObject(plan.ToResult(CrossAccountRoleChange.Unchanged));
                    return;
                }

                CrossAccountRoleGranter.ThrowIfConflict(plan, Force);
                if (ShouldProcessWhatIf.IsWhatIf(this))
                {
                    ShouldProcess(plan.WhatIfText, plan.WhatIfText, "Grant-CloudTrailCrossAccountRole");
                    ledger.Record(request);
                    WriteObject(plan.ToResult(CrossAccountRoleChange.WouldChange));
                    return;
                }

                if ((Force && !ShouldProcessWhatIf.IsConfirmRequested(this)) ||
                    ShouldProcess(plan.WhatIfText, "Let other accounts assume this role? " + plan.WhatIfText, "Grant-CloudTrailCrossAccountRole"))
                {
                    CrossAccountRoleResult result = Call(ct => granter.ApplyAsync(plan, Force, ct));
                    ledger.Record(request);
                    WriteObject(result);
                }
            }
            catch (CrossAccountRoleConflictException conflict)
            {
                WriteError(ErrorRecordFactory.FromCoreException(conflict, conflict.Planned));
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, RoleName));
            }
        }

        public void Dispose()
        {
            iam?.Dispose();
            sts?.Dispose();
        }
    }
}
