using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    public sealed class CrossAccountRolePlannerTests
    {
        private const string Account = "111122223333";
        private const string Other = "444455556666";

        private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

        private static JsonElement Statement(string document, string sid) =>
            Parse(document).GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == sid);

        private static string[] Strings(JsonElement element) =>
            element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!).ToArray() : new[] { element.GetString()! };

        [Fact]
        public void TrustPolicyTrustsEachAccountRootWithoutConditionsByDefault()
        {
            var request = new CrossAccountRoleRequest(new[] { Account, Other, Account });

            JsonElement trust = Parse(CrossAccountRolePlanner.TrustPolicy(request, "aws"));

            Assert.Equal("2012-10-17", trust.GetProperty("Version").GetString());
            JsonElement statement = Assert.Single(trust.GetProperty("Statement").EnumerateArray());
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
            Assert.Equal(new[] { "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root" }, Strings(statement.GetProperty("Principal").GetProperty("AWS")));
            Assert.False(statement.TryGetProperty("Condition", out _));
            Assert.False(statement.TryGetProperty("Resource", out _));
        }

        [Fact]
        public void TrustPolicyRequiresExternalIdAndMfaWhenAsked()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, externalId: "Customer+42:prod", thirdParty: true, requireMfa: true);
            string trust = CrossAccountRolePlanner.TrustPolicy(request, "aws-us-gov");

            Assert.Contains("\"Customer+42:prod\"", trust);
            JsonElement statement = Assert.Single(Parse(trust).GetProperty("Statement").EnumerateArray());

            Assert.Equal("arn:aws-us-gov:iam::111122223333:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
            JsonElement condition = statement.GetProperty("Condition");
            Assert.Equal("Customer+42:prod", condition.GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
            Assert.Equal("true", condition.GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        }

        [Fact]
        public void PermissionPolicyWithoutBucketIsCloudTrailReadActionsOnly()
        {
            var request = new CrossAccountRoleRequest(new[] { Account });

            JsonElement policy = Parse(CrossAccountRolePlanner.PermissionPolicy(request, "aws"));

            JsonElement read = Assert.Single(policy.GetProperty("Statement").EnumerateArray());
            Assert.Equal("ReadCloudTrail", read.GetProperty("Sid").GetString());
            Assert.Equal("*", read.GetProperty("Resource").GetString());
            string[] actions = Strings(read.GetProperty("Action"));
            Assert.Contains("cloudtrail:LookupEvents", actions);
            Assert.Contains("cloudtrail:DescribeTrails", actions);
            Assert.Contains("cloudtrail:GetTrailStatus", actions);
            Assert.Contains("cloudtrail:ListTrails", actions);
        }

        [Fact]
        public void ReadActionsAreExactCatalogListOrReadActionsAndNeverWrites()
        {
            IReadOnlyList<string> actions = CrossAccountRolePlanner.CloudTrailReadActions;

            Assert.NotEmpty(actions);
            foreach (string action in actions)
            {
                Assert.DoesNotContain("*", action);
                Assert.True(IamCatalog.Default.TryGetAction(action, out ActionInfo? info), action);
                Assert.Contains(info.AccessLevel, new[] { "List", "Read" });
            }

            foreach (string write in new[] { "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:AddTags", "cloudtrail:CreateTrail" })
            {
                Assert.DoesNotContain(write, actions);
            }

            Assert.Equal(actions.OrderBy(a => a, StringComparer.Ordinal), actions);
        }

        public static TheoryData<string?, string?, string[], string> LogLayouts => new TheoryData<string?, string?, string[], string>
        {
            { null, null, new[] { Account }, "AWSLogs/111122223333/" },
            { "team/trails/", null, new[] { Account }, "team/trails/AWSLogs/111122223333/" },
            { null, "o-abcdef1234", new[] { Account }, "AWSLogs/o-abcdef1234/111122223333/" },
            { "/central", "o-abcdef1234", new[] { Account }, "central/AWSLogs/o-abcdef1234/111122223333/" },
        };

        [Theory]
        [MemberData(nameof(LogLayouts))]
        public void LogFileAccessIsExactlyTheTrustedAccountsPrefix(string? prefix, string? organization, string[] accounts, string expectedPrefix)
        {
            var request = new CrossAccountRoleRequest(accounts, logBucketName: "central-trail-logs", logPrefix: prefix, organizationId: organization);
            string policy = CrossAccountRolePlanner.PermissionPolicy(request, "aws");

            JsonElement get = Statement(policy, "ReadLogFiles");
            Assert.Equal("s3:GetObject", get.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:s3:::central-trail-logs/" + expectedPrefix + "*", get.GetProperty("Resource").GetString());
            Assert.False(get.TryGetProperty("Condition", out _));

            JsonElement list = Statement(policy, "ListLogFiles");
            Assert.Equal("s3:ListBucket", list.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:s3:::central-trail-logs", list.GetProperty("Resource").GetString());
            Assert.Equal(expectedPrefix + "*", list.GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix").GetString());
        }

        [Fact]
        public void LogSharingWithSeveralAccountsInOneRoleIsRefused()
        {
            // Whoever assumes the role gets all of it: account A could read account B's prefix.
            var invalid = Assert.Throws<InvalidInputException>(() => new CrossAccountRoleRequest(new[] { Account, Other }, logBucketName: "logs-bucket"));

            Assert.Equal("TrustedAccountId", invalid.Location);
            Assert.Contains("one role per trusted account", invalid.Message);
            Assert.Equal(2, new CrossAccountRoleRequest(new[] { Account, Other }).TrustedAccountIds.Count);
        }

        [Fact]
        public void KmsKeyAddsDecryptOnThatKeyOnly()
        {
            const string key = "arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            var request = new CrossAccountRoleRequest(new[] { Account }, logBucketName: "logs-bucket", kmsKeyArn: key);

            JsonElement decrypt = Statement(CrossAccountRolePlanner.PermissionPolicy(request, "aws"), "DecryptLogFiles");

            Assert.Equal("kms:Decrypt", decrypt.GetProperty("Action").GetString());
            Assert.Equal(key, decrypt.GetProperty("Resource").GetString());
        }

        [Fact]
        public void NoStatementOfThePermissionPolicyWritesAnything()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, logBucketName: "logs-bucket", kmsKeyArn: "arn:aws:kms:us-east-1:999988887777:key/k1");
            var allowed = new HashSet<string>(CrossAccountRolePlanner.CloudTrailReadActions.Concat(new[] { "s3:GetObject", "s3:ListBucket", "kms:Decrypt" }));

            foreach (JsonElement statement in Parse(CrossAccountRolePlanner.PermissionPolicy(request, "aws")).GetProperty("Statement").EnumerateArray())
            {
                Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
                Assert.All(Strings(statement.GetProperty("Action")), a => Assert.Contains(a, allowed));
            }
        }

        public static TheoryData<string> UnsafeTrusts => new TheoryData<string> { "*", "1111*", "o-abcdef1234", "arn:aws:organizations::111122223333:organization/o-abcdef1234" };

        [Theory]
        [MemberData(nameof(UnsafeTrusts))]
        public void WildcardAndOrganizationWideTrustAreRefused(string principal)
        {
            var refused = Assert.Throws<GrantRefusedException>(() => new CrossAccountRoleRequest(new[] { Account, principal }));

            Assert.Equal(GrantRefusalReason.UnsafeTrust, refused.Reason);
            Assert.Equal("GrantRefused.UnsafeTrust", refused.ErrorId);
        }

        [Theory]
        [InlineData("11112222333")]
        [InlineData("1111222233334")]
        [InlineData("11112222333a")]
        [InlineData("arn:aws:iam::111122223333:root")]
        [InlineData("arn:aws:iam::111122223333:user/bob")]
        [InlineData("my-alias")]
        [InlineData("")]
        public void MalformedAccountIdsAreRefused(string account)
        {
            var invalid = Assert.Throws<InvalidInputException>(() => new CrossAccountRoleRequest(new[] { account }));

            Assert.Equal("TrustedAccountId", invalid.Location);
        }

        [Fact]
        public void NoAccountAtAllIsRefused()
        {
            Assert.Throws<InvalidInputException>(() => new CrossAccountRoleRequest(Array.Empty<string>()));
        }

        [Fact]
        public void ThirdPartyRequiresAnExternalId()
        {
            var invalid = Assert.Throws<InvalidInputException>(() => new CrossAccountRoleRequest(new[] { Account }, thirdParty: true));

            Assert.Equal("ExternalId", invalid.Location);
            Assert.Contains("confused deputy", invalid.Message);
        }

        [Theory]
        [InlineData(3599, null, null, null, null, "MaxSessionDuration")]
        [InlineData(43201, null, null, null, null, "MaxSessionDuration")]
        [InlineData(null, "Bad_Bucket", null, null, null, "LogBucketName")]
        [InlineData(null, null, "prefix", null, null, "LogBucketName")]
        [InlineData(null, null, null, "o-abcdef1234", null, "LogBucketName")]
        [InlineData(null, "logs-bucket", "AWSLogs/*", null, null, "LogPrefix")]
        [InlineData(null, "logs-bucket", null, "r-abcd", null, "OrganizationId")]
        [InlineData(null, "logs-bucket", null, null, "arn:aws:kms:us-east-1:999988887777:alias/trail", "KmsKeyArn")]
        [InlineData(null, "logs-bucket", null, null, "1234abcd", "KmsKeyArn")]
        public void BadOptionsNameTheParameter(int? seconds, string? bucket, string? prefix, string? organization, string? key, string location)
        {
            var invalid = Assert.Throws<InvalidInputException>(() => new CrossAccountRoleRequest(
                new[] { Account }, maxSessionDuration: seconds, logBucketName: bucket, logPrefix: prefix, organizationId: organization, kmsKeyArn: key));

            Assert.Equal(location, invalid.Location);
        }

        [Fact]
        public void DefaultsAndTrimming()
        {
            var request = new CrossAccountRoleRequest(new[] { " 111122223333 " }, roleName: " ", logBucketName: "logs-bucket", logPrefix: "/");

            Assert.Equal("CloudTrailCrossAccountReader", request.RoleName);
            Assert.Equal(new[] { Account }, request.TrustedAccountIds);
            Assert.Null(request.LogPrefix);
        }

        [Fact]
        public void TrustedSidePolicyAndCommandsNameTheRoleAndPlaceholders()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, externalId: "ext-123", requireMfa: true);

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", null);
            CrossAccountRoleResult result = plan.ToResult(CrossAccountRoleChange.WouldChange);

            Assert.Equal("arn:aws:iam::123456789012:role/CloudTrailCrossAccountReader", result.RoleArn);
            JsonElement trusted = Assert.Single(Parse(result.TrustedAccountPolicy).GetProperty("Statement").EnumerateArray());
            Assert.Equal("sts:AssumeRole", trusted.GetProperty("Action").GetString());
            Assert.Equal(result.RoleArn, trusted.GetProperty("Resource").GetString());
            Assert.Contains("Use-STSRole -RoleArn '" + result.RoleArn + "'", result.PowerShellCommand);
            Assert.Contains("-ExternalId '<external-id>'", result.PowerShellCommand);
            Assert.Contains("-SerialNumber 'arn:aws:iam::<trusted-account-id>:mfa/<device-name>' -TokenCode '<mfa-code>'", result.PowerShellCommand);
            Assert.StartsWith("aws sts assume-role --role-arn " + result.RoleArn + " --role-session-name ", result.AwsCliCommand);
            Assert.Contains("--external-id <external-id>", result.AwsCliCommand);
            Assert.Contains("--serial-number arn:aws:iam::<trusted-account-id>:mfa/<device-name> --token-code <mfa-code>", result.AwsCliCommand);
            Assert.True(result.ExternalIdRequired);
            Assert.True(result.MfaRequired);
            Assert.DoesNotContain("ext-123", result.PowerShellCommand + result.AwsCliCommand);
            Assert.True(plan.NeedsChange);
            Assert.Contains(plan.TrustPolicy, plan.WhatIfText);
            Assert.Contains(plan.PermissionPolicy, plan.WhatIfText);
        }

        [Fact]
        public void CommandsWithoutConditionsHaveNoPlaceholders()
        {
            var result = CrossAccountRolePlanner.Plan(new CrossAccountRoleRequest(new[] { Account }), "123456789012", "aws", null).ToResult(CrossAccountRoleChange.Created);

            Assert.DoesNotContain("<", result.PowerShellCommand + result.AwsCliCommand);
        }

        private static ExistingCrossAccountRole Existing(CrossAccountRoleRequest request, string? trust = null, string? permissions = null,
            bool tagged = true, IReadOnlyList<string>? otherInline = null, IReadOnlyList<string>? attached = null, int? maxSession = 3600)
        {
            var tags = tagged ? new Dictionary<string, string> { ["CloudTrailIamTools"] = "CrossAccountRole" } : new Dictionary<string, string>();
            // Reformatted and reordered on purpose: comparison is by meaning, not by text.
            string sameTrust = JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(CrossAccountRolePlanner.TrustPolicy(request, "aws")), new JsonSerializerOptions { WriteIndented = true });
            var role = new IamRole(request.RoleName, "AROA1", "arn:aws:iam::123456789012:role/" + request.RoleName, "/", null, trust ?? sameTrust, null, maxSession, null, tags);
            var inline = new List<string>(otherInline ?? Array.Empty<string>());
            if (permissions != "missing")
            {
                inline.Add(CrossAccountRolePlanner.PermissionPolicyName);
            }

            return new ExistingCrossAccountRole(role, inline, permissions == "missing" ? null : permissions ?? CrossAccountRolePlanner.PermissionPolicy(request, "aws"), attached ?? Array.Empty<string>());
        }

        [Fact]
        public void IdenticalExistingRoleNeedsNoChange()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, externalId: "ext-1");

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request));

            Assert.False(plan.NeedsChange);
            Assert.Empty(plan.Differences);
            Assert.Empty(plan.Notes);
        }

        [Fact]
        public void DifferentTrustOrPolicyIsShownAsDifferences()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, externalId: "ext-1");
            const string oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, trust: oldTrust, permissions: "missing"));

            Assert.True(plan.NeedsChange);
            Assert.Equal(2, plan.Differences.Count);
            Assert.Contains("444455556666", plan.Differences[0]);
            Assert.Contains("missing", plan.Differences[1]);
            Assert.True(plan.MarkedAsOurs);
            Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force: false));
            CrossAccountRoleGranter.ThrowIfConflict(plan, force: true);
        }

        [Theory]
        [InlineData(null, "arn:aws:iam::aws:policy/AdministratorAccess")]
        [InlineData("Extra", null)]
        public void ForceNeverAddsATrustedAccountToARoleHoldingOtherPolicies(string? otherInline, string? attached)
        {
            var request = new CrossAccountRoleRequest(new[] { Account, "777788889999" });
            const string oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";
            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(
                request, trust: oldTrust, otherInline: otherInline is null ? null : new[] { otherInline }, attached: attached is null ? null : new[] { attached }));

            Assert.True(plan.MarkedAsOurs);
            var conflict = Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force: true));
            Assert.False(conflict.ForceCanUpdate);
            Assert.Contains(otherInline ?? attached!, conflict.Message);
        }

        [Fact]
        public void OurRoleLackingOnlyTheInlinePolicyIsAnUnfinishedCreationNotAConflict()
        {
            // CreateRole succeeded and PutRolePolicy did not: the next run finishes the job without -Force.
            var request = new CrossAccountRoleRequest(new[] { Account });

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, permissions: "missing"));

            Assert.True(plan.NeedsChange);
            Assert.True(plan.FinishesEarlierCreation);
            Assert.False(plan.TrustPolicyDiffers);
            Assert.True(plan.PermissionPolicyMissing);
            Assert.Contains("missing", Assert.Single(plan.Differences));
            Assert.Contains("put the missing inline policy", plan.WhatIfText);
            CrossAccountRoleGranter.ThrowIfConflict(plan, force: false);
        }

        [Fact]
        public void AMissingInlinePolicyOnSomeoneElsesRoleOrWithOtherDifferencesStillNeedsForceOrIsRefused()
        {
            var request = new CrossAccountRoleRequest(new[] { Account });
            const string oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";

            CrossAccountRolePlan theirs = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, permissions: "missing", tagged: false));
            CrossAccountRolePlan trustToo = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, trust: oldTrust, permissions: "missing"));

            Assert.False(theirs.FinishesEarlierCreation);
            Assert.Equal("CrossAccountRoleNotOurs", Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(theirs, force: true)).ErrorId);
            Assert.False(trustToo.FinishesEarlierCreation);
            Assert.Equal("CrossAccountRoleDiffers", Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(trustToo, force: false)).ErrorId);
        }

        [Fact]
        public void ConflictCarriesTheDifferencesAndAStableErrorId()
        {
            var request = new CrossAccountRoleRequest(new[] { Account });
            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, permissions: "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));

            var conflict = Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force: false));

            Assert.Equal("CrossAccountRoleDiffers", conflict.ErrorId);
            Assert.Equal(CrossAccountRoleChange.WouldChange, conflict.Planned.Change);
            Assert.Contains("differs", Assert.Single(conflict.Planned.Differences));
            Assert.Contains("differs", conflict.Message);
        }

        [Fact]
        public void UntaggedRoleIsADifferenceThatNeedsTheTag()
        {
            var request = new CrossAccountRoleRequest(new[] { Account });

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, tagged: false));

            Assert.False(plan.MarkedAsOurs);
            Assert.Contains("not tagged", Assert.Single(plan.Differences));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ARoleWithoutOurTagIsRefusedWhateverForceSays(bool force)
        {
            // Someone else's role: our trust policy would drop the principals it trusts now.
            var request = new CrossAccountRoleRequest(new[] { Account });
            const string theirTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";
            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, trust: theirTrust, tagged: false));

            var conflict = Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force));

            Assert.Equal("CrossAccountRoleNotOurs", conflict.ErrorId);
            Assert.False(conflict.ForceCanUpdate);
            Assert.Equal(2, conflict.Planned.Differences.Count);
            Assert.Contains("444455556666", conflict.Message);
            Assert.Contains("-Force does not change it", conflict.Message);
        }

        [Theory]
        [InlineData(AwsParameterStyle.PowerShell, "Use -Force to update its trust policy", "--force")]
        [InlineData(AwsParameterStyle.Cli, "Use --force to update its trust policy", "-Force")]
        public void AConflictThatForceResolvesNamesForceAsTheRunningFrontEndSpellsIt(AwsParameterStyle style, string expected, string other)
        {
            // Our own role, changed since: Force may update it. The message names the option the user types.
            var request = new CrossAccountRoleRequest(new[] { Account }, externalId: "ext-1");
            const string oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";
            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, trust: oldTrust));

            CrossAccountRoleConflictException conflict;
            using (FrontEnd.Use(style))
            {
                conflict = Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force: false));
            }

            Assert.True(conflict.ForceCanUpdate);
            Assert.Contains(expected, conflict.Message);
            Assert.DoesNotContain(other, conflict.Message);
            Assert.Equal(AwsParameterStyle.PowerShell, FrontEnd.Style);
        }

        [Fact]
        public void OtherPoliciesAreNotesNotDifferences()
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, maxSessionDuration: 3600);

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws",
                Existing(request, otherInline: new[] { "legacy" }, attached: new[] { "arn:aws:iam::aws:policy/ReadOnlyAccess" }, maxSession: 3600));

            Assert.False(plan.NeedsChange);
            string note = Assert.Single(plan.Notes);
            Assert.Contains("legacy", note);
            Assert.Contains("ReadOnlyAccess", note);
        }

        [Theory]
        [InlineData(3600, 7200)]
        [InlineData(null, 7200)]
        [InlineData(43200, 3600)]
        public void ADifferentMaxSessionDurationIsADifferenceNotUnchanged(int? current, int wanted)
        {
            var request = new CrossAccountRoleRequest(new[] { Account }, maxSessionDuration: wanted);

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, maxSession: current));

            Assert.True(plan.NeedsChange);
            Assert.True(plan.MaxSessionDurationDiffers);
            string difference = Assert.Single(plan.Differences);
            Assert.Contains((current ?? 3600) + " seconds", difference);
            Assert.Contains(wanted + " seconds", difference);
            Assert.Contains("MaxSessionDuration", plan.WhatIfText);
            Assert.Throws<CrossAccountRoleConflictException>(() => CrossAccountRoleGranter.ThrowIfConflict(plan, force: false));
            CrossAccountRoleGranter.ThrowIfConflict(plan, force: true);
        }

        [Fact]
        public void WithoutMaxSessionDurationAnExistingRolesValueIsLeftAlone()
        {
            var request = new CrossAccountRoleRequest(new[] { Account });

            CrossAccountRolePlan plan = CrossAccountRolePlanner.Plan(request, "123456789012", "aws", Existing(request, maxSession: 43200));

            Assert.False(plan.NeedsChange);
            Assert.False(plan.MaxSessionDurationDiffers);
        }
    }
}
