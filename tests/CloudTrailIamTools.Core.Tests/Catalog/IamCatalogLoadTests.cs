using System;
using System.IO;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    public sealed class IamCatalogLoadTests
    {
        private const string Minimal = @"{
  ""version"": ""test 1"",
  ""futureProperty"": { ""ignored"": [1, 2, 3] },
  ""services"": [
    { ""prefix"": ""cloudtrail"", ""name"": ""AWS CloudTrail"",
      ""resourceTypes"": [ { ""name"": ""trail"", ""arnFormats"": [ ""arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}"" ], ""conditionKeys"": [ ""aws:ResourceTag/${TagKey}"" ] } ],
      ""conditionKeys"": [ { ""name"": ""aws:TagKeys"", ""type"": ""ArrayOfString"" } ],
      ""actions"": [
        ""GetTrailStatus|Read|trail*"",
        ""LookupEvents|Read"",
        ""PutEventSelectors|Write|trail*=aws:ResourceTag/${TagKey};eventdatastore|aws:TagKeys"",
        ""StartLogging|Write||aws:TagKeys;aws:RequestTag/${TagKey}"",
        ""\u0053topLogging|Write, Tagging|trail*""
      ] }
  ],
  ""managedPolicies"": [],
  ""retiredPolicies"": [ { ""name"": ""Old"", ""arn"": ""arn:aws:iam::aws:policy/Old"", ""replacedBy"": ""New"", ""replacedByArn"": ""arn:aws:iam::aws:policy/New"", ""note"": ""renamed"" } ],
  ""scenarios"": [ { ""name"": ""S"", ""description"": ""d"", ""permissions"": [ { ""action"": ""cloudtrail:LookupEvents"", ""resource"": ""*"", ""reason"": ""r"" } ] } ]
}";

        [Fact]
        public void LoadsACatalogInTheGeneratorsFormatAndSkipsUnknownProperties()
        {
            IamCatalog catalog = CatalogTestData.Load(Minimal);

            Assert.Equal("test 1", catalog.Version);
            Assert.Equal(new[] { "cloudtrail" }, catalog.Services);
            Assert.Equal(
                new[] { "cloudtrail:GetTrailStatus", "cloudtrail:LookupEvents", "cloudtrail:PutEventSelectors", "cloudtrail:StartLogging", "cloudtrail:StopLogging" },
                catalog.Actions.Select(a => a.FullName));
            Assert.True(catalog.TryGetAction("CloudTrail:GetTrailStatus", out ActionInfo? status));
            ActionResourceType trail = Assert.Single(status.ResourceTypes);
            Assert.True(trail.Required);
            Assert.Equal("arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}", Assert.Single(trail.ArnFormats));
            Assert.Equal("ArrayOfString", Assert.Single(catalog.GetConditionKeys("cloudtrail")).Type);
            Assert.True(catalog.TryGetAction("cloudtrail:LookupEvents", out ActionInfo? lookup));
            Assert.Empty(lookup.ResourceTypes);
            Assert.Empty(lookup.ConditionKeys);

            Assert.True(catalog.TryGetAction("cloudtrail:PutEventSelectors", out ActionInfo? put));
            Assert.Equal(new[] { "aws:TagKeys" }, put.ConditionKeys);
            Assert.Collection(
                put.ResourceTypes,
                t =>
                {
                    Assert.Equal("trail", t.Name);
                    Assert.True(t.Required);
                    Assert.Equal(new[] { "aws:ResourceTag/${TagKey}" }, t.ConditionKeys);
                    Assert.Single(t.ArnFormats);
                },
                t =>
                {
                    Assert.Equal("eventdatastore", t.Name);
                    Assert.False(t.Required);
                    Assert.Empty(t.ConditionKeys);
                    Assert.Empty(t.ArnFormats); // not defined by this small service
                });

            Assert.True(catalog.TryGetAction("cloudtrail:StartLogging", out ActionInfo? start));
            Assert.Empty(start.ResourceTypes);
            Assert.Equal(new[] { "aws:TagKeys", "aws:RequestTag/${TagKey}" }, start.ConditionKeys);

            Assert.True(catalog.TryGetAction("cloudtrail:StopLogging", out ActionInfo? stop)); // written with a JSON escape
            Assert.Equal("Write, Tagging", stop.AccessLevel);
            Assert.Same(status.ResourceTypes[0], stop.ResourceTypes[0]);
            Assert.True(catalog.TryGetRetiredPolicy("old", out RetiredPolicyInfo? retired));
            Assert.Equal("New", retired.ReplacedBy);
            Assert.True(catalog.TryGetScenario("s", out _));
            Assert.NotSame(IamCatalog.Default, catalog);
        }

        [Fact]
        public void DataThatIsNotGzipIsReportedAsUnavailable()
        {
            var ex = Assert.Throws<CatalogUnavailableException>(() => IamCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(Minimal))));
            Assert.Contains("gzip", ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("CatalogUnavailable", ex.ErrorId);
            Assert.Equal(FailureCategory.ResourceUnavailable, ex.Category);
            Assert.IsAssignableFrom<CloudTrailIamToolsException>(ex);
        }

        [Theory]
        [InlineData("", "malformed")]
        [InlineData("{", "malformed")]
        [InlineData("[]", "StartObject")]
        [InlineData("{\"version\":\"x\"}", "services")]
        [InlineData("{\"services\":[]}", "version")]
        [InlineData("{\"version\":1,\"services\":[]}", "version")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"name\":\"A\"}]}", "a service lacks its 'prefix'")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B\"]}]}", "service a, action #1: an action should read Name|AccessLevel")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B|\"]}]}", "action B has no access level")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[[\"B\",\"Read\"]]}]}", "an action should be String")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B|Read|t;;u\"]}]}", "empty entry")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B|Read|*\"]}]}", "without a name")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B|Read||k;\"]}]}", "empty entry")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"resourceTypes\":[{\"name\":\"t\",\"arnFormats\":\"arn\"}],\"actions\":[]}]}", "arnFormats")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"actions\":[],\"prefix\":\"a\"}]}", "'prefix' must come before actions")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[\"B|Read\"],\"resourceTypes\":[]}]}", "resourceTypes after its actions")]
        [InlineData("{\"version\":\"x\",\"services\":[],\"managedPolicies\":[{\"name\":\"P\"}]}", "managed policy P")]
        [InlineData("{\"version\":\"x\",\"services\":[],\"managedPolicies\":[{\"name\":\"P\",\"arn\":\"a\",\"path\":\"/\",\"document\":\"{}\",\"grantedActionCount\":-1}]}", "grantedActionCount")]
        [InlineData("{\"version\":\"x\",\"services\":[],\"scenarios\":[{\"name\":\"S\",\"description\":\"d\",\"permissions\":[{\"action\":\"a:b\"}]}]}", "scenario permission")]
        [InlineData("{\"version\":\"x\",\"services\":[{\"prefix\":\"a\",\"actions\":[]},{\"prefix\":\"A\",\"actions\":[]}]}", "twice")]
        [InlineData("{\"version\":\"x\",\"services\":[] trailing", "malformed")]
        public void MalformedCatalogsAreReportedWithWhatIsWrong(string json, string expectedInMessage)
        {
            var ex = Assert.Throws<CatalogUnavailableException>(() => CatalogTestData.Load(json));
            Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void MalformedPolicyDocumentIsReportedWhenGrantsAreFirstNeeded()
        {
            IamCatalog catalog = CatalogTestData.Load(CatalogTestData.WithPolicies("[" + CatalogTestData.Policy("Broken", 1, "{\"Statement\":") + "]"));

            var ex = Assert.Throws<CatalogUnavailableException>(() => catalog.FindManagedPoliciesGranting("s3:DeleteBucket"));
            Assert.Contains("Broken", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NullStreamIsAnArgumentError()
        {
            Assert.Throws<ArgumentNullException>(() => IamCatalog.Load(null!));
        }

        [Fact]
        public void EmbeddedResourceIsTheGeneratedCatalog()
        {
            using Stream? stream = typeof(IamCatalog).Assembly.GetManifestResourceStream(IamCatalog.ResourceName);
            Assert.NotNull(stream);
            Assert.Equal(IamCatalog.Default.Version, IamCatalog.LoadBinary(stream!).Version);
        }
    }
}
