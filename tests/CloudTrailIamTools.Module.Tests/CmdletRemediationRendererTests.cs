using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>The module renders the core's remediation steps as cmdlet lines; the core itself writes none.</summary>
    public sealed class CmdletRemediationRendererTests
    {
        private static AccessErrorDiagnosis Resolve(string text) => AccessErrorResolver.Default.Resolve(text).Single();

        [Fact]
        public void AGrantStepBecomesAGrantCloudTrailPermissionLine()
        {
            AccessErrorDiagnosis d = Resolve("User: arn:aws:sts::123456789012:assumed-role/Auditor/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/T")
                .RenderedFor(CmdletRemediationRenderer.Instance);

            Assert.Contains(d.Remediation, line => line.Contains("With this module: Grant-CloudTrailPermission -RoleName Auditor -Action cloudtrail:GetTrailStatus -Resource 'arn:aws:cloudtrail:us-east-1:123456789012:trail/T' -WhatIf"));
            Assert.DoesNotContain(d.Remediation, line => line.Contains("cloudtrail-iam"));
        }

        [Fact]
        public void RepairAndTestStepsNameTheirCmdlets()
        {
            AccessErrorDiagnosis org = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: organizations:EnableAWSServiceAccess")
                .RenderedFor(CmdletRemediationRenderer.Instance);
            AccessErrorDiagnosis config = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: config:GetResourceConfigHistory")
                .RenderedFor(CmdletRemediationRenderer.Instance);

            Assert.Contains(org.Remediation, line => line.Contains("Repair-OrganizationTrailSlr -WhatIf"));
            Assert.Contains(config.Remediation, line => line.Contains("Test-CloudTrailPermission -Scenario ViewAwsConfigIntegration"));
        }

        [Fact]
        public void AwsCallsInAdviceBecomeAwsToolsCmdletLines()
        {
            AccessErrorDiagnosis d = Resolve("An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.")
                .RenderedFor(CmdletRemediationRenderer.Instance);

            Assert.Contains(d.Remediation, line => line.Contains("With AWS.Tools: New-IAMServiceLinkedRole -AWSServiceName cloudtrail.amazonaws.com."));
            Assert.Contains(d.Remediation, line => line.Contains("With AWS.Tools: Register-CTOrganizationDelegatedAdmin -MemberAccountId <account-id>."));
            Assert.Contains(d.Remediation, line => line.Contains("Repair-OrganizationTrailSlr -WhatIf"));
            Assert.DoesNotContain(d.Remediation, line => line.Contains("aws iam") || line.Contains("cloudtrail-iam") || line.Contains("--"));
        }

        [Fact]
        public void EveryAwsCallTheCoreAdvisesHasAnAwsToolsCmdlet()
        {
            string[] messages =
            {
                "An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: x",
                "An error occurred (CloudTrailAccessNotEnabledException) when calling the CreateTrail operation: x",
                "An error occurred (OrganizationNotInAllFeaturesModeException) when calling the CreateTrail operation: x",
                "An error occurred (OrganizationsNotInUseException) when calling the CreateTrail operation: x",
                "An error occurred (CannotDelegateManagementAccountException) when calling the RegisterOrganizationDelegatedAdmin operation: x",
                "An error occurred (AccessDenied) when calling the GetTrail operation: Access Denied",
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/R",
            };

            foreach (string message in messages)
            {
                AccessErrorDiagnosis d = Resolve(message).RenderedFor(CmdletRemediationRenderer.Instance);
                foreach (var (step, line) in d.Steps.Zip(d.Remediation))
                {
                    if (step.AwsCall is not null)
                    {
                        Assert.Contains("With AWS.Tools: ", line);
                    }
                }
            }
        }

        [Fact]
        public void RenderingKeepsTheStepsAndTheirOrder()
        {
            AccessErrorDiagnosis plain = Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:LookupEvents");
            AccessErrorDiagnosis rendered = plain.RenderedFor(CmdletRemediationRenderer.Instance);

            Assert.Same(plain.Steps, rendered.Steps);
            Assert.Equal(plain.Remediation.Count, rendered.Remediation.Count);
            Assert.All(plain.Remediation.Zip(rendered.Remediation), pair => Assert.StartsWith(pair.First, pair.Second));
        }
    }
}
