using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>What a remediation step asks for; the front ends turn the kinds they can run into their own command lines.</summary>
    public enum RemediationStepKind
    {
        /// <summary>Advice in words only.</summary>
        Explain,

        /// <summary>Grant statements (or a scenario) to an IAM identity.</summary>
        Grant,

        /// <summary>Check and repair the organization trail prerequisites.</summary>
        RepairOrganizationTrail,

        /// <summary>Test the permission (or a scenario) offline on the policy documents.</summary>
        TestPermission,

        /// <summary>Read an about_ help topic.</summary>
        ReadHelpTopic,

        /// <summary>Change a role's trust policy: add the principal, or remove a Deny.</summary>
        EditTrustPolicy,

        /// <summary>Change a KMS key policy.</summary>
        EditKeyPolicy,

        /// <summary>Change an S3 bucket policy.</summary>
        EditBucketPolicy,

        /// <summary>Change another resource's own policy (topic, secret, ...).</summary>
        EditResourcePolicy,

        /// <summary>Set up a cross-account read role for CloudTrail data.</summary>
        SetUpCrossAccountRole,

        /// <summary>Decode an encoded authorization message.</summary>
        DecodeMessage,

        /// <summary>Make one AWS API call (<see cref="RemediationStep.AwsCall"/>); each front end writes it in its own AWS tool.</summary>
        CallAwsOperation,
    }

    /// <summary>
    /// One remediation step as data: what to do, with its arguments, and a sentence in words that names no command of
    /// any front end. The module renders steps as cmdlet lines and the CLI as cloudtrail-iam lines (<see cref="IRemediationRenderer"/>).
    /// </summary>
    public sealed class RemediationStep
    {
        private static readonly IReadOnlyList<string> None = Array.Empty<string>();

        private RemediationStep(RemediationStepKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        public RemediationStepKind Kind { get; }

        /// <summary>The step in words, without any front end's syntax.</summary>
        public string Text { get; }

        /// <summary>For Grant: the user or role to grant to; null when the error names none.</summary>
        public GrantTarget? Identity { get; private set; }

        /// <summary>For Grant and TestPermission: the actions.</summary>
        public IReadOnlyList<string> Actions { get; private set; } = None;

        /// <summary>For Grant: the resources the actions are allowed on.</summary>
        public IReadOnlyList<string> Resources { get; private set; } = None;

        /// <summary>For Grant and TestPermission: a catalog scenario instead of single actions.</summary>
        public string? Scenario { get; private set; }

        /// <summary>For ReadHelpTopic: the about_ topic.</summary>
        public string? HelpTopic { get; private set; }

        /// <summary>For the Edit kinds: the policy's owner (role, key or bucket ARN), when known.</summary>
        public string? PolicyOwner { get; private set; }

        /// <summary>For the Edit kinds: the principal ARN to name in the policy (a role, not its session).</summary>
        public string? PrincipalToName { get; private set; }

        /// <summary>For the Edit kinds: a statement to add (JSON object text), when one can be written.</summary>
        [JsonConverter(typeof(Serialization.RawJsonStringConverter))]
        public string? Statement { get; private set; }

        /// <summary>An AWS API call that carries out (or checks) the step, when there is one; any kind may have it.</summary>
        public AwsOperationCall? AwsCall { get; private set; }

        public static RemediationStep Explain(string text) => new RemediationStep(RemediationStepKind.Explain, text);

        public static RemediationStep Grant(string text, GrantTarget? identity, IReadOnlyList<string> actions, IReadOnlyList<string> resources) =>
            new RemediationStep(RemediationStepKind.Grant, text) { Identity = identity, Actions = actions, Resources = resources };

        public static RemediationStep GrantScenario(string text, GrantTarget? identity, string scenario) =>
            new RemediationStep(RemediationStepKind.Grant, text) { Identity = identity, Scenario = scenario };

        public static RemediationStep RepairOrganizationTrail(string text) => new RemediationStep(RemediationStepKind.RepairOrganizationTrail, text);

        public static RemediationStep Test(string text, string? scenario = null, IReadOnlyList<string>? actions = null) =>
            new RemediationStep(RemediationStepKind.TestPermission, text) { Scenario = scenario, Actions = actions ?? None };

        public static RemediationStep ReadHelp(string text, string topic) => new RemediationStep(RemediationStepKind.ReadHelpTopic, text) { HelpTopic = topic };

        public static RemediationStep EditPolicy(RemediationStepKind kind, string text, string? owner, string? principal, string? statement = null) =>
            kind is RemediationStepKind.EditTrustPolicy or RemediationStepKind.EditKeyPolicy or RemediationStepKind.EditBucketPolicy or RemediationStepKind.EditResourcePolicy
                ? new RemediationStep(kind, text) { PolicyOwner = owner, PrincipalToName = principal, Statement = statement }
                : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a policy edit.");

        public static RemediationStep SetUpCrossAccountRole(string text) => new RemediationStep(RemediationStepKind.SetUpCrossAccountRole, text);

        public static RemediationStep Decode(string text) => new RemediationStep(RemediationStepKind.DecodeMessage, text);

        public static RemediationStep CallAws(string text, AwsOperationCall call) =>
            new RemediationStep(RemediationStepKind.CallAwsOperation, text) { AwsCall = call ?? throw new ArgumentNullException(nameof(call)) };

        /// <summary>Attaches the AWS call that carries out a step of another kind (a trust policy edit, a decode).</summary>
        internal RemediationStep Calling(AwsOperationCall call)
        {
            AwsCall = call;
            return this;
        }

        public override string ToString() => Text;
    }
}
