using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>The advice must fit the cause: grants only where a grant helps.</summary>
    public sealed class RemediationTests
    {
        private const string User = "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: ";

        private static AccessErrorDiagnosis Resolve(string text) => AccessErrorResolver.Default.Resolve(text).Single();

        private static JsonElement Statement(AccessErrorDiagnosis d)
        {
            Assert.NotNull(d.SuggestedPolicy);
            using var document = JsonDocument.Parse(d.SuggestedPolicy!);
            Assert.Equal("2012-10-17", document.RootElement.GetProperty("Version").GetString());
            return document.RootElement.GetProperty("Statement")[0].Clone();
        }

        [Fact]
        public void ImplicitIdentityDenyIsFixedByAGrantOnTheTrailArn()
        {
            var d = Resolve(User + "cloudtrail:GetTrailStatus on resource: My-Trail because no identity-based policy allows the cloudtrail:GetTrailStatus action");

            JsonElement statement = Statement(d);
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            Assert.Equal("cloudtrail:GetTrailStatus", statement.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:cloudtrail:*:123456789012:trail/My-Trail", statement.GetProperty("Resource").GetString());
            Assert.Contains("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", d.SuggestedManagedPolicies);
            Assert.Contains(d.Steps, step => step.Kind == RemediationStepKind.Grant && step.Identity!.Name == "mateojackson" && step.Identity.PrincipalType == CloudTrailIamTools.Core.Grants.GrantPrincipalType.User);
        }

        [Fact]
        public void ManagedPoliciesAreNarrowestFirst()
        {
            var d = Resolve(User + "cloudtrail:GetTrailStatus on resource: My-Trail");

            var list = d.SuggestedManagedPolicies.ToList();
            int readOnly = list.IndexOf("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess");
            int full = list.IndexOf("arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess");
            Assert.True(readOnly >= 0 && full >= 0 && readOnly < full, string.Join(", ", list));
            Assert.DoesNotContain(list, arn => arn.EndsWith("/AWSCloudTrailFullAccess") || arn.EndsWith("/AWSCloudTrailReadOnlyAccess"));
        }

        [Theory]
        [InlineData("with an explicit deny in an identity-based policy")]
        [InlineData("with an explicit deny in a service control policy")]
        [InlineData("with an explicit deny in a permissions boundary")]
        [InlineData("with an explicit deny in a sessions policy")]
        [InlineData("with an explicit deny in a VPC endpoint policy")]
        [InlineData("with an explicit deny in a resource control policy")]
        public void ExplicitDeniesAreNeverFixedByAGrant(string context)
        {
            var d = Resolve(User + "cloudtrail:DeleteTrail on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/main " + context);

            Assert.Null(d.SuggestedPolicy);
            Assert.Empty(d.SuggestedManagedPolicies);
            Assert.Contains("explicit", d.Cause);
            Assert.Contains(d.Remediation, step => step.Contains("cannot override"));
        }

        [Theory]
        [InlineData("service control policy", "SCP")]
        [InlineData("permissions boundary", "boundary")]
        [InlineData("session policy", "session")]
        [InlineData("VPC endpoint policy", "endpoint")]
        [InlineData("resource control policy", "RCPFullAWSAccess")]
        public void GuardRailImplicitDeniesPointToThatPolicy(string type, string expectedInSteps)
        {
            var d = Resolve(User + "cloudtrail:DescribeTrails because no " + type + " allows the cloudtrail:DescribeTrails action");

            Assert.Null(d.SuggestedPolicy);
            Assert.Empty(d.SuggestedManagedPolicies);
            Assert.Contains(d.Remediation, step => step.Contains(expectedInSteps));
            Assert.Contains("will not help", d.Cause);
        }

        [Fact]
        public void ResourcePolicyDeniesSuggestAResourcePolicyStatement()
        {
            var d = Resolve("User: arn:aws:iam::999988887777:user/partner is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::logs-bucket/AWSLogs/123456789012/f.json.gz\" because no resource-based policy allows the s3:GetObject action");

            JsonElement statement = Statement(d);
            Assert.Equal("arn:aws:iam::999988887777:user/partner", statement.GetProperty("Principal").GetProperty("AWS").GetString());
            Assert.Equal(HelpTopics.CrossAccountAccess, d.HelpTopic);
        }

        [Fact]
        public void UnknownActionsAreCalledOutWithTheClosestRealOnes()
        {
            var d = Resolve(User + "cloudtrail:GetWidget on resource: my-example-widget");

            Assert.False(d.ActionIsKnown);
            Assert.Null(d.SuggestedPolicy);
            Assert.Empty(d.SuggestedManagedPolicies);
            Assert.Contains("not an action", d.Cause);
            Assert.Contains("cloudtrail:", d.Cause.Substring(d.Cause.IndexOf("closest")));
        }

        [Fact]
        public void ActionsOfServicesOutsideTheCatalogAreNotCalledUnknown()
        {
            var d = Resolve(User + "brandnewservice:DoThing on resource: arn:aws:brandnewservice:us-east-1:123456789012:thing/a");

            Assert.Null(d.ActionIsKnown);
            Assert.NotNull(d.SuggestedPolicy);
        }

        [Fact]
        public void ActionsOfOtherServicesInTheCatalogAreChecked()
        {
            Assert.True(Resolve(User + "ec2:RunInstances").ActionIsKnown);
            Assert.False(Resolve(User + "ec2:RunInstancez").ActionIsKnown);
        }

        [Fact]
        public void PassRoleWithoutAServiceNeverDefaultsToCloudTrail()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole");

            Assert.Null(d.SuggestedPolicy);
            Assert.Empty(d.SuggestedManagedPolicies);
            Assert.DoesNotContain("cloudtrail.amazonaws.com", string.Join(" ", d.Remediation));
            Assert.Contains(d.Remediation, step => step.Contains("iam:PassedToService"));
            Assert.Equal(HelpTopics.PassRole, d.HelpTopic);
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:role/my-lambda-exec", null, "lambda.amazonaws.com")]
        [InlineData("arn:aws:iam::123456789012:role/worker", "An error occurred (AccessDeniedException) when calling the CreateFunction operation: ", "lambda.amazonaws.com")]
        [InlineData("arn:aws:iam::123456789012:role/BedrockAgentRole", null, "bedrock.amazonaws.com")]
        [InlineData("arn:aws:iam::123456789012:role/worker", "An error occurred (AccessDeniedException) when calling the RegisterTaskDefinition operation: ", "ecs-tasks.amazonaws.com")]
        public void PassRoleToAnotherServiceIsConditionedOnThatServiceWithoutCloudWatchLogsAdvice(string role, string? wrapper, string service)
        {
            var d = Resolve((wrapper ?? string.Empty) + "User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole on resource: " + role);

            JsonElement statement = Statement(d);
            Assert.Equal(service, statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
            Assert.DoesNotContain("CloudWatch", string.Join(" ", d.Remediation) + d.Cause);
            Assert.DoesNotContain("cloudtrail.amazonaws.com", string.Join(" ", d.Remediation) + d.Cause);

            // The grant path never hands a role to a service other than CloudTrail.
            Assert.Throws<CloudTrailIamTools.Core.Grants.GrantRefusedException>(() => CloudTrailIamTools.Core.Grants.PermissionGrantRequest.FromDiagnosis(d));
        }

        [Fact]
        public void PassRoleToCloudTrailIsConditionedOnCloudTrail()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role");

            Assert.Equal("cloudtrail.amazonaws.com", Statement(d).GetProperty("Condition").GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
            Assert.NotNull(CloudTrailIamTools.Core.Grants.PermissionGrantRequest.FromDiagnosis(d));
        }

        [Theory]
        [InlineData("iam:PassRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role")]
        [InlineData("iam:PassRole on resource: arn:aws:iam::123456789012:role/my-lambda-exec")]
        [InlineData("iam:AttachUserPolicy on resource: arn:aws:iam::123456789012:user/marymajor")]
        [InlineData("iam:CreateAccessKey on resource: arn:aws:iam::123456789012:user/someone")]
        public void SuggestedManagedPoliciesPassTheEscalationGuard(string denial)
        {
            var d = Resolve(User + denial);

            Assert.DoesNotContain(d.SuggestedManagedPolicies, arn => arn.EndsWith("/IAMFullAccess", System.StringComparison.Ordinal));
            Assert.DoesNotContain(d.SuggestedManagedPolicies, arn => arn.EndsWith("/AdministratorAccess-Amplify", System.StringComparison.Ordinal));
            Assert.All(d.SuggestedManagedPolicies, arn =>
            {
                Assert.True(CloudTrailIamTools.Core.Catalog.IamCatalog.Default.TryGetManagedPolicy(arn, out var policy));
                Assert.True(CloudTrailIamTools.Core.Grants.EscalationGuard.IsSafeManagedPolicy(policy));
            });
        }

        [Fact]
        public void PassRoleOnANamedRoleUsesThatRole()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role");

            Assert.Equal("arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role", Statement(d).GetProperty("Resource").GetString());
        }

        [Theory]
        [InlineData("iam:CreateRole", "ConfigureCloudWatchLogs")]
        [InlineData("iam:PutRolePolicy", "ConfigureCloudWatchLogs")]
        [InlineData("config:DescribeConfigurationRecorders", "ViewAwsConfigIntegration")]
        [InlineData("organizations:EnableAWSServiceAccess", "organization trail repair")]
        public void ConsoleIntegrationsNameWhatFullAccessLacks(string action, string expected)
        {
            var d = Resolve(User + action);

            Assert.Contains(d.Remediation, step => step.Contains(expected));
        }

        [Theory]
        [InlineData("cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/T")]
        [InlineData("iam:PassRole on resource: arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role")]
        [InlineData("organizations:EnableAWSServiceAccess")]
        [InlineData("iam:CreateRole")]
        [InlineData("config:GetResourceConfigHistory")]
        [InlineData("cloudtrail:GetTrail on resource: arn:aws:cloudtrail:us-east-1:444455556666:trail/T")]
        [InlineData("cloudtrail:GetTrail with an explicit deny in a service control policy")]
        public void TheCoreWritesNoCommandOfEitherFrontEnd(string denial)
        {
            var d = Resolve(User + denial);

            foreach (string line in d.Remediation)
            {
                foreach (string syntax in new[] { "Grant-CloudTrail", "Test-CloudTrail", "Repair-Organization", "Resolve-CloudTrail", "Get-Help", "cloudtrail-iam", "-WhatIf", "--what-if", "-Scenario", "--scenario" })
                {
                    Assert.DoesNotContain(syntax, line);
                }
            }
        }

        [Fact]
        public void LogStreamWritesCoverTheLogGroupsStreams()
        {
            var d = Resolve(User + "logs:PutLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012-a1b2:log-stream:123456789012_CloudTrail_us-east-1_2026-12-06");

            Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012-a1b2:*", Statement(d).GetProperty("Resource").GetString());
        }

        [Theory]
        [InlineData("s3:GetObject", "arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*")]
        [InlineData("s3:GetObject", "arn:aws:s3:::audit-logs/AWSLogs/1.json.gz", "arn:aws:s3:::audit-logs/AWSLogs/1.json.gz")]
        [InlineData("s3:ListBucket", "arn:aws:s3:::audit-logs/AWSLogs/1.json.gz", "arn:aws:s3:::audit-logs")]
        [InlineData("s3:ListBucket", "arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs")]
        public void S3ObjectActionsSuggestObjectsAndBucketActionsTheBucket(string action, string resource, string suggested)
        {
            var d = Resolve(User + action + " on resource: " + resource);

            Assert.Equal(suggested, Statement(d).GetProperty("Resource").GetString());
        }

        [Fact]
        public void AssumeRoleDenialsNameTheTrustPolicyAndAcrossAccountsBothSides()
        {
            var same = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Reader");
            Assert.Contains(same.Steps, s => s.Kind == RemediationStepKind.EditTrustPolicy && s.PolicyOwner == "arn:aws:iam::123456789012:role/Reader" && s.PrincipalToName == "arn:aws:iam::123456789012:user/ana");
            Assert.Contains("trust policy", same.Cause);

            var cross = Resolve("User: arn:aws:sts::123456789012:assumed-role/Ops/ana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Reader");
            RemediationStep trust = Assert.Single(cross.Steps, s => s.Kind == RemediationStepKind.EditTrustPolicy);
            Assert.Equal("arn:aws:iam::123456789012:role/Ops", trust.PrincipalToName);
            Assert.Contains(cross.Remediation, line => line.Contains("Both sides") && line.Contains("444455556666") && line.Contains("123456789012"));
        }

        [Theory]
        [InlineData("kms:Decrypt", "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab", RemediationStepKind.EditKeyPolicy, "key policy")]
        [InlineData("s3:GetObject", "arn:aws:s3:::central-logs/AWSLogs/123456789012/x.json.gz", RemediationStepKind.EditBucketPolicy, "bucket policy of arn:aws:s3:::central-logs")]
        public void CrossAccountResourcePolicyDenialsNameThePolicyAndTheRoleArn(string action, string resource, RemediationStepKind kind, string named)
        {
            var d = Resolve("User: arn:aws:sts::123456789012:assumed-role/Ops/ana is not authorized to perform: " + action + " on resource: " + resource +
                            " because no resource-based policy allows the " + action + " action");

            RemediationStep step = Assert.Single(d.Steps, s => s.Kind == kind);
            Assert.Equal("arn:aws:iam::123456789012:role/Ops", step.PrincipalToName);
            Assert.Contains(named, step.Text);
            Assert.DoesNotContain("assumed-role", step.Statement ?? string.Empty);
        }

        [Fact]
        public void RootDenialsPointAtGuardRails()
        {
            var d = Resolve("User: arn:aws:iam::123456789012:root is not authorized to perform: cloudtrail:CreateTrail");

            Assert.Null(d.SuggestedPolicy);
            Assert.Contains("root", d.Cause);
            Assert.Contains(d.Remediation, step => step.Contains("service control"));
        }

        [Fact]
        public void AssumedRolesAreGrantedThroughTheirRole()
        {
            var d = Resolve("User: arn:aws:sts::123456789012:assumed-role/Auditor/ana is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action");

            Assert.Contains(d.Steps, step => step.Kind == RemediationStepKind.Grant && step.Identity!.Name == "Auditor" && step.Identity.PrincipalType == CloudTrailIamTools.Core.Grants.GrantPrincipalType.Role);
        }

        [Fact]
        public void CrossAccountResourcesMentionBothSides()
        {
            var d = Resolve("User: arn:aws:iam::111122223333:user/ana is not authorized to perform: cloudtrail:GetTrail on resource: arn:aws:cloudtrail:us-east-1:444455556666:trail/org");

            Assert.Contains(d.Steps, step => step.Text.Contains("444455556666") && step.Kind == RemediationStepKind.SetUpCrossAccountRole);
            Assert.Equal(HelpTopics.CrossAccountAccess, d.HelpTopic);
        }

        [Fact]
        public void ServiceLinkedRoleMissingNamesEveryWayOut()
        {
            var d = Resolve("An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.");

            Assert.Equal(HelpTopics.OrganizationTrails, d.HelpTopic);
            Assert.Contains(d.Steps, step => step.Kind == RemediationStepKind.RepairOrganizationTrail);
            // The calls are data with the API's names; each front end writes them in its own AWS tool.
            Assert.Contains(d.Steps, step => step.AwsCall?.ToString() == "iam:CreateServiceLinkedRole with AWSServiceName cloudtrail.amazonaws.com");
            Assert.Contains(d.Steps, step => step.AwsCall?.ActionName == "cloudtrail:RegisterOrganizationDelegatedAdmin");
            Assert.Contains(d.Remediation, step => step.Contains("call iam:CreateServiceLinkedRole with AWSServiceName cloudtrail.amazonaws.com"));
            Assert.Contains("iam:CreateServiceLinkedRole", d.SuggestedPolicy);
        }

        [Fact]
        public void InfersTheActionFromTheCliOperationWhenAwsOmitsIt()
        {
            var d = Resolve("An error occurred (AccessDeniedException) when calling the GetEventSelectors operation: Access Denied");

            Assert.Equal("cloudtrail:GetEventSelectors", d.Action);
            Assert.True(d.ActionIsKnown);
        }

        [Fact]
        public void EveryRecognizedDiagnosisHasCauseStepsAndHelp()
        {
            string[] inputs =
            {
                User + "cloudtrail:GetTrailStatus on resource: My-Trail",
                "Access Denied",
                "An error occurred (InsufficientS3BucketPolicyException) when calling the CreateTrail operation: Incorrect S3 bucket policy is detected for bucket: b",
            };
            foreach (string input in inputs)
            {
                var d = Resolve(input);
                Assert.True(d.Recognized);
                Assert.False(string.IsNullOrWhiteSpace(d.Cause));
                Assert.NotEmpty(d.Remediation);
                Assert.StartsWith("about_CloudTrailIamTools", d.HelpTopic);
            }
        }
    }
}
