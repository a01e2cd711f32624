using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.PermissionTesting;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Decides whether a principal may perform actions, and why: binds the parameters into a PermissionTestRequest
    /// (whose rule decides offline or live) and writes what PermissionTestService answers. -InputObject takes request
    /// objects (the JSON request contract) or diagnoses from Resolve-CloudTrailAccessError.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CloudTrailPermission", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(EvaluationResult), typeof(ScenarioResult), typeof(LivePermissionResult), typeof(bool))]
    public sealed class TestCloudTrailPermissionCommand : AwsCmdlet, IDisposable
    {
        public const string OfflineSet = "Offline";
        public const string LiveSet = "Live";
        public const string InputObjectSet = "InputObject";

        private PermissionTestService? service;
        private PermissionTestRequest? template;
        private bool answered;
        private bool allAllowed = true;

        /// <summary>service:Action names. Action, Resource and PrincipalArn accept null: a piped diagnosis may lack them, and that record gets its own error.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(ActionNameCompleter)), AllowNull, AllowEmptyCollection]
        public string[]? Action { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [AllowNull, AllowEmptyCollection]
        public string[]? Resource { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet), ValidateNotNullOrEmpty]
        public string? ResourceAccount { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [AllowNull]
        public string? PrincipalArn { get; set; }

        /// <summary>Identity-based policies; giving them (even an empty array) makes the test offline.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OfflineSet), Alias("IdentityPolicy"), AllowEmptyCollection]
        public object[]? PolicyDocument { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet), ValidateNotNull]
        public object? ResourcePolicy { get; set; }

        [Parameter(ParameterSetName = OfflineSet), ValidateNotNull]
        public object? PermissionsBoundary { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet), ValidateNotNull]
        public object? SessionPolicy { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet), Alias("Scp"), ValidateNotNull]
        public object[]? ServiceControlPolicy { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet), ValidateNotNull]
        public Hashtable? Context { get; set; }

        [Parameter(ParameterSetName = OfflineSet), Parameter(ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(ScenarioNameCompleter)), ValidateNotNullOrEmpty]
        public string? Scenario { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        public SwitchParameter UseSimulator { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject[]? InputObject { get; set; }

        /// <summary>Writes one Boolean at the end instead of the results: $true only when every result is Allowed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            if (ParameterSetName == OfflineSet)
            {
                UnusedConnectionParameters.Warn(this, "without -PolicyDocument, to read the principal's policies from IAM");
            }

            service = new PermissionTestService(() => Connection, WriteVerbose);
            SuppliedPolicy? Policy(object? value, string label) =>
                value is null ? null : PolicyInput.Parse(value, label, GetUnresolvedProviderPathFromPSPath, service.PolicyCache);
            try
            {
                template = new PermissionTestRequest
                {
                    ResourceAccount = ResourceAccount,
                    Context = PolicyInput.ReadContext(Context),
                    IdentityPolicies = PolicyDocument?.Select((p, i) => PolicyInput.Parse(p, "PolicyDocument[" + i + "]", GetUnresolvedProviderPathFromPSPath, service.PolicyCache).Document).ToArray(),
                    PermissionsBoundary = Policy(PermissionsBoundary, nameof(PermissionsBoundary))?.Document,
                    SessionPolicy = Policy(SessionPolicy, nameof(SessionPolicy))?.Document,
                    ResourcePolicy = Policy(ResourcePolicy, nameof(ResourcePolicy)),
                    ServiceControlPolicies = PolicyInput.ParseLevels(ServiceControlPolicy, nameof(ServiceControlPolicy), GetUnresolvedProviderPathFromPSPath, service.PolicyCache),
                    Scenario = Scenario,
                    UseSimulator = UseSimulator.IsPresent,
                };
                PermissionTestService.Validate(template);
            }
            catch (PolicyInputException bad)
            {
                // A bad policy is bad data, reported once against what the user gave; no record is tested without it.
                template = null;
                Failed(bad.Failure, bad.Target);
            }
            catch (CloudTrailIamToolsException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(failure, failure is InvalidInputException { Location: "ResourceAccount" } ? ResourceAccount : Scenario));
            }
        }

        protected override void ProcessRecord()
        {
            if (template is null)
            {
                return;
            }

            if (ParameterSetName != InputObjectSet)
            {
                Test(() => template.With(PrincipalArn, Action, Resource), PrincipalArn);
                return;
            }

            foreach (PSObject item in InputObject ?? Array.Empty<PSObject>())
            {
                switch (item.BaseObject)
                {
                    case AccessErrorDiagnosis diagnosis:
                        Test(() => template.ForDiagnosis(diagnosis), diagnosis);
                        break;
                    case string text:
                        Evaluate(text, text);
                        break;
                    default:
                        Evaluate(PSObjectJson.Write(item), item);
                        break;
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Quiet.IsPresent)
            {
                WriteObject(answered && allAllowed);
            }
        }

        public void Dispose() => service?.Dispose();

        private void Test(Func<PermissionTestRequest> request, object? target)
        {
            try
            {
                foreach (PermissionTestAnswer answer in service!.Run(request(), CancellationToken))
                {
                    Write(answer);
                }
            }
            catch (CloudTrailIamToolsException failure)
            {
                Failed(failure, target);
            }
        }

        /// <summary>One request in the JSON contract; a bad policy in it is reported with that policy's own JSON as the target.</summary>
        private void Evaluate(string requestJson, object target)
        {
            try
            {
                Write(service!.EvaluateRequest(requestJson));
            }
            catch (PolicyFormatException bad)
            {
                Failed(bad, RequestPolicyLocator.Find(requestJson, bad.PolicyName) ?? target);
            }
            catch (CloudTrailIamToolsException failure)
            {
                Failed(failure, target);
            }
        }

        private void Write(PermissionTestAnswer answer)
        {
            if (answer.Failure is not null)
            {
                Failed(answer.Failure, answer.FailedAction);
                return;
            }

            foreach (string warning in answer.Warnings)
            {
                WriteWarning(warning);
            }

            answered = true;
            allAllowed &= answer.Decision == PolicyDecision.Allowed;
            if (!Quiet.IsPresent)
            {
                WriteObject(answer.Result);
            }
        }

        private void Failed(CloudTrailIamToolsException failure, object? target)
        {
            allAllowed = false;
            WriteError(ErrorRecordFactory.FromCoreException(failure, target));
        }
    }
}
