using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>What one service error code means and what fixes it.</summary>
    internal sealed class ErrorCodeAdvice
    {
        public ErrorCodeAdvice(string code, DiagnosisKind kind, string helpTopic, string cause, params string[] steps)
            : this(code, kind, helpTopic, cause, steps.Select(KnownErrorCodes.Step).ToArray())
        {
        }

        public ErrorCodeAdvice(string code, DiagnosisKind kind, string helpTopic, string cause, params RemediationStep[] steps)
        {
            Code = code;
            Kind = kind;
            HelpTopic = helpTopic;
            Cause = cause;
            Steps = steps;
        }

        public string Code { get; }

        public DiagnosisKind Kind { get; }

        public string HelpTopic { get; }

        public string Cause { get; }

        public IReadOnlyList<RemediationStep> Steps { get; }
    }

    /// <summary>CloudTrail's organization and delivery error codes, and the authorization codes every AWS service uses.</summary>
    internal static class KnownErrorCodes
    {
        internal const string RepairStep = "Run the organization trail repair with credentials of the management account: it checks every prerequisite, fixes what it may and reports the rest; preview it first to see what it would change.";

        private static readonly Dictionary<string, ErrorCodeAdvice> ByCode = Build();

        /// <summary>A step in words; the repair sentence becomes the typed repair step each front end renders.</summary>
        internal static RemediationStep Step(string text) =>
            text == RepairStep ? RemediationStep.RepairOrganizationTrail(text) : RemediationStep.Explain(text);

        private static readonly int MaxCodeLength = ByCode.Keys.Max(code => code.Length);

        /// <summary>Codes that mean "the caller was not allowed", across the services' protocols.</summary>
        private static readonly HashSet<string> AuthorizationCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation",
            "UnauthorizedAccess", "UnauthorizedAccessException", "UnauthorizedException", "Unauthorized",
            "AuthorizationError", "AuthorizationErrorException", "AuthorizationFailure", "Forbidden", "ForbiddenException",
            "NotAuthorized", "NotAuthorizedException", "AllAccessDisabled", "InvalidClientTokenId.AccessDenied",
        };

        public static bool TryGet(string? code, out ErrorCodeAdvice advice)
        {
            advice = null!;
            if (code is null || code.Length == 0)
            {
                return false;
            }

            return ByCode.TryGetValue(code, out advice!) ||
                   (!code.EndsWith("Exception", StringComparison.Ordinal) && ByCode.TryGetValue(code + "Exception", out advice!));
        }

        public static bool IsAuthorizationCode(string? code) => code is not null && AuthorizationCodes.Contains(code);

        /// <summary>The authorization codes, sorted (for queries that must list them, such as Athena SQL).</summary>
        public static IReadOnlyList<string> AuthorizationCodeList { get; } = AuthorizationCodes.OrderBy(code => code, StringComparer.Ordinal).ToArray();

        /// <summary>True for any code this module diagnoses: authorization failures and CloudTrail's own prerequisites.</summary>
        public static bool IsDiagnosable(string? code) => IsAuthorizationCode(code) || TryGet(code, out _);

        /// <summary>Finds a known CloudTrail code named anywhere in free text (for pasted output with no wrapper).</summary>
        public static string? FindCodeInText(string text)
        {
            int index = text.IndexOf("Exception", StringComparison.Ordinal);
            while (index >= 0)
            {
                // Walk back at most the longest known code, so "ExceptionException..." stays linear.
                int start = index;
                int limit = Math.Max(0, index - MaxCodeLength);
                while (start > limit && char.IsLetterOrDigit(text[start - 1]))
                {
                    start--;
                }

                string candidate = text.Substring(start, index + "Exception".Length - start);
                if (ByCode.ContainsKey(candidate))
                {
                    return candidate;
                }

                index = text.IndexOf("Exception", index + 1, StringComparison.Ordinal);
            }

            return null;
        }

        /// <summary>Codes that name no condition (CloudFormation's handler codes, generic validation): the text may name a better one.</summary>
        public static bool IsUnspecificCode(string? code) =>
            code is null || code.Equals("InvalidRequest", StringComparison.OrdinalIgnoreCase) || code.Equals("InvalidRequestException", StringComparison.OrdinalIgnoreCase) ||
            code.Equals("ValidationException", StringComparison.OrdinalIgnoreCase) || code.Equals("GeneralServiceException", StringComparison.OrdinalIgnoreCase);

        /// <summary>CloudTrail's own wording of its conditions, for text that arrives without the code (CloudFormation, pasted messages).</summary>
        private static readonly (string Wording, string Code)[] Wordings =
        {
            ("Incorrect S3 bucket policy is detected for bucket", "InsufficientS3BucketPolicyException"),
            ("or KMS key", "InsufficientEncryptionPolicyException"),
            ("Incorrect SNS topic policy is detected", "InsufficientSnsTopicPolicyException"),
            ("Insufficient permissions to access SNS topic", "InsufficientSnsTopicPolicyException"),
            ("Verify in IAM that the role", "InvalidCloudWatchLogsRoleArnException"),
            ("hasn't enabled CloudTrail service access", "CloudTrailAccessNotEnabledException"),
            ("cannot create resources for your organization because access to one or more required APIs has been denied", "InsufficientDependencyServiceAccessPermissionException"),
            ("does not have a service-linked role for CloudTrail", "NoManagementAccountSLRExistsException"),
            ("organization does not have all features enabled", "OrganizationNotInAllFeaturesModeException"),
        };

        /// <summary>Where each configuration code's text names its resource: the word after one of these markers (an ARN where given).</summary>
        private static readonly Dictionary<string, string[]> ResourceMarkers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["InsufficientS3BucketPolicyException"] = new[] { "for bucket: ", "S3 bucket " },
            ["InsufficientEncryptionPolicyException"] = new[] { "KMS key ", "S3 bucket " },
            ["InsufficientSnsTopicPolicyException"] = new[] { "for topic: ", "SNS topic " },
            ["InvalidCloudWatchLogsRoleArnException"] = new[] { "arn:" },
            ["InvalidCloudWatchLogsLogGroupArnException"] = new[] { "arn:", "log group ARN: ", "log group ARN " },
            ["KmsKeyNotFoundException"] = new[] { "KMS key ID ", "KMS key " },
            ["KmsKeyDisabledException"] = new[] { "KMS key ID ", "KMS key " },
            ["KmsException"] = new[] { "KMS key ID ", "KMS key " },
            ["InvalidKmsKeyIdException"] = new[] { "KMS key ID ", "KMS key " },
            ["S3BucketDoesNotExistException"] = new[] { "S3 bucket ", "bucket: " },
            ["InvalidS3BucketNameException"] = new[] { "S3 bucket ", "bucket name " },
        };

        public static string? FindCodeByWording(string text)
        {
            foreach ((string wording, string code) in Wordings)
            {
                if (text.IndexOf(wording, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return code;
                }
            }

            return null;
        }

        /// <summary>The bucket, key, topic, role or log group a configuration code's message names; null when it names none.</summary>
        public static string? FindResourceInMessage(string? code, string text)
        {
            if (code is null || !ResourceMarkers.TryGetValue(code, out string[]? markers))
            {
                return null;
            }

            foreach (string marker in markers)
            {
                int index = text.IndexOf(marker, StringComparison.Ordinal);
                if (index < 0)
                {
                    continue;
                }

                int start = marker == "arn:" ? index : index + marker.Length;
                int end = start;
                while (end < text.Length && text[end] != ' ')
                {
                    end++;
                }

                string value = text.Substring(start, end - start).TrimEnd('.', ',', ';', ')', '"', '\'').TrimStart('"', '\'');
                if (value.Length > 0 && !value.Equals("ID", StringComparison.Ordinal) && !value.Equals("ARN", StringComparison.Ordinal))
                {
                    return value;
                }
            }

            return null;
        }

        private static Dictionary<string, ErrorCodeAdvice> Build()
        {
            var list = new[]
            {
                new ErrorCodeAdvice(
                    "NoManagementAccountSLRExistsException", DiagnosisKind.ServiceLinkedRoleMissing, HelpTopics.OrganizationTrails,
                    "The organization's management account has no CloudTrail service-linked role (AWSServiceRoleForCloudTrail, path /aws-service-role/cloudtrail.amazonaws.com/). CloudTrail needs it for organization trails and event data stores. CloudTrail creates it when the management account creates an organization trail or adds a delegated administrator through CloudTrail; adding the administrator through AWS Organizations' own API skips that.",
                    Step(RepairStep),
                    RemediationStep.CallAws(
                        "To create only the role, call iam:CreateServiceLinkedRole with AWSServiceName cloudtrail.amazonaws.com in the management account; the caller needs iam:CreateServiceLinkedRole and iam:GetRole.",
                        new AwsOperationCall("iam", "CreateServiceLinkedRole", ("AWSServiceName", "cloudtrail.amazonaws.com"))),
                    RemediationStep.CallAws(
                        "If no delegated administrator is registered yet, register it through CloudTrail (cloudtrail:RegisterOrganizationDelegatedAdmin), not through AWS Organizations, so CloudTrail creates the role.",
                        new AwsOperationCall("cloudtrail", "RegisterOrganizationDelegatedAdmin", ("MemberAccountId", "<account-id>"))),
                    Step("If the delegated administrator already exists, create the organization trail or event data store once from the management account (console, CLI or CloudTrail API); that creates the role, and the delegated administrator can retry afterwards.")),
                new ErrorCodeAdvice(
                    "CloudTrailAccessNotEnabledException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "Trusted access between AWS Organizations and CloudTrail is not enabled. The CloudTrail console turns it on when it creates an organization trail; the CLI and API do not.",
                    Step(RepairStep),
                    RemediationStep.CallAws(
                        "Or enable it directly from the management account: call organizations:EnableAWSServiceAccess with ServicePrincipal cloudtrail.amazonaws.com; this needs organizations:EnableAWSServiceAccess.",
                        new AwsOperationCall("organizations", "EnableAWSServiceAccess", ("ServicePrincipal", "cloudtrail.amazonaws.com")))),
                new ErrorCodeAdvice(
                    "OrganizationNotInAllFeaturesModeException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The organization has only consolidated billing enabled. Organization trails, event data stores and delegated administrators need all features.",
                    RemediationStep.CallAws(
                        "From the management account, enable all features in AWS Organizations (console: Settings, or organizations:EnableAllFeatures); every member account must accept the change.",
                        new AwsOperationCall("organizations", "EnableAllFeatures")),
                    Step("Then run the organization trail repair to check the remaining prerequisites.")),
                new ErrorCodeAdvice(
                    "OrganizationsNotInUseException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The account is not in an organization, so it cannot create organization trails or organization event data stores.",
                    RemediationStep.CallAws(
                        "Create an organization with all features (organizations:CreateOrganization with FeatureSet ALL), or create a trail for this account only (IsOrganizationTrail false).",
                        new AwsOperationCall("organizations", "CreateOrganization", ("FeatureSet", "ALL"))),
                    RemediationStep.CallAws(
                        "If the account should already be in an organization, check that you are signed in to the intended account (the caller identity STS returns).",
                        new AwsOperationCall("sts", "GetCallerIdentity"))),
                new ErrorCodeAdvice(
                    "NotOrganizationManagementAccountException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The call was made from an account that is not the organization's management account, and this operation must run there (registering delegated administrators, for example).",
                    "Run the operation with credentials of the management account.",
                    "For day-to-day management from a member account, have the management account register it as a CloudTrail delegated administrator."),
                new ErrorCodeAdvice(
                    "NotOrganizationMasterAccountException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The call was made from an account that is not the organization's management account (this older error name says 'master').",
                    "Run the operation with credentials of the management account, or from a registered CloudTrail delegated administrator where the operation allows it."),
                new ErrorCodeAdvice(
                    "InsufficientDependencyServiceAccessPermissionException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "CloudTrail could not call AWS Organizations or IAM on your behalf. The usual causes are a missing CloudTrail service-linked role in the management account, trusted access not enabled, or a caller without the organizations and iam permissions these operations need.",
                    RepairStep,
                    "Make sure the caller has organizations:DescribeOrganization, organizations:ListAWSServiceAccessForOrganization, organizations:EnableAWSServiceAccess, iam:GetRole and iam:CreateServiceLinkedRole."),
                new ErrorCodeAdvice(
                    "InsufficientIAMAccessPermissionException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The caller may not view or create CloudTrail's service-linked role, which organization operations need.",
                    "Grant the caller iam:GetRole and iam:CreateServiceLinkedRole (limited with the condition iam:AWSServiceName = cloudtrail.amazonaws.com), or run the organization trail repair as an administrator of the management account."),
                new ErrorCodeAdvice(
                    "CannotDelegateManagementAccountException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The management account cannot be its own delegated administrator; only member accounts can be registered.",
                    RemediationStep.CallAws(
                        "Choose a member account (for example your security tooling account) and register it through CloudTrail (cloudtrail:RegisterOrganizationDelegatedAdmin) from the management account.",
                        new AwsOperationCall("cloudtrail", "RegisterOrganizationDelegatedAdmin", ("MemberAccountId", "<account-id>")))),
                new ErrorCodeAdvice(
                    "DelegatedAdminAccountLimitExceededException", DiagnosisKind.OrganizationPrerequisite, HelpTopics.OrganizationTrails,
                    "The organization already has the maximum number of CloudTrail delegated administrators (three).",
                    RemediationStep.CallAws(
                        "List the delegated administrators registered for cloudtrail.amazonaws.com in Organizations and deregister one you no longer need in CloudTrail (cloudtrail:DeregisterOrganizationDelegatedAdmin) before adding another.",
                        new AwsOperationCall("cloudtrail", "DeregisterOrganizationDelegatedAdmin", ("DelegatedAdminAccountId", "<account-id>")))),
                new ErrorCodeAdvice(
                    "InsufficientS3BucketPolicyException", DiagnosisKind.DeliveryPermission, HelpTopics.NotAuthorized,
                    "The S3 bucket's policy does not let CloudTrail write log files: it needs s3:GetBucketAcl on the bucket and s3:PutObject on the AWSLogs prefix for the service principal cloudtrail.amazonaws.com (with aws:SourceArn set to the trail's ARN).",
                    "Add CloudTrail's statements to the bucket policy (the CloudTrail console's 'Create new S3 bucket' writes them for you). For an organization trail, allow the prefix AWSLogs/<organization id>/* as well as AWSLogs/<management account id>/*.",
                    "Check that the bucket exists, that the name is spelled as in the trail, and that no Deny statement or S3 Block Public Access setting conflicts with the new statements."),
                new ErrorCodeAdvice(
                    "InsufficientEncryptionPolicyException", DiagnosisKind.DeliveryPermission, HelpTopics.NotAuthorized,
                    "The KMS key policy (or the bucket policy) does not let CloudTrail encrypt log files with the key you named.",
                    "Add a statement to the key policy allowing the service principal cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:DescribeKey, with the condition kms:EncryptionContext:aws:cloudtrail:arn matching your trail(s).",
                    "The key must be a symmetric key in the same Region as the bucket; readers of the logs also need kms:Decrypt."),
                new ErrorCodeAdvice(
                    "InsufficientSnsTopicPolicyException", DiagnosisKind.DeliveryPermission, HelpTopics.NotAuthorized,
                    "The SNS topic's access policy does not let CloudTrail publish notifications to it.",
                    "Add a statement to the topic policy allowing the service principal cloudtrail.amazonaws.com sns:Publish on the topic, with aws:SourceArn set to the trail's ARN."),
                new ErrorCodeAdvice(
                    "InvalidCloudWatchLogsRoleArnException", DiagnosisKind.DeliveryPermission, HelpTopics.PassRole,
                    "The role given for CloudWatch Logs delivery is missing, does not trust cloudtrail.amazonaws.com, or lacks logs:CreateLogStream and logs:PutLogEvents on the log group.",
                    "Give the role a trust policy for the service principal cloudtrail.amazonaws.com and a policy allowing logs:CreateLogStream and logs:PutLogEvents on the log group's streams (for an organization trail, streams named <management account>_CloudTrail_<region>* and o-<organization id>_*).",
                    "The caller also needs iam:PassRole on that role with iam:PassedToService = cloudtrail.amazonaws.com: the ConfigureCloudWatchLogs scenario grants what the set-up needs (an administrator creates the role)."),
                new ErrorCodeAdvice(
                    "InvalidCloudWatchLogsLogGroupArnException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "The CloudWatch Logs log group ARN given to the trail is not valid: it must be the log group's full ARN ending in ':*' (arn:aws:logs:<region>:<account>:log-group:<name>:*), in the trail's Region and account, and the log group must exist.",
                    "Copy the log group's ARN from its details in CloudWatch Logs (it ends in ':*') and give it as the trail's CloudWatch Logs log group ARN; create the log group first if it does not exist.",
                    "Pass the CloudWatch Logs role in the same call: a log group without the role (or a role without the log group) is refused."),
                new ErrorCodeAdvice(
                    "KmsKeyNotFoundException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "The KMS key given to the trail or event data store does not exist, or is not in the same Region as the trail (or the bucket).",
                    "Check the key ID, alias or ARN by describing the key in KMS, in the trail's Region; use a multi-Region key or a key created in that Region.",
                    "The key must be a symmetric encryption key, and its policy must let cloudtrail.amazonaws.com use it (kms:GenerateDataKey*, kms:DescribeKey)."),
                new ErrorCodeAdvice(
                    "KmsKeyDisabledException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "The KMS key given to the trail is disabled, so CloudTrail cannot encrypt log files with it.",
                    "Enable the key in KMS or choose another key; a key pending deletion must first have its deletion cancelled."),
                new ErrorCodeAdvice(
                    "KmsException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "AWS KMS refused CloudTrail's use of the key: the key is disabled or pending deletion, in another Region, or its key policy does not let cloudtrail.amazonaws.com use it.",
                    "Check the key's state in KMS: it must be Enabled, symmetric, and in the trail's Region.",
                    "Add a key policy statement allowing the service principal cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:DescribeKey, with kms:EncryptionContext:aws:cloudtrail:arn matching your trail(s)."),
                new ErrorCodeAdvice(
                    "InvalidKmsKeyIdException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "The KMS key identifier given is not a valid key ID, alias or ARN, or names a key CloudTrail cannot find.",
                    "Pass the key's full ARN (arn:aws:kms:<region>:<account>:key/<id>) or an alias ARN; a bare alias must start with 'alias/'."),
                new ErrorCodeAdvice(
                    "S3BucketDoesNotExistException", DiagnosisKind.DeliveryConfiguration, HelpTopics.NotAuthorized,
                    "The S3 bucket named for the trail's log files does not exist (or its name is misspelt).",
                    "Create the bucket first with a policy that lets cloudtrail.amazonaws.com write to it (the CloudTrail console can create both), or correct the name given to the trail."),
            };

            var map = new Dictionary<string, ErrorCodeAdvice>(StringComparer.OrdinalIgnoreCase);
            foreach (ErrorCodeAdvice advice in list)
            {
                map[advice.Code] = advice;
            }

            return map;
        }
    }
}
