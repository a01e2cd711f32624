using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    /// <summary>Error text is evidence written by whoever caused the error, never authority to grant (issue 11).</summary>
    public sealed class GrantFromErrorTextTests
    {
        private const string Ops = "arn:aws:iam::123456789012:user/ops";

        private static AccessErrorDiagnosis Diagnose(string text) => AccessErrorResolver.Default.Resolve(text).Single();

        private static string Denied(string action, string? resource = null, string principal = Ops) =>
            "User: " + principal + " is not authorized to perform: " + action + (resource is null ? string.Empty : " on resource: " + resource) +
            " because no identity-based policy allows the " + action + " action";

        private static GrantRefusedException Refused(string text) =>
            Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(Diagnose(text)));

        private static PermissionGrantPlan Plan(string text) =>
            PermissionGrantPlanner.Plan(
                PermissionGrantRequest.FromDiagnosis(Diagnose(text)),
                new PrincipalPolicyState(new GrantTarget(GrantPrincipalType.User, "ops"), Ops, System.Array.Empty<string>(), null),
                "us-east-1");

        private static string[] Resources(string document) =>
            JsonDocument.Parse(document).RootElement.GetProperty("Statement").EnumerateArray()
                .SelectMany(s => s.GetProperty("Resource").ValueKind == JsonValueKind.Array
                    ? s.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!)
                    : new[] { s.GetProperty("Resource").GetString()! })
                .ToArray();

        [Theory]
        [InlineData("iam:AttachUserPolicy", "arn:aws:iam::123456789012:user/ops")]
        [InlineData("iam:CreatePolicyVersion", null)]
        [InlineData("iam:CreatePolicyVersion", "arn:aws:iam::123456789012:policy/Ops")]
        [InlineData("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/admin")]
        [InlineData("iam:UpdateAssumeRolePolicy", "arn:aws:iam::123456789012:role/Admin")]
        [InlineData("iam:AddUserToGroup", "arn:aws:iam::123456789012:group/Admins")]
        [InlineData("sts:AssumeRole", "arn:aws:iam::123456789012:role/*")]
        [InlineData("s3:GetObject", "\"arn:aws:s3:::audit-logs/*\"")]
        [InlineData("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role")]
        public void ActionsOutsideCloudTrailsWorkAreNotGrantedFromText(string action, string? resource)
        {
            GrantRefusedException refused = Refused(Denied(action, resource));

            Assert.Contains(refused.Reason, new[] { GrantRefusalReason.OutsideCloudTrailWork, GrantRefusalReason.PrivilegeEscalation, GrantRefusalReason.NoResourceNamed });
        }

        [Theory]
        [InlineData("s3:PutBucketPolicy", "arn:aws:s3:::payroll-exports")]
        [InlineData("s3:PutBucketPolicy", "arn:aws:s3:::aws-cloudtrail-logs-999999999999-x")]
        [InlineData("iam:PassRole", "arn:aws:iam::123456789012:role/CloudTrail_Admin")]
        [InlineData("iam:CreateServiceLinkedRole", "arn:aws:iam::123456789012:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail")]
        public void SupportingActionsAreGrantedFromTextOnlyInTheirScenarioShape(string action, string resource)
        {
            Assert.Equal(GrantRefusalReason.OutsideCloudTrailWork, Refused(Denied(action, resource)).Reason);
        }

        [Theory]
        [InlineData("s3:PutBucketPolicy", "arn:aws:s3:::aws-cloudtrail-logs-123456789012-a1b2")]
        [InlineData("iam:PassRole", "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role")]
        public void SupportingActionsInTheirScenarioShapeAreGranted(string action, string resource)
        {
            Assert.Contains(action, Plan(Denied(action, resource)).Actions);
        }

        [Fact]
        public void NoResourceNamedMeansNoGrantForAnActionThatTakesOne()
        {
            GrantRefusedException refused = Refused(Denied("cloudtrail:GetTrailStatus"));

            Assert.Equal(GrantRefusalReason.NoResourceNamed, refused.Reason);
        }

        [Fact]
        public void AnActionWithoutResourceTypesIsGrantedOnStar()
        {
            Assert.Equal(new[] { "*" }, Resources(Plan(Denied("cloudtrail:LookupEvents")).Document));
        }

        [Theory]
        [InlineData("arn:aws:cloudtrail:us-east-1:123456789012:trail/*", "arn:aws:cloudtrail:us-east-1:123456789012:trail/${*}")]
        [InlineData("\"arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit?\"", "arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit${?}")]
        [InlineData("arn:aws:cloudtrail:us-east-1:123456789012:trail/${aws:username}", "arn:aws:cloudtrail:us-east-1:123456789012:trail/${$}{aws:username}")]
        public void WildcardsAndVariablesFromTextAreLiteral(string resource, string written)
        {
            PermissionGrantPlan plan = Plan(Denied("cloudtrail:GetTrailStatus", resource));

            Assert.Equal(new[] { written }, Resources(plan.Document));
            Assert.DoesNotContain("\\\"", plan.Document);
        }

        [Theory]
        [InlineData("arn:aws:iam::1234:user/ops")]
        [InlineData("arn:evil\"x:iam::123456789012:user/ops")]
        [InlineData("arn:aws-fake:iam::123456789012:user/ops")]
        public void AFakeAccountOrPartitionIsRefused(string principal)
        {
            AccessErrorDiagnosis diagnosis = Diagnose(Denied("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:us-east-1:123456789012:trail/T", principal));
            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(diagnosis));
            Assert.Contains(refused.Reason, new[] { GrantRefusalReason.UntrustedAccount, GrantRefusalReason.NoGrantablePrincipal });
        }

        [Fact]
        public void AResourceInAnotherAccountOrWithWildcardAccountIsRefused()
        {
            Assert.Equal(GrantRefusalReason.UntrustedAccount, Refused(Denied("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:us-east-1:999999999999:trail/T")).Reason);
            Assert.Equal(GrantRefusalReason.UntrustedAccount, Refused(Denied("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:*:*:trail/T")).Reason);
        }

        [Fact]
        public void AGrantForAnotherAccountThanTheCredentialsIsRefusedAtPlanTime()
        {
            var request = PermissionGrantRequest.FromDiagnosis(Diagnose(Denied("cloudtrail:LookupEvents")));
            var state = new PrincipalPolicyState(new GrantTarget(GrantPrincipalType.User, "ops"), "arn:aws:iam::210987654321:user/ops", System.Array.Empty<string>(), null);

            var refused = Assert.Throws<GrantRefusedException>(() => PermissionGrantPlanner.Plan(request, state, "us-east-1"));
            Assert.Equal(GrantRefusalReason.DifferentAccount, refused.Reason);
        }

        [Fact]
        public void IdentityCenterRolesAreNeverWrittenAndThePermissionSetIsNamed()
        {
            GrantRefusedException refused = Refused(Denied(
                "cloudtrail:LookupEvents", null, "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_CloudTrailReaders_0123456789abcdef/alice@example.com"));

            Assert.Equal(GrantRefusalReason.IdentityCenterRole, refused.Reason);
            Assert.Contains("permission set 'CloudTrailReaders'", refused.Message);

            var direct = Assert.Throws<GrantRefusedException>(() =>
                PermissionGrantRequest.ForScenario(new GrantTarget(GrantPrincipalType.Role, "AWSReservedSSO_CloudTrailReaders_0123456789abcdef"), "ViewTrails"));
            Assert.Equal(GrantRefusalReason.IdentityCenterRole, direct.Reason);
        }

        [Fact]
        public void TheDiagnosisSaysWhetherAGrantHelpsAndTheGrantReadsItsStatementsAsTheyAre()
        {
            AccessErrorDiagnosis helps = Diagnose(Denied("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit"));
            Assert.True(helps.GrantHelps);
            Assert.Null(helps.NoGrantReason);
            GrantStatement statement = Assert.Single(helps.SuggestedStatements);
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus" }, statement.Actions);
            Assert.Same(helps.SuggestedStatements, PermissionGrantRequest.FromDiagnosis(helps).FixedStatements);

            AccessErrorDiagnosis explicitDeny = Diagnose("User: " + Ops + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit with an explicit deny in a service control policy");
            Assert.False(explicitDeny.GrantHelps);
            Assert.Equal(GrantRefusalReason.ServiceControlPolicy, explicitDeny.NoGrantReason);
            Assert.Empty(explicitDeny.SuggestedStatements);
            Assert.Equal(GrantRefusalReason.ServiceControlPolicy, Assert.Throws<GrantRefusedException>(() => PermissionGrantRequest.FromDiagnosis(explicitDeny)).Reason);
        }

        [Fact]
        public void ACloudTrailDenialIsStillGrantedExactly()
        {
            PermissionGrantPlan plan = Plan(Denied("cloudtrail:GetTrailStatus", "arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit"));

            Assert.Equal(new[] { "arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit" }, Resources(plan.Document));
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus" }, plan.Actions);
        }
    }
}
