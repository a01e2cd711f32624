using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Decides whether a principal may perform actions, and why. Offline it evaluates the policy documents given;
    /// live it reads the principal's policies from IAM (optionally asking IAM's simulator too); -InputObject takes
    /// request objects (the JSON request contract) or diagnoses from Resolve-CloudTrailAccessError.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CloudTrailPermission", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(EvaluationResult), typeof(ScenarioResult), typeof(LivePermissionResult))]
    public sealed class TestCloudTrailPermissionCommand : AwsCmdlet
    {
        public const string OfflineSet = "Offline";
        public const string LiveSet = "Live";
        public const string InputObjectSet = "InputObject";

        private readonly PolicyCache policyCache = new PolicyCache();
        private readonly Dictionary<string, PrincipalPolicies> principals = new Dictionary<string, PrincipalPolicies>(StringComparer.Ordinal);
        private EvaluationRequestReader? requestReader;
        private IamClient? iam;
        private StsClient? sts;
        private LivePermissionTester? tester;

        /// <summary>
        /// service:Action names to test; one result per action and resource. Action, Resource and PrincipalArn accept
        /// null because piped diagnoses often lack them: binding must not fail, the record gets its own error instead.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(ActionNameCompleter))]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? Action { get; set; }

        /// <summary>Resource ARNs; * (the default) for actions without resource-level permissions.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? Resource { get; set; }

        /// <summary>The 12-digit account owning the resource when its ARN has none (S3): decides same- versus cross-account.</summary>
        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceAccount { get; set; }

        /// <summary>Offline: any principal. Live: a user, role or assumed-role session ARN; the caller when omitted.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LiveSet)]
        [AllowNull]
        public string? PrincipalArn { get; set; }

        /// <summary>Identity-based policies: JSON text, a path to a JSON file, or a hashtable; several allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OfflineSet)]
        [Alias("IdentityPolicy")]
        [AllowEmptyCollection]
        public object[]? PolicyDocument { get; set; }

        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNull]
        public object? ResourcePolicy { get; set; }

        [Parameter(ParameterSetName = OfflineSet)]
        [ValidateNotNull]
        public object? PermissionsBoundary { get; set; }

        /// <summary>The session policy of an assumed-role session (live: IAM cannot read it back).</summary>
        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNull]
        public object? SessionPolicy { get; set; }

        /// <summary>SCP levels, organization root first: each element is one policy or an array of the policies at that level.</summary>
        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [Alias("Scp")]
        [ValidateNotNull]
        public object[]? ServiceControlPolicy { get; set; }

        /// <summary>Request context keys and values; an array value makes a multi-valued key.</summary>
        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNull]
        public Hashtable? Context { get; set; }

        /// <summary>A CloudTrail task from the catalog; every permission it needs is checked.</summary>
        [Parameter(ParameterSetName = OfflineSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Scenario { get; set; }

        /// <summary>Live: also ask IAM's SimulatePrincipalPolicy and report whether it agrees.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public SwitchParameter UseSimulator { get; set; }

        /// <summary>Request objects (hashtables, ConvertFrom-Json output, JSON text) or Resolve-CloudTrailAccessError diagnoses.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject[]? InputObject { get; set; }

        protected override void BeginProcessing()
        {
            if (ParameterSetName == OfflineSet)
            {
                UnusedConnectionParameters.Warn(this, "without -PolicyDocument, to read the principal's policies from IAM");
            }

            if (ResourceAccount is not null && !Arn.IsAccountId(ResourceAccount))
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(
                    new InvalidInputException("-ResourceAccount '" + ResourceAccount + "' is not a 12-digit AWS account id.", nameof(ResourceAccount)), ResourceAccount));
            }

            if (Scenario is not null)
            {
                try
                {
                    ScenarioEvaluator.Find(Scenario);
                }
                catch (InvalidInputException unknown)
                {
                    ThrowTerminatingError(ErrorRecordFactory.FromCoreException(unknown, Scenario));
                }

                if (UseSimulator.IsPresent)
                {
                    ThrowTerminatingError(ErrorRecordFactory.Create(
                        "SimulatorWithScenario", ErrorCategory.InvalidArgument,
                        "-UseSimulator tests single actions; it cannot be combined with -Scenario.", Scenario));
                }
            }
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case OfflineSet:
                    TestOffline();
                    break;
                case LiveSet:
                    TestLive(PrincipalArn, Action, Resource);
                    break;
                case InputObjectSet:
                    foreach (PSObject item in InputObject ?? Array.Empty<PSObject>())
                    {
                        TestInputObject(item);
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            iam?.Dispose();
            sts?.Dispose();
        }

        private void TestOffline()
        {
            if (!HasWork(Action))
            {
                return;
            }

            EvaluationRequest request;
            try
            {
                request = new EvaluationRequest(Action?.FirstOrDefault() ?? "sts:GetCallerIdentity", PrincipalArn!)
                {
                    ResourceAccount = ResourceAccount,
                    Context = PolicyInput.ReadContext(Context),
                    IdentityPolicies = (PolicyDocument ?? Array.Empty<object>()).Select((p, i) => Parse(p, "PolicyDocument[" + i + "]")).ToArray(),
                    PermissionsBoundary = PermissionsBoundary is null ? null : Parse(PermissionsBoundary, nameof(PermissionsBoundary)),
                    SessionPolicy = SessionPolicy is null ? null : Parse(SessionPolicy, nameof(SessionPolicy)),
                    ResourcePolicy = ResourcePolicy is null ? null : Parse(ResourcePolicy, nameof(ResourcePolicy)),
                    ServiceControlPolicies = ReadScps(),
                };
            }
            catch (PolicyInputException bad)
            {
                WriteError(ErrorRecordFactory.FromCoreException(bad.Failure, bad.Target));
                return;
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, PrincipalArn));
                return;
            }

            if (Scenario is not null)
            {
                WriteObject(ScenarioEvaluator.Run(Scenario, request));
                return;
            }

            foreach (string action in Action!)
            {
                foreach (string resource in Resources(Resource))
                {
                    Evaluate(() => request.WithAction(action, resource), action);
                }
            }
        }

        private void TestLive(string? principalArn, IReadOnlyList<string>? actions, IReadOnlyList<string>? resources)
        {
            if (!HasWork(actions))
            {
                return;
            }

            LiveRequestExtras extras;
            PrincipalPolicies policies;
            try
            {
                extras = new LiveRequestExtras
                {
                    SessionPolicyJson = SessionPolicy is null ? null : Source(SessionPolicy, nameof(SessionPolicy)).Json,
                    ResourcePolicyJson = ResourcePolicy is null ? null : Source(ResourcePolicy, nameof(ResourcePolicy)).Json,
                    ServiceControlPolicies = ReadScps(),
                    Context = PolicyInput.ReadContext(Context),
                    Region = Connection.Region,
                    ResourceAccount = ResourceAccount,
                };
                _ = extras.SessionPolicy;
                _ = extras.ResourcePolicy;
                policies = Principal(principalArn);
            }
            catch (PolicyInputException bad)
            {
                WriteError(ErrorRecordFactory.FromCoreException(bad.Failure, bad.Target));
                return;
            }
            catch (PolicyFormatException bad)
            {
                WriteError(ErrorRecordFactory.FromCoreException(bad, bad.PolicyName == nameof(SessionPolicy) ? SessionPolicy : ResourcePolicy));
                return;
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, principalArn));
                return;
            }

            if (Scenario is not null)
            {
                WriteObject(Tester().TestScenario(policies, Scenario, extras, Connection.Region));
                return;
            }

            foreach (string action in actions!)
            {
                foreach (string resource in Resources(resources))
                {
                    try
                    {
                        LivePermissionTester live = Tester();
                        LivePermissionResult result = Call(ct => live.TestAsync(policies, action, resource, extras, UseSimulator.IsPresent, ct));
                        WriteWarnings(result.Warnings);
                        WriteObject(result);
                    }
                    catch (CloudTrailIamToolsException failure)
                    {
                        WriteError(ErrorRecordFactory.FromCoreException(failure, action));
                    }
                }
            }
        }

        private void TestInputObject(PSObject item)
        {
            switch (item.BaseObject)
            {
                case AccessErrorDiagnosis diagnosis:
                    // Re-test exactly what was denied, for that principal, against its live policies.
                    if (diagnosis.Action is null)
                    {
                        WriteError(ErrorRecordFactory.Create(
                            "DiagnosisHasNoAction", ErrorCategory.InvalidData,
                            "The diagnosis names no action to re-test (" + diagnosis.Cause + ")", diagnosis));
                        return;
                    }

                    TestLive(PrincipalArn ?? diagnosis.PrincipalArn, new[] { diagnosis.Action }, new[] { diagnosis.Resource ?? "*" });
                    return;
                case string text:
                    Evaluate(() => Reader.Parse(text), item, text);
                    return;
                default:
                    string json = PSObjectJson.Write(item);
                    Evaluate(() => Reader.Parse(json), item, json);
                    return;
            }
        }

        private EvaluationRequestReader Reader => requestReader ??= new EvaluationRequestReader(policyCache);

        /// <summary>Builds and evaluates one request; a bad request or policy is one error record, and the pipeline goes on.</summary>
        /// <param name="requestJson">The request's JSON, when it came as one, to point a policy error at the bad policy.</param>
        private void Evaluate(Func<EvaluationRequest> build, object target, string? requestJson = null)
        {
            EvaluationResult result;
            try
            {
                result = PolicyEvaluator.Evaluate(build(), ScenarioEvaluator.CatalogOptions);
            }
            catch (PolicyFormatException bad)
            {
                object policy = requestJson is null ? target : RequestPolicyLocator.Find(requestJson, bad.PolicyName) ?? target;
                WriteError(ErrorRecordFactory.FromCoreException(bad, policy));
                return;
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, target));
                return;
            }

            WriteWarnings(result.Warnings);
            WriteObject(result);
        }

        private bool HasWork(IReadOnlyList<string>? actions)
        {
            if ((actions is null || actions.Count == 0) && Scenario is null)
            {
                WriteError(ErrorRecordFactory.Create(
                    "NoActionOrScenario", ErrorCategory.InvalidArgument,
                    "Nothing to test: give -Action (one or more service:Action names) or -Scenario.", PrincipalArn));
                return false;
            }

            return true;
        }

        private PrincipalPolicies Principal(string? principalArn)
        {
            string key = principalArn ?? string.Empty;
            if (principals.TryGetValue(key, out PrincipalPolicies? cached))
            {
                return cached;
            }

            LivePermissionTester live = Tester();
            PrincipalPolicies policies = Call(ct => live.CollectAsync(principalArn, ct));
            WriteVerbose("Testing " + policies.Principal + " with " + policies.IdentityPolicies.Count + " identity policies" +
                (policies.PermissionsBoundary is null ? "." : " and permissions boundary " + policies.PermissionsBoundary.Name + "."));
            principals[key] = policies;
            return policies;
        }

        /// <summary>The live tester, connecting on first use so the offline paths never touch credentials.</summary>
        private LivePermissionTester Tester()
        {
            if (tester is null)
            {
                ResolvedAwsConnection connection = Connection;
                iam = connection.CreateIamClient();
                sts = connection.CreateStsClient();
                tester = new LivePermissionTester(iam, sts);
            }

            return tester;
        }

        private void WriteWarnings(IReadOnlyList<string> warnings)
        {
            foreach (string warning in warnings)
            {
                WriteWarning(warning);
            }
        }

        private static IEnumerable<string> Resources(IReadOnlyList<string>? resources) =>
            resources is null || resources.Count == 0 ? new[] { "*" } : resources;

        private IReadOnlyList<IReadOnlyList<PolicyDocument>> ReadScps()
        {
            if (ServiceControlPolicy is null || ServiceControlPolicy.Length == 0)
            {
                return Array.Empty<IReadOnlyList<PolicyDocument>>();
            }

            IReadOnlyList<IReadOnlyList<PolicySource>> levels;
            try
            {
                levels = PolicyInput.ReadLevels(ServiceControlPolicy, nameof(ServiceControlPolicy), ResolvePath);
            }
            catch (CloudTrailIamToolsException failure)
            {
                throw new PolicyInputException(failure, ServiceControlPolicy);
            }

            return levels.Select(level => (IReadOnlyList<PolicyDocument>)level.Select(ParseSource).ToArray()).ToArray();
        }

        private PolicyDocument Parse(object value, string label) => ParseSource(Source(value, label));

        private PolicySource Source(object value, string label)
        {
            try
            {
                return PolicyInput.Read(value, label, ResolvePath);
            }
            catch (CloudTrailIamToolsException failure)
            {
                throw new PolicyInputException(failure, value);
            }
        }

        private PolicyDocument ParseSource(PolicySource source)
        {
            try
            {
                return source.Parse(policyCache);
            }
            catch (PolicyFormatException bad)
            {
                throw new PolicyInputException(bad, source.Target);
            }
        }

        private string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>Carries a policy problem up to the record being processed together with the policy the user gave.</summary>
        private sealed class PolicyInputException : Exception
        {
            public PolicyInputException(CloudTrailIamToolsException failure, object target)
                : base(failure.Message, failure)
            {
                Failure = failure;
                Target = target;
            }

            public CloudTrailIamToolsException Failure { get; }

            public object Target { get; }
        }
    }
}
