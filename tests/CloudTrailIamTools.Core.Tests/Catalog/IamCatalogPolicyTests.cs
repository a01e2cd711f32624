using System;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    public sealed class IamCatalogPolicyTests
    {
        private static IamCatalog Catalog => IamCatalog.Default;

        [Theory]
        [InlineData("AWSCloudTrail_FullAccess", "/")]
        [InlineData("AWSCloudTrail_ReadOnlyAccess", "/")]
        [InlineData("CloudTrailServiceRolePolicy", "/aws-service-role/")]
        [InlineData("ReadOnlyAccess", "/")]
        [InlineData("ViewOnlyAccess", "/job-function/")]
        [InlineData("SecurityAudit", "/")]
        [InlineData("PowerUserAccess", "/")]
        [InlineData("AdministratorAccess", "/")]
        public void NamedManagedPoliciesArePresentWithTheirDocuments(string name, string path)
        {
            Assert.True(Catalog.TryGetManagedPolicy(name, out ManagedPolicyInfo? policy));
            Assert.Equal(name, policy.Name);
            Assert.Equal(path, policy.Path);
            Assert.Equal("arn:aws:iam::aws:policy" + path + name, policy.Arn);
            Assert.False(string.IsNullOrEmpty(policy.DefaultVersionId));
            Assert.True(policy.GrantedActionCount > 0);

            using JsonDocument document = JsonDocument.Parse(policy.Document);
            Assert.Equal("2012-10-17", document.RootElement.GetProperty("Version").GetString());
            Assert.True(document.RootElement.TryGetProperty("Statement", out _));
            Assert.DoesNotContain("\n", policy.Document, StringComparison.Ordinal);
        }

        [Fact]
        public void FullAccessDocumentHoldsThePassRoleCondition()
        {
            Assert.True(Catalog.TryGetManagedPolicy("AWSCloudTrail_FullAccess", out ManagedPolicyInfo? policy));
            Assert.Contains("\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"", policy.Document, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("arn:aws-us-gov:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("arn:aws-cn:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("awscloudtrail_readonlyaccess")]
        [InlineData(" AWSCloudTrail_ReadOnlyAccess ")]
        public void ManagedPoliciesResolveByNameOrArnInAnyPartition(string nameOrArn)
        {
            Assert.True(Catalog.TryGetManagedPolicy(nameOrArn, out ManagedPolicyInfo? policy));
            Assert.Equal("AWSCloudTrail_ReadOnlyAccess", policy.Name);
        }

        [Fact]
        public void ManagedPolicyArnMustCarryThePath()
        {
            Assert.True(Catalog.TryGetManagedPolicy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", out _));
            Assert.False(Catalog.TryGetManagedPolicy("arn:aws:iam::aws:policy/ViewOnlyAccess", out _));
            Assert.False(Catalog.TryGetManagedPolicy("arn:aws:iam::123456789012:policy/AWSCloudTrail_FullAccess", out _));
            Assert.False(Catalog.TryGetManagedPolicy("NoSuchPolicy", out _));
            Assert.False(Catalog.TryGetManagedPolicy("", out _));
        }

        [Theory]
        [InlineData("AWSCloudTrailFullAccess", "AWSCloudTrail_FullAccess")]
        [InlineData("awscloudtrailfullaccess", "AWSCloudTrail_FullAccess")]
        [InlineData("arn:aws:iam::aws:policy/AWSCloudTrailFullAccess", "AWSCloudTrail_FullAccess")]
        [InlineData("AWSCloudTrailReadOnlyAccess", "AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("arn:aws-us-gov:iam::aws:policy/AWSCloudTrailReadOnlyAccess", "AWSCloudTrail_ReadOnlyAccess")]
        public void RetiredNamesResolveToTheirReplacements(string nameOrArn, string replacement)
        {
            Assert.True(Catalog.TryGetRetiredPolicy(nameOrArn, out RetiredPolicyInfo? retired));
            Assert.Equal(replacement, retired.ReplacedBy);
            Assert.Equal("arn:aws:iam::aws:policy/" + replacement, retired.ReplacedByArn);
            Assert.Equal("arn:aws:iam::aws:policy/" + retired.Name, retired.Arn);
            Assert.False(string.IsNullOrWhiteSpace(retired.Note));
            Assert.True(Catalog.TryGetManagedPolicy(retired.ReplacedByArn, out _));
        }

        [Fact]
        public void RetiredNamesAreNotCurrentPoliciesAndCurrentNamesAreNotRetired()
        {
            Assert.False(Catalog.TryGetManagedPolicy("AWSCloudTrailFullAccess", out _));
            Assert.False(Catalog.TryGetManagedPolicy("AWSCloudTrailReadOnlyAccess", out _));
            Assert.False(Catalog.TryGetRetiredPolicy("AWSCloudTrail_FullAccess", out _));
            Assert.Equal(2, Catalog.RetiredPolicies.Count);
        }

        [Fact]
        public void RetiredPoliciesAreNeverSuggested()
        {
            var retiredNames = Catalog.RetiredPolicies.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (ActionInfo action in Catalog.MatchActions("cloudtrail:*"))
            {
                Assert.DoesNotContain(Catalog.FindManagedPoliciesGranting(action.FullName), p => retiredNames.Contains(p.Name));
            }
        }

        [Fact]
        public void GrantingPoliciesForGetTrailStatusComeNarrowestFirst()
        {
            var names = Catalog.FindManagedPoliciesGranting("cloudtrail:GetTrailStatus").Select(p => p.Name).ToList();

            int readOnly = names.IndexOf("AWSCloudTrail_ReadOnlyAccess");
            int fullAccess = names.IndexOf("AWSCloudTrail_FullAccess");
            Assert.True(readOnly >= 0, "AWSCloudTrail_ReadOnlyAccess should grant cloudtrail:GetTrailStatus");
            Assert.True(readOnly < fullAccess, "AWSCloudTrail_ReadOnlyAccess should come before AWSCloudTrail_FullAccess");
            Assert.True(fullAccess < names.IndexOf("ReadOnlyAccess"));
            Assert.True(fullAccess < names.IndexOf("AdministratorAccess"));
            Assert.Contains("SecurityAudit", names);
        }

        [Fact]
        public void GrantingPoliciesAreOrderedByGrantedActionCountThenName()
        {
            var policies = Catalog.FindManagedPoliciesGranting("s3:GetObject");

            Assert.True(policies.Count > 10);
            Assert.Equal(
                policies.OrderBy(p => p.GrantedActionCount).ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name),
                policies.Select(p => p.Name));
        }

        [Fact]
        public void ServiceLinkedRolePoliciesAreNeverSuggested()
        {
            Assert.True(Catalog.TryGetManagedPolicy("CloudTrailServiceRolePolicy", out ManagedPolicyInfo? slrPolicy));
            foreach (string action in new[] { "cloudtrail:GetTrailStatus", "organizations:ListAccounts", "iam:GetRole", "s3:GetObject" })
            {
                var suggested = Catalog.FindManagedPoliciesGranting(action);
                Assert.NotEmpty(suggested);
                Assert.DoesNotContain(suggested, p => p.Path == "/aws-service-role/");
            }

            Assert.Contains(Catalog.ManagedPolicies, p => p.Path == "/aws-service-role/" && Catalog.PolicyGrants(p, "organizations:ListAccounts"));
        }

        [Fact]
        public void PassRoleIsGrantedByCloudTrailFullAccessButRoleCreationIsNot()
        {
            Assert.Contains(Catalog.FindManagedPoliciesGranting("iam:PassRole"), p => p.Name == "AWSCloudTrail_FullAccess");
            Assert.DoesNotContain(Catalog.FindManagedPoliciesGranting("iam:CreateRole"), p => p.Name == "AWSCloudTrail_FullAccess");
            Assert.DoesNotContain(Catalog.FindManagedPoliciesGranting("iam:PassRole"), p => p.Name == "AWSCloudTrail_ReadOnlyAccess");
        }

        [Fact]
        public void NotActionStatementsGrantWhatTheyDoNotExclude()
        {
            var trailCreators = Catalog.FindManagedPoliciesGranting("cloudtrail:CreateTrail").Select(p => p.Name).ToList();
            Assert.Contains("PowerUserAccess", trailCreators); // Allow NotAction iam:*, organizations:*, ...

            Assert.DoesNotContain(Catalog.FindManagedPoliciesGranting("iam:CreateRole"), p => p.Name == "PowerUserAccess");
        }

        [Fact]
        public void GrantLookupIgnoresCaseAndIsCached()
        {
            var first = Catalog.FindManagedPoliciesGranting("cloudtrail:LookupEvents");
            Assert.Same(first, Catalog.FindManagedPoliciesGranting("CLOUDTRAIL:lookupevents"));
        }

        [Fact]
        public void UnknownActionsAreGrantedOnlyByWildcards()
        {
            var names = Catalog.FindManagedPoliciesGranting("cloudtrail:MakeWidget").Select(p => p.Name).ToList();
            Assert.Contains("AWSCloudTrail_FullAccess", names); // cloudtrail:*
            Assert.Contains("AdministratorAccess", names);
            Assert.DoesNotContain("AWSCloudTrail_ReadOnlyAccess", names); // Get*, Describe*, List*, LookupEvents only
            Assert.Contains("AWSCloudTrail_ReadOnlyAccess", Catalog.FindManagedPoliciesGranting("cloudtrail:GetWidget").Select(p => p.Name));
        }

        [Theory]
        [InlineData("AWSCloudTrail_FullAccess")]
        [InlineData("AWSCloudTrail_ReadOnlyAccess")]
        [InlineData("CloudTrailServiceRolePolicy")]
        [InlineData("ViewOnlyAccess")]
        [InlineData("PowerUserAccess")]
        [InlineData("AdministratorAccess")]
        public void GrantedActionCountAgreesWithTheGrantRule(string name)
        {
            Assert.True(Catalog.TryGetManagedPolicy(name, out ManagedPolicyInfo? policy));
            int granted = Catalog.Actions.Count(a => Catalog.PolicyGrants(policy, a.FullName));
            Assert.Equal(policy.GrantedActionCount, granted);
        }

        [Fact]
        public void GrantedActionCountAgreesWithTheGrantRuleAcrossASampleOfPolicies()
        {
            foreach (ManagedPolicyInfo policy in Catalog.ManagedPolicies.Where((_, i) => i % 60 == 7))
            {
                int granted = Catalog.Actions.Count(a => Catalog.PolicyGrants(policy, a.FullName));
                Assert.True(policy.GrantedActionCount == granted, policy.Name + ": generator counted " + policy.GrantedActionCount + ", C# rule " + granted);
            }
        }

        [Fact]
        public void EveryPolicyGrantsAnActionOfTheFocusServices()
        {
            string[] focus = { "cloudtrail", "cloudtrail-data", "iam", "organizations", "sts", "s3", "logs", "kms", "sns", "config" };
            var focusActions = Catalog.Actions.Where(a => focus.Contains(a.Service)).ToList();
            foreach (ManagedPolicyInfo policy in Catalog.ManagedPolicies.Where((_, i) => i % 25 == 0))
            {
                Assert.Contains(focusActions, a => Catalog.PolicyGrants(policy, a.FullName));
            }
        }

        [Fact]
        public void UnconditionalDenyInTheSamePolicyWithdrawsTheGrant()
        {
            IamCatalog catalog = CatalogTestData.Load(CatalogTestData.WithPolicies("[" +
                CatalogTestData.Policy("AllowAllDenyDelete", 1,
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"s3:Delete*\",\"Resource\":\"*\"}]}") + "," +
                CatalogTestData.Policy("AllowAllDenyDeleteWithoutMfa", 2,
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}") + "," +
                CatalogTestData.Policy("AllowAllButIam", 2,
                    "{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}") + "]"));

            Assert.Equal(new[] { "AllowAllButIam", "AllowAllDenyDeleteWithoutMfa" }, catalog.FindManagedPoliciesGranting("s3:DeleteBucket").Select(p => p.Name));
            Assert.Equal(new[] { "AllowAllDenyDelete", "AllowAllButIam", "AllowAllDenyDeleteWithoutMfa" }, catalog.FindManagedPoliciesGranting("s3:ListAllMyBuckets").Select(p => p.Name));
            Assert.Empty(catalog.FindManagedPoliciesGranting("iam:PassRole"));
        }
    }
}
