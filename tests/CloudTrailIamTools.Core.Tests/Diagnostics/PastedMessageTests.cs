using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Issue items the corpus measures, asserted on the whole diagnosis (Cause and steps included).</summary>
    public sealed class PastedMessageTests
    {
        private static AccessErrorDiagnosis Resolve(string text) => AccessErrorResolver.Default.Resolve(text).Single();

        [Fact]
        public void QuotedTextIsDataAndNeverTurnsTheDiagnosisIntoAnExplicitDeny()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: s3:GetObject on resource: \"name with an explicit deny in an identity-based policy\"");

            Assert.Equal("name with an explicit deny in an identity-based policy", d.Resource);
            Assert.Equal(DenialType.Unknown, d.DenialType);
            Assert.Null(d.PolicyType);
            Assert.DoesNotContain("explicit Deny", d.Cause);
        }

        [Fact]
        public void AJavaTrailerAfterPermissionsBoundaryIsNotThePolicy()
        {
            var d = Resolve("User: arn:aws:sts::123456789012:assumed-role/app/s is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/r with an explicit deny in a permissions boundary (Service: Iam, Status Code: 403, Request ID: 0b0b0b0b-1111-2222-3333-444455556666)");

            Assert.Equal(PolicyType.PermissionsBoundary, d.PolicyType);
            Assert.Null(d.PolicyArn);
            Assert.Equal("arn:aws:iam::123456789012:role/r", d.Resource);
            Assert.DoesNotContain("Iam", d.Cause.Replace("IAM", string.Empty));
            Assert.DoesNotContain(d.Remediation, step => step.Contains("policy is Iam"));
        }

        [Theory]
        [InlineData("operation error CloudTrail: CreateTrail, https response error StatusCode: 400, RequestID: r, api error InvalidCloudWatchLogsRoleArnException: Access denied. Verify in IAM that the role has adequate permissions.")]
        [InlineData("Resource handler returned message: \"Access denied. Verify in IAM that the role has adequate permissions. (Service: CloudTrail, Status Code: 400, Request ID: r)\" (RequestToken: t, HandlerErrorCode: InvalidRequest)")]
        public void TheCloudWatchLogsRoleErrorIsItsOwnFamilyNotAPlainDenial(string text)
        {
            var d = Resolve(text);

            Assert.Equal(DiagnosisKind.DeliveryPermission, d.Kind);
            Assert.Equal("InvalidCloudWatchLogsRoleArnException", d.ErrorCode);
            Assert.Contains("cloudtrail.amazonaws.com", d.Cause);
            Assert.DoesNotContain("no identity-based policy", d.Cause);
        }

        [Theory]
        [InlineData("InsufficientS3BucketPolicyException", "Incorrect S3 bucket policy is detected for bucket: logs-b", "logs-b", DiagnosisKind.DeliveryPermission)]
        [InlineData("InsufficientSnsTopicPolicyException", "Insufficient permissions to access SNS topic arn:aws:sns:us-east-1:123456789012:t.", "arn:aws:sns:us-east-1:123456789012:t", DiagnosisKind.DeliveryPermission)]
        [InlineData("InsufficientEncryptionPolicyException", "Insufficient permissions to access S3 bucket b or KMS key alias/k.", "alias/k", DiagnosisKind.DeliveryPermission)]
        [InlineData("InvalidCloudWatchLogsLogGroupArnException", "Invalid CloudWatch Logs log group ARN: arn:aws:logs:us-east-1:123456789012:log-group:g:*", "arn:aws:logs:us-east-1:123456789012:log-group:g:*", DiagnosisKind.DeliveryConfiguration)]
        [InlineData("KmsKeyNotFoundException", "KMS key arn:aws:kms:us-west-2:123456789012:key/k does not exist, or is not in the same region as the trail.", "arn:aws:kms:us-west-2:123456789012:key/k", DiagnosisKind.DeliveryConfiguration)]
        [InlineData("KmsException", "KMS key arn:aws:kms:us-east-1:123456789012:key/k is disabled.", "arn:aws:kms:us-east-1:123456789012:key/k", DiagnosisKind.DeliveryConfiguration)]
        [InlineData("S3BucketDoesNotExistException", "S3 bucket nope does not exist.", "nope", DiagnosisKind.DeliveryConfiguration)]
        public void ConfigurationCodesHaveTheirOwnKindCauseFixAndTheResourceFromTheMessage(string code, string message, string resource, DiagnosisKind kind)
        {
            var d = Resolve("An error occurred (" + code + ") when calling the UpdateTrail operation: " + message);

            Assert.Equal(kind, d.Kind);
            Assert.Equal(code, d.ErrorCode);
            Assert.Equal(resource, d.Resource);
            Assert.NotEmpty(d.Remediation);
            Assert.DoesNotContain("most often", d.Cause);
            Assert.Null(d.SuggestedPolicy);
        }

        [Theory]
        [InlineData("User: <redacted> is not authorized to perform: cloudtrail:CreateTrail with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-1")]
        [InlineData("is not authorized to perform: cloudtrail:CreateTrail with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-1")]
        public void ARedactedPrincipalStillYieldsEverythingElse(string text)
        {
            var d = Resolve(text);

            Assert.Null(d.PrincipalArn);
            Assert.Equal("cloudtrail:CreateTrail", d.Action);
            Assert.Equal(DenialType.Explicit, d.DenialType);
            Assert.Equal(PolicyType.ServiceControl, d.PolicyType);
            Assert.Equal("arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-1", d.PolicyArn);
            Assert.DoesNotContain("names neither", d.Cause);
            Assert.Contains("cloudtrail:CreateTrail", d.Cause);
        }

        [Fact]
        public void AnEc2MessageWithPlainTextAndAnEncodedBlobKeepsBoth()
        {
            var d = Resolve("An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/* because no identity-based policy allows the ec2:RunInstances action. Encoded authorization failure message: blob-123");

            Assert.Equal("arn:aws:iam::123456789012:user/dev", d.PrincipalArn);
            Assert.Equal("ec2:RunInstances", d.Action);
            Assert.False(d.ActionInferred);
            Assert.Equal(PolicyType.IdentityBased, d.PolicyType);
            Assert.Equal("blob-123", d.EncodedMessage);
            Assert.True(Live.AuthorizationMessageDecoder.CanDecode(d));
        }

        [Fact]
        public void AnActionTakenFromTheOperationIsMarkedInferred()
        {
            var named = Resolve("An error occurred (AccessDeniedException) when calling the CreateTrail operation: User: arn:aws:iam::123456789012:user/b is not authorized to perform: cloudtrail:CreateTrail");
            var inferred = Resolve("operation error CloudTrail: CreateTrail, https response error StatusCode: 400, RequestID: r, api error AccessDeniedException: Access Denied");

            Assert.False(named.ActionInferred);
            Assert.Equal("cloudtrail:CreateTrail", inferred.Action);
            Assert.True(inferred.ActionInferred);
            Assert.Equal("CreateTrail", inferred.Operation);
            Assert.Equal("AccessDeniedException", inferred.ErrorCode);
        }

        [Fact]
        public void WhitespaceOfEveryKindIsOneSpaceInTheMessage()
        {
            var d = Resolve("User:\u00A0arn:aws:iam::123456789012:user/b\r\n\tis  not authorized to perform:\ncloudtrail:GetTrail");

            Assert.Equal("User: arn:aws:iam::123456789012:user/b is not authorized to perform: cloudtrail:GetTrail", d.Message);
            Assert.Equal("arn:aws:iam::123456789012:user/b", d.PrincipalArn);
        }
    }
}
