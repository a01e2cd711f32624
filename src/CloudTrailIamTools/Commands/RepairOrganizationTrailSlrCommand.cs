using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.OrganizationTrails;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Checks every prerequisite of organization trails (organization, all features, management account, permissions,
    /// trusted access, CloudTrail's service-linked role, optionally a delegated administrator), fixes what it may, and
    /// reads the state again. One result per check. Diagnoses from Resolve-CloudTrailAccessError can be piped in.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "OrganizationTrailSlr", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OrganizationTrailCheckResult))]
    public sealed class RepairOrganizationTrailSlrCommand : AwsCmdlet
    {
        public const string DiagnosisNotApplicableErrorId = "DiagnosisNotApplicable";

        private int acceptedDiagnoses;
        private int rejectedDiagnoses;

        /// <summary>A member account to make a CloudTrail delegated administrator (registered through CloudTrail's API).</summary>
        [Parameter(Position = 0)]
        [Alias("DelegatedAdminAccountId", "MemberAccountId")]
        public string? DelegatedAdministratorAccountId { get; set; }

        /// <summary>Diagnoses of kind ServiceLinkedRoleMissing or OrganizationPrerequisite from Resolve-CloudTrailAccessError.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public AccessErrorDiagnosis[]? Diagnosis { get; set; }

        /// <summary>Applies the fixes without asking, unless -WhatIf is given.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            // Checked here rather than with ValidatePattern, so the error is ours (InvalidInput, with a message that
            // says what an account id looks like) and not PowerShell's generic regex failure.
            if (DelegatedAdministratorAccountId is not null)
            {
                try
                {
                    DelegatedAdministratorAccountId = OrganizationTrailRepairRunner.ValidateAccountId(DelegatedAdministratorAccountId, "DelegatedAdministratorAccountId");
                }
                catch (CloudTrailIamToolsException invalid)
                {
                    ThrowTerminatingError(ErrorRecordFactory.FromCoreException(invalid, DelegatedAdministratorAccountId));
                }
            }
        }

        protected override void ProcessRecord()
        {
            foreach (AccessErrorDiagnosis diagnosis in Diagnosis ?? Array.Empty<AccessErrorDiagnosis>())
            {
                if (diagnosis.Kind == DiagnosisKind.ServiceLinkedRoleMissing || diagnosis.Kind == DiagnosisKind.OrganizationPrerequisite)
                {
                    acceptedDiagnoses++;
                    WriteVerbose($"Repairing for {diagnosis.Kind} ({diagnosis.ErrorCode ?? "no error code"}).");
                    continue;
                }

                rejectedDiagnoses++;
                WriteError(ErrorRecordFactory.Create(
                    DiagnosisNotApplicableErrorId,
                    ErrorCategory.InvalidArgument,
                    $"Repair-OrganizationTrailSlr fixes organization-trail prerequisites (diagnoses of kind ServiceLinkedRoleMissing or OrganizationPrerequisite); this diagnosis is {diagnosis.Kind}" +
                    $"{(diagnosis.ErrorCode is null ? string.Empty : " (" + diagnosis.ErrorCode + ")")}. Follow its Remediation instead (Get-Help {diagnosis.HelpTopic}).",
                    diagnosis));
            }
        }

        protected override void EndProcessing()
        {
            // Only inapplicable diagnoses came in: there is nothing this command should repair for them.
            if (rejectedDiagnoses > 0 && acceptedDiagnoses == 0)
            {
                return;
            }

            using var api = AwsOrganizationTrailApi.Create(Connection);
            using var work = new BlockingCollection<Action>();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
            var runner = new OrganizationTrailRepairRunner(api, new ShouldProcessApprover(this, work, cancel.Token));
            var options = new OrganizationTrailRepairOptions { DelegatedAdministratorAccountId = DelegatedAdministratorAccountId };

            // The runner works on the thread pool; results and prompts come back here because only this thread may write or ask.
            Task run = Task.Run(async () =>
            {
                try
                {
                    await runner.RunAsync(options, result => work.Add(() => WriteObject(result)), cancel.Token).ConfigureAwait(false);
                }
                finally
                {
                    work.CompleteAdding();
                }
            });

            try
            {
                foreach (Action action in work.GetConsumingEnumerable())
                {
                    action();
                }
            }
            catch
            {
                cancel.Cancel();
                throw;
            }

            try
            {
                run.GetAwaiter().GetResult();
            }
            catch (CloudTrailIamToolsException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(failure, DelegatedAdministratorAccountId));
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell stops the pipeline itself.
            }
        }

        private bool WhatIfRequested =>
            (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf) && whatIf is SwitchParameter s && s.IsPresent)
            || (GetVariableValue("WhatIfPreference") is object preference && LanguagePrimitives.IsTrue(preference));

        /// <summary>ShouldProcess per fix, asked on the pipeline thread; -Force skips the prompt, but never -WhatIf nor an explicit -Confirm.</summary>
        private sealed class ShouldProcessApprover : IFixApprover
        {
            private readonly RepairOrganizationTrailSlrCommand command;
            private readonly BlockingCollection<Action> work;
            private readonly CancellationToken cancellationToken;

            public ShouldProcessApprover(RepairOrganizationTrailSlrCommand command, BlockingCollection<Action> work, CancellationToken cancellationToken)
            {
                this.command = command;
                this.work = work;
                this.cancellationToken = cancellationToken;
            }

            public FixDecision Decide(FixProposal proposal)
            {
                var answer = new TaskCompletionSource<FixDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
                work.Add(() =>
                {
                    try
                    {
                        answer.SetResult(Ask(proposal));
                    }
                    catch (Exception failure)
                    {
                        answer.SetException(failure);
                        throw;
                    }
                });
                // If the pipeline thread stops consuming (Ctrl+C, a failed write), cancellation releases this wait.
                answer.Task.Wait(cancellationToken);
                return answer.Task.GetAwaiter().GetResult();
            }

            private FixDecision Ask(FixProposal proposal)
            {
                // Like the grant cmdlets: -Force -Confirm still asks.
                if (command.Force.IsPresent && !command.WhatIfRequested && !ShouldProcessWhatIf.IsConfirmRequested(command))
                {
                    command.WriteVerbose($"-Force: {proposal.Action} on {proposal.Target}.");
                    return FixDecision.Apply;
                }

                if (command.ShouldProcess(proposal.Target, proposal.Action))
                {
                    return FixDecision.Apply;
                }

                return command.WhatIfRequested ? FixDecision.WhatIf : FixDecision.Declined;
            }
        }
    }
}
