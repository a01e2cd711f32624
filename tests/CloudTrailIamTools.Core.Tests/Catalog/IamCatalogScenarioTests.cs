using System;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    public sealed class IamCatalogScenarioTests
    {
        private static IamCatalog Catalog => IamCatalog.Default;

        public static TheoryData<string> ScenarioNames => new TheoryData<string>
        {
            "ViewTrails",
            "LookupEvents",
            "CreateTrail",
            "ConfigureCloudWatchLogs",
            "ViewAwsConfigIntegration",
            "CreateOrganizationTrail",
            "RegisterDelegatedAdministrator",
            "ManageEventDataStores",
        };

        [Theory]
        [MemberData(nameof(ScenarioNames))]
        public void NamedScenarioIsPresentAndFoundIgnoringCase(string name)
        {
            Assert.True(Catalog.TryGetScenario(name.ToLowerInvariant(), out ScenarioInfo? scenario));
            Assert.Equal(name, scenario.Name);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
            Assert.NotEmpty(scenario.Permissions);
            Assert.Contains(Catalog.Scenarios, s => ReferenceEquals(s, scenario));
        }

        [Fact]
        public void UnknownScenarioIsNotFound()
        {
            Assert.False(Catalog.TryGetScenario("BakeACake", out ScenarioInfo? scenario));
            Assert.Null(scenario);
            Assert.False(Catalog.TryGetScenario("", out _));
        }

        [Fact]
        public void EveryScenarioPermissionIsACatalogActionInCanonicalCase()
        {
            foreach (ScenarioInfo scenario in Catalog.Scenarios)
            {
                foreach (ScenarioPermission permission in scenario.Permissions)
                {
                    Assert.True(Catalog.TryGetAction(permission.Action, out ActionInfo? action), scenario.Name + ": " + permission.Action);
                    Assert.Equal(action.FullName, permission.Action);
                    Assert.False(string.IsNullOrWhiteSpace(permission.Resource));
                    Assert.False(string.IsNullOrWhiteSpace(permission.SampleResource));
                    Assert.False(string.IsNullOrWhiteSpace(permission.Reason));
                    if (permission.Condition != null)
                    {
                        using JsonDocument condition = JsonDocument.Parse(permission.Condition);
                        Assert.Equal(JsonValueKind.Object, condition.RootElement.ValueKind);
                    }
                }

                Assert.Equal(scenario.Permissions.Count, scenario.Permissions.Select(p => p.Action).Distinct().Count());
            }
        }

        [Fact]
        public void SampleResourceDefaultsToTheResource()
        {
            Assert.True(Catalog.TryGetScenario("LookupEvents", out ScenarioInfo? scenario));
            ScenarioPermission lookup = Assert.Single(scenario.Permissions);
            Assert.Equal("cloudtrail:LookupEvents", lookup.Action);
            Assert.Equal("*", lookup.Resource);
            Assert.Equal("*", lookup.SampleResource);
            Assert.Empty(lookup.Context);
            Assert.Null(lookup.Condition);
        }

        [Fact]
        public void CloudWatchLogsSetUpPassesTheRoleOnlyToCloudTrail()
        {
            Assert.True(Catalog.TryGetScenario("ConfigureCloudWatchLogs", out ScenarioInfo? scenario));
            ScenarioPermission passRole = Assert.Single(scenario.Permissions, p => p.Action == "iam:PassRole");

            Assert.Equal(new[] { "cloudtrail.amazonaws.com" }, passRole.Context["iam:PassedToService"]);
            Assert.Equal(new[] { "cloudtrail.amazonaws.com" }, passRole.Context["IAM:PASSEDTOSERVICE"]);
            using JsonDocument condition = JsonDocument.Parse(passRole.Condition!);
            Assert.Equal("cloudtrail.amazonaws.com", condition.RootElement.GetProperty("StringEquals").GetProperty("iam:PassedToService").GetString());
            Assert.Contains(":role/", passRole.SampleResource, StringComparison.Ordinal);

            var actions = scenario.Permissions.Select(p => p.Action).ToList();
            Assert.DoesNotContain("iam:CreateRole", actions);
            Assert.DoesNotContain("iam:PutRolePolicy", actions);
            Assert.DoesNotContain("iam:AttachRolePolicy", actions);
            Assert.Contains("logs:CreateLogGroup", actions);

            // The administrator creates the delivery role; it trusts CloudTrail for this account's trails only and writes only log streams.
            ScenarioServiceRole role = Assert.IsType<ScenarioServiceRole>(scenario.ServiceRole);
            Assert.Equal("CloudTrail_CloudWatchLogs_Role", role.RoleName);
            Assert.Equal("cloudtrail.amazonaws.com", role.Service);
            Assert.Contains("aws:SourceAccount", role.TrustCondition, StringComparison.Ordinal);
            Assert.Contains("aws:SourceArn", role.TrustCondition, StringComparison.Ordinal);
            Assert.Equal(new[] { "logs:CreateLogStream", "logs:PutLogEvents" }, role.Permissions.Select(p => p.Action));
            Assert.EndsWith("role/" + role.RoleName, passRole.Resource, StringComparison.Ordinal);
        }

        [Fact]
        public void CreateTrailCoversTheS3SnsAndKmsParts()
        {
            Assert.True(Catalog.TryGetScenario("CreateTrail", out ScenarioInfo? scenario));
            var services = scenario.Permissions.Select(p => p.Action.Substring(0, p.Action.IndexOf(':'))).Distinct().ToList();
            Assert.Equal(new[] { "cloudtrail", "kms", "s3", "sns" }, services.OrderBy(s => s, StringComparer.Ordinal));
        }

        [Fact]
        public void CreateTrailCannotTamperWithExistingTrailsOrBuckets()
        {
            Assert.True(Catalog.TryGetScenario("CreateTrail", out ScenarioInfo? scenario));
            var actions = scenario.Permissions.Select(p => p.Action).ToList();
            Assert.DoesNotContain("cloudtrail:PutEventSelectors", actions);
            Assert.DoesNotContain("cloudtrail:StopLogging", actions);
            Assert.DoesNotContain("cloudtrail:UpdateTrail", actions);
            Assert.DoesNotContain("s3:PutBucketPublicAccessBlock", actions);
            Assert.All(scenario.Permissions.Where(p => p.Action.StartsWith("s3:Put", StringComparison.Ordinal) || p.Action == "s3:CreateBucket"),
                p => Assert.EndsWith(":s3:::aws-cloudtrail-logs-{Account}-*", p.Resource, StringComparison.Ordinal));

            // Changing what exists is its own, named scenario.
            Assert.True(Catalog.TryGetScenario("ChangeExistingTrails", out ScenarioInfo? change));
            Assert.Contains("cloudtrail:PutEventSelectors", change.Permissions.Select(p => p.Action));
            Assert.Contains("s3:PutBucketPublicAccessBlock", change.Permissions.Select(p => p.Action));
        }

        [Fact]
        public void ConfigIntegrationListsRealReadActionsNotWildcards()
        {
            Assert.True(Catalog.TryGetScenario("ViewAwsConfigIntegration", out ScenarioInfo? scenario));
            var config = scenario.Permissions.Where(p => p.Action.StartsWith("config:", StringComparison.Ordinal)).Select(p => p.Action).ToList();

            Assert.Contains("config:GetResourceConfigHistory", config);
            Assert.Contains("config:DescribeConfigurationRecorders", config);
            Assert.Contains("config:ListDiscoveredResources", config);
            Assert.DoesNotContain(config, a => a.Contains('*'));
            int expected = Catalog.MatchActions("config:Get*").Count + Catalog.MatchActions("config:Describe*").Count + Catalog.MatchActions("config:List*").Count;
            Assert.Equal(expected, config.Count);
        }

        [Fact]
        public void OrganizationTrailIncludesItsPrerequisites()
        {
            Assert.True(Catalog.TryGetScenario("CreateOrganizationTrail", out ScenarioInfo? scenario));
            var actions = scenario.Permissions.Select(p => p.Action).ToList();
            foreach (string needed in new[]
            {
                "cloudtrail:CreateTrail", "iam:GetRole", "iam:CreateServiceLinkedRole", "organizations:EnableAWSServiceAccess",
                "organizations:ListAccounts", "organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization",
            })
            {
                Assert.Contains(needed, actions);
            }
        }

        [Fact]
        public void ResourcePlaceholdersAreOnlyTheDocumentedOnes()
        {
            foreach (ScenarioPermission permission in Catalog.Scenarios.SelectMany(s => s.Permissions))
            {
                string filled = permission.Resource.Replace("{Partition}", "aws").Replace("{Account}", "123456789012").Replace("{Region}", "us-east-1");
                Assert.DoesNotContain("{", filled, StringComparison.Ordinal);
            }
        }
    }
}
