using System.Linq;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>The batch fast path must read exactly what the full reader reads, and defer to it for anything else.</summary>
    public sealed class FastRequestScannerTests
    {
        private const string PolicyA = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}]}""";
        private const string PolicyB = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}]}""";
        private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";

        [Theory]
        [InlineData("{\"Action\":\"cloudtrail:StopLogging\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + PolicyA + "," + PolicyB + "]}")]
        [InlineData(" { \"action\" : \"cloudtrail:GetTrail\" , \"principal\" : \"" + User + "\" , \"Resource\" : \"" + Trail + "\", \"IdentityPolicies\" : [ " + PolicyA + " ] } ")]
        [InlineData("{\"Action\":\"s3:GetObject\",\"Principal\":\"Anonymous\",\"ResourcePolicy\":" + Trust + ",\"SessionPolicy\":null,\"Context\":{\"aws:SourceIp\":\"203.0.113.5\",\"n\":-1.5e3,\"b\":false,\"aws:TagKeys\":[\"a\",\"b\"],\"e\":[]}}")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[{\"Name\":\"Ops\",\"Document\":" + PolicyA + "}],\"ServiceControlPolicies\":[[" + PolicyA + "," + PolicyB + "]," + PolicyA + "],\"ResourceControlPolicies\":[],\"ManagementAccountId\":\"111122223333\",\"ResourceAccount\":\"111122223333\",\"VpcEndpointPolicy\":" + Trust + ",\"PermissionsBoundary\":" + PolicyA + "}")]
        public void ReadsWhatTheFullReaderReads(string line)
        {
            var reader = new EvaluationRequestReader();
            EvaluationRequest full = reader.Parse(line); // first sight: the full reader fills the cache

            EvaluationRequest? fast = FastRequestScanner.TryParse(line, reader);

            Assert.NotNull(fast);
            Assert.Equal(full.Action, fast!.Action);
            Assert.Equal(full.Principal, fast.Principal);
            Assert.Equal(full.Resource, fast.Resource);
            Assert.Equal(full.ResourceAccount, fast.ResourceAccount);
            Assert.Equal(full.ManagementAccountId, fast.ManagementAccountId);
            Assert.Equal(full.Context?.Count ?? 0, fast.Context?.Count ?? 0);
            if (full.Context is not null)
            {
                foreach (var pair in full.Context)
                {
                    Assert.Equal(pair.Value, fast.Context![pair.Key]);
                }
            }

            Assert.Equal(full.IdentityPolicies, fast.IdentityPolicies);
            Assert.Same(full.PermissionsBoundary, fast.PermissionsBoundary);
            Assert.Same(full.SessionPolicy, fast.SessionPolicy);
            Assert.Same(full.ResourcePolicy, fast.ResourcePolicy);
            Assert.Same(full.VpcEndpointPolicy, fast.VpcEndpointPolicy);
            Assert.Equal(full.ServiceControlPolicies.Select(l => l.ToArray()), fast.ServiceControlPolicies.Select(l => l.ToArray()));
            Assert.Equal(full.ResourceControlPolicies.Count, fast.ResourceControlPolicies.Count);

            EvaluationResult a = PolicyEvaluator.Evaluate(full, Options);
            EvaluationResult b = PolicyEvaluator.Evaluate(fast, Options);
            Assert.Equal(EvaluationResultWriter.ToJson(a), EvaluationResultWriter.ToJson(b));
        }

        [Theory]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + PolicyA + "]", "unterminated")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + PolicyA + "]} x", "trailing text")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\" \"IdentityPolicies\":[" + PolicyA + "]}", "missing comma")]
        [InlineData("{\"Action\":\"cloudtrail:Get\\u0054rail\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + PolicyA + "]}", "escape")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}, {"Effect":"Deny","Action":"*"}]}""" + "]}", "a policy extending a cached one")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"nobody\",\"IdentityPolicies\":[" + PolicyA + "]}", "bad principal")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"Extra\":1,\"IdentityPolicies\":[" + PolicyA + "]}", "unknown property")]
        [InlineData("{\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + PolicyA + "]}", "no action")]
        [InlineData("{\"Action\":\"cloudtrail:GetTrail\",\"Principal\":\"" + User + "\",\"Context\":{\"n\":01}}", "bad number")]
        public void DefersToTheFullReaderForAnythingElse(string line, string why)
        {
            var reader = new EvaluationRequestReader();
            reader.Cache.GetOrParse(PolicyA);

            Assert.True(FastRequestScanner.TryParse(line, reader) is null, why);
        }

        [Fact]
        public void ErrorsAfterAWarmCacheAreTheFullReadersErrors()
        {
            var reader = new EvaluationRequestReader();
            reader.Parse("{\"Action\":\"s3:GetObject\",\"Principal\":\"Anonymous\",\"IdentityPolicies\":[" + PolicyA + "]}");

            InvalidInputException error = Assert.Throws<InvalidInputException>(() => reader.Parse("{\"Principal\":\"Anonymous\",\"IdentityPolicies\":[" + PolicyA + "]}"));
            Assert.Equal("Action", error.Location);
        }

        [Fact]
        public void SameTextUnderAnotherNameIsAnotherPolicy()
        {
            var reader = new EvaluationRequestReader();
            EvaluationRequest first = reader.Parse("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[{\"Name\":\"One\",\"Document\":" + PolicyA + "}]}");
            EvaluationRequest second = reader.Parse("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[{\"Name\":\"Two\",\"Document\":" + PolicyA + "}," + PolicyA + "]}");

            Assert.Equal("One", first.IdentityPolicies[0].Name);
            Assert.Equal("Two", second.IdentityPolicies[0].Name);
            Assert.Null(second.IdentityPolicies[1].Name);
            PolicyDocument unnamed = second.IdentityPolicies[1];
            Assert.NotSame(first.IdentityPolicies[0], unnamed);
        }

        [Fact]
        public void FindsEachOfManyDistinctPoliciesThatShareTheirOpening()
        {
            // More policies than the short prefix tells apart (they all open alike), each longer than the long prefix.
            var reader = new EvaluationRequestReader();
            string[] lines = Enumerable.Range(0, 40).Select(i =>
                "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read" + i +
                "\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::data-" + i + "\",\"arn:aws:s3:::data-" + i + "/*\"]}]}]}").ToArray();
            EvaluationRequest[] full = lines.Select(reader.Parse).ToArray();

            for (int i = 0; i < lines.Length; i++)
            {
                EvaluationRequest? fast = FastRequestScanner.TryParse(lines[i], reader);
                Assert.NotNull(fast);
                Assert.Same(full[i].IdentityPolicies[0], fast!.IdentityPolicies[0]);
            }

            // A text that opens like a cached one but differs later is not taken for it.
            string changed = lines[3].Replace("data-3/*", "data-3/x*", System.StringComparison.Ordinal);
            Assert.Null(FastRequestScanner.TryParse(changed, reader));
        }
    }
}
