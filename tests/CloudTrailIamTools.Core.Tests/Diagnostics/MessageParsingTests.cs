using System.Linq;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Each input family AWS and its tools produce, with the shapes they really have.</summary>
    public sealed class MessageParsingTests
    {
        private static AccessErrorDiagnosis Resolve(string text) => AccessErrorResolver.Default.Resolve(text).Single();

        [Fact]
        public void ReadsTheGuidesConsoleExample()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail");

            Assert.True(d.Recognized);
            Assert.Equal(DiagnosisKind.NotAuthorized, d.Kind);
            Assert.Equal("arn:aws:iam::123456789012:user/mateojackson", d.PrincipalArn);
            Assert.Equal(PrincipalType.User, d.PrincipalType);
            Assert.Equal("123456789012", d.AccountId);
            Assert.Equal("mateojackson", d.PrincipalName);
            Assert.Equal("cloudtrail:GetTrailStatus", d.Action);
            Assert.Equal("cloudtrail", d.Service);
            Assert.True(d.ActionIsKnown);
            Assert.Equal("My-Trail", d.Resource);
            Assert.Equal(DenialType.Unknown, d.DenialType);
            Assert.Null(d.PolicyType);
            Assert.Null(d.SessionName);
            Assert.Null(d.ErrorCode);
            Assert.Equal("Message", d.Source);
        }

        [Theory]
        [InlineData("because no identity-based policy allows the cloudtrail:DescribeTrails action", PolicyType.IdentityBased)]
        [InlineData("because no resource-based policy allows the cloudtrail:DescribeTrails action", PolicyType.ResourceBased)]
        [InlineData("because no service control policy allows the cloudtrail:DescribeTrails action", PolicyType.ServiceControl)]
        [InlineData("because no resource control policy allows the cloudtrail:DescribeTrails action", PolicyType.ResourceControl)]
        [InlineData("because no permissions boundary allows the cloudtrail:DescribeTrails action", PolicyType.PermissionsBoundary)]
        [InlineData("because no session policy allows the cloudtrail:DescribeTrails action", PolicyType.Session)]
        [InlineData("because no VPC endpoint policy allows the cloudtrail:DescribeTrails action", PolicyType.VpcEndpoint)]
        [InlineData("because no role trust policy allows the cloudtrail:DescribeTrails action", PolicyType.RoleTrust)]
        public void ReadsEveryImplicitDenyPolicyType(string context, PolicyType expected)
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DescribeTrails on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/* " + context);

            Assert.Equal(DenialType.Implicit, d.DenialType);
            Assert.Equal(expected, d.PolicyType);
            Assert.Equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/*", d.Resource);
        }

        [Theory]
        [InlineData("with an explicit deny in an identity-based policy", PolicyType.IdentityBased)]
        [InlineData("with an explicit deny in a resource-based policy", PolicyType.ResourceBased)]
        [InlineData("with an explicit deny in a service control policy", PolicyType.ServiceControl)]
        [InlineData("with an explicit deny in a resource control policy", PolicyType.ResourceControl)]
        [InlineData("with an explicit deny in a permissions boundary", PolicyType.PermissionsBoundary)]
        [InlineData("with an explicit deny in a sessions policy", PolicyType.Session)]
        [InlineData("with an explicit deny in a VPC endpoint policy", PolicyType.VpcEndpoint)]
        [InlineData("with an explicit deny in the role trust policy", PolicyType.RoleTrust)]
        public void ReadsEveryExplicitDenyPolicyTypeWithAwsArticles(string context, PolicyType expected)
        {
            var d = Resolve("User: arn:aws:sts::123456789012:assumed-role/Ops/alex is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:eu-west-1:123456789012:trail/org " + context);

            Assert.Equal(DenialType.Explicit, d.DenialType);
            Assert.Equal(expected, d.PolicyType);
            Assert.Equal("arn:aws:cloudtrail:eu-west-1:123456789012:trail/org", d.Resource);
        }

        [Fact]
        public void ReadsThePolicyArnOfAnExplicitDeny()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DeleteTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny1234");

            Assert.Equal(PolicyType.ServiceControl, d.PolicyType);
            Assert.Equal("arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny1234", d.PolicyArn);
        }

        [Fact]
        public void ReadsTransitiveDenies()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: s3:GetObject with an explicit deny in a VPC endpoint policy transitively through a service control policy");

            Assert.Equal(DenialType.Explicit, d.DenialType);
            Assert.Equal(PolicyType.VpcEndpoint, d.PolicyType);
            Assert.Contains("transitively through", d.Cause);
        }

        [Fact]
        public void ScpMessagesWithoutResourceAreRead()
        {
            var d = Resolve("User: arn:aws:sts::123456789012:assumed-role/Dev/s is not authorized to perform: cloudtrail:CreateTrail with an explicit deny in a service control policy");

            Assert.Null(d.Resource);
            Assert.Equal("cloudtrail:CreateTrail", d.Action);
            Assert.Equal(PolicyType.ServiceControl, d.PolicyType);
        }

        [Fact]
        public void QuotedS3ResourcesAreUnquoted()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::aws-cloudtrail-logs-123/AWSLogs/123456789012/x.json.gz\" because no identity-based policy allows the s3:GetObject action");

            Assert.Equal("arn:aws:s3:::aws-cloudtrail-logs-123/AWSLogs/123456789012/x.json.gz", d.Resource);
            Assert.Equal(PolicyType.IdentityBased, d.PolicyType);
        }

        [Fact]
        public void NullActionIsAbsent()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: null");

            Assert.Equal(DiagnosisKind.NotAuthorized, d.Kind);
            Assert.Null(d.Action);
            Assert.Null(d.ActionIsKnown);
            Assert.Contains("null", d.Cause);
        }

        [Fact]
        public void NotAuthorizedToAccessThisResource()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to access this resource");

            Assert.Equal(DiagnosisKind.NotAuthorized, d.Kind);
            Assert.Equal(PrincipalType.User, d.PrincipalType);
            Assert.Null(d.Action);
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:user/ops/team/ana", PrincipalType.User, "ana", null)]
        [InlineData("arn:aws:iam::123456789012:role/service-role/Deployer", PrincipalType.Role, "Deployer", null)]
        [InlineData("arn:aws:sts::123456789012:assumed-role/Admin/ana@example.com", PrincipalType.AssumedRole, "Admin", "ana@example.com")]
        [InlineData("arn:aws:sts::123456789012:federated-user/bob", PrincipalType.FederatedUser, "bob", null)]
        [InlineData("arn:aws:iam::123456789012:root", PrincipalType.Root, null, null)]
        [InlineData("arn:aws-cn:iam::123456789012:user/li", PrincipalType.User, "li", null)]
        [InlineData("arn:aws-us-gov:sts::123456789012:assumed-role/Gov/s1", PrincipalType.AssumedRole, "Gov", "s1")]
        [InlineData("cloudtrail.amazonaws.com", PrincipalType.Service, "cloudtrail.amazonaws.com", null)]
        [InlineData("anonymous", PrincipalType.Anonymous, null, null)]
        public void ReadsEveryPrincipalForm(string principal, PrincipalType type, string? name, string? session)
        {
            var d = Resolve("User: " + principal + " is not authorized to perform: cloudtrail:DescribeTrails");

            Assert.Equal(principal, d.PrincipalArn);
            Assert.Equal(type, d.PrincipalType);
            Assert.Equal(name, d.PrincipalName);
            Assert.Equal(session, d.SessionName);
        }

        [Theory]
        [InlineData("An error occurred (AccessDeniedException) when calling the GetTrailStatus operation: User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail")]
        [InlineData("An error occurred (AccessDeniedException) when calling the GetTrailStatus operation (reached max retries: 4): User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail")]
        public void UnwrapsTheAwsCli(string text)
        {
            var d = Resolve(text);

            Assert.Equal("AccessDeniedException", d.ErrorCode);
            Assert.Equal("GetTrailStatus", d.Operation);
            Assert.Equal("cloudtrail:GetTrailStatus", d.Action);
            Assert.Equal("My-Trail", d.Resource);
            Assert.StartsWith("User: ", d.Message);
        }

        [Fact]
        public void UnwrapsDotNetExceptionText()
        {
            var d = Resolve("Amazon.CloudTrail.Model.NoManagementAccountSLRExistsException: The management account does not have a service-linked role.");

            Assert.Equal("NoManagementAccountSLRExistsException", d.ErrorCode);
            Assert.Equal(DiagnosisKind.ServiceLinkedRoleMissing, d.Kind);
        }

        [Theory]
        [InlineData("Get-CTTrailStatus: User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail")]
        [InlineData("Get-CTTrailStatus : User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail\nAt line:1 char:1\n+ Get-CTTrailStatus -Name My-Trail\n+ ~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : InvalidOperation: (Amazon.PowerShell.Cmdlets.CT.GetCTTrailStatusCmdlet:GetCTTrailStatusCmdlet) [Get-CTTrailStatus], InvalidOperationException")]
        public void UnwrapsPowerShellOutput(string text)
        {
            var d = Resolve(text);

            Assert.Equal("Get-CTTrailStatus", d.Operation);
            Assert.Equal("cloudtrail:GetTrailStatus", d.Action);
            Assert.Equal("My-Trail", d.Resource);
        }

        [Fact]
        public void ReadsXmlErrorBodies()
        {
            var d = Resolve("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ana is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role</Message></Error><RequestId>1</RequestId></ErrorResponse>");

            Assert.Equal("AccessDenied", d.ErrorCode);
            Assert.Equal("iam:CreateRole", d.Action);
            Assert.Equal("arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role", d.Resource);
        }

        [Fact]
        public void ReadsJsonErrorBodies()
        {
            var d = Resolve("{\"__type\": \"com.amazonaws.cloudtrail#CloudTrailAccessNotEnabledException\", \"Message\": \"This operation is not permitted because your organization hasn't enabled CloudTrail service access.\"}");

            Assert.Equal("CloudTrailAccessNotEnabledException", d.ErrorCode);
            Assert.Equal(DiagnosisKind.OrganizationPrerequisite, d.Kind);
        }

        [Fact]
        public void ReadsEncodedAuthorizationFailures()
        {
            var d = Resolve("An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abc_123");

            Assert.Equal(DiagnosisKind.EncodedAuthorizationFailure, d.Kind);
            Assert.Equal("4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abc_123", d.EncodedMessage);
            Assert.Equal("UnauthorizedOperation", d.ErrorCode);
            Assert.Contains(d.Remediation, step => step.Contains("DecodeAuthorizationMessage"));
        }

        [Theory]
        [InlineData("Access Denied")]
        [InlineData("An error occurred (AccessDenied) when calling the GetObject operation: Access Denied")]
        [InlineData("Access Denied: You do not have permission to operate on this resource")]
        public void BareAccessDeniedTexts(string text)
        {
            var d = Resolve(text);

            Assert.Equal(DiagnosisKind.AccessDenied, d.Kind);
            Assert.Null(d.PrincipalArn);
            Assert.Equal(PrincipalType.Unknown, d.PrincipalType);
            Assert.NotEmpty(d.Remediation);
        }

        [Theory]
        [InlineData("NoManagementAccountSLRExistsException", DiagnosisKind.ServiceLinkedRoleMissing)]
        [InlineData("CloudTrailAccessNotEnabledException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("OrganizationNotInAllFeaturesModeException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("OrganizationsNotInUseException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("NotOrganizationManagementAccountException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("NotOrganizationMasterAccountException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("InsufficientDependencyServiceAccessPermissionException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("CannotDelegateManagementAccountException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("DelegatedAdminAccountLimitExceededException", DiagnosisKind.OrganizationPrerequisite)]
        [InlineData("InsufficientS3BucketPolicyException", DiagnosisKind.DeliveryPermission)]
        [InlineData("InsufficientEncryptionPolicyException", DiagnosisKind.DeliveryPermission)]
        [InlineData("InsufficientSnsTopicPolicyException", DiagnosisKind.DeliveryPermission)]
        [InlineData("InvalidCloudWatchLogsRoleArnException", DiagnosisKind.DeliveryPermission)]
        [InlineData("OrganizationNotInAllFeaturesMode", DiagnosisKind.OrganizationPrerequisite)]
        public void ClassifiesCloudTrailErrorCodes(string code, DiagnosisKind kind)
        {
            var viaCli = Resolve("An error occurred (" + code + ") when calling the CreateTrail operation: something went wrong");
            var bare = Resolve("CreateTrail failed with " + (code.EndsWith("Exception") ? code : code + "Exception") + " just now");

            Assert.Equal(kind, viaCli.Kind);
            Assert.Equal(code, viaCli.ErrorCode);
            Assert.Equal(kind, bare.Kind);
            Assert.NotEmpty(viaCli.Remediation);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("The trail was created successfully.")]
        [InlineData("{\"hello\": \"world\"}")]
        [InlineData("{not json at all")]
        public void AnythingElseIsUnrecognizedWithAReason(string text)
        {
            var d = Resolve(text);

            Assert.False(d.Recognized);
            Assert.Equal(DiagnosisKind.Unrecognized, d.Kind);
            Assert.False(string.IsNullOrWhiteSpace(d.Cause));
            Assert.Null(d.PrincipalArn);
            Assert.Null(d.Action);
        }
    }
}
