using System.IO;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Core.Serialization;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>The request JSON contract, the result JSON and the JSON Lines batch path.</summary>
    public sealed class RequestReaderTests
    {
        private const string FullRequest = """
            {"Action":"cloudtrail:GetTrailStatus","Resource":"arn:aws:cloudtrail:us-east-1:111122223333:trail/Main",
             "ResourceAccount":"111122223333","Principal":"arn:aws:iam::111122223333:user/alice",
             "Context":{"aws:SourceIp":"203.0.113.5","aws:TagKeys":["a","b"],"aws:MultiFactorAuthPresent":true,"s3:max-keys":10},
             "IdentityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}]},
                                 "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],
             "PermissionsBoundary":{"Name":"Boundary","Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}},
             "SessionPolicy":null,
             "ResourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"cloudtrail:*","Resource":"*"}]},
             "ServiceControlPolicies":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}],
                                       {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}]}],
             "ResourceControlPolicies":[[]],
             "VpcEndpointPolicy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]},
             "ManagementAccountId":"999999999999"}
            """;

        [Fact]
        public void ReadsEveryPropertyOfTheContract()
        {
            EvaluationRequest request = new EvaluationRequestReader().Parse(FullRequest);

            Assert.Equal("cloudtrail:GetTrailStatus", request.Action);
            Assert.Equal(Trail, request.Resource);
            Assert.Equal(Account, request.ResourceAccount);
            Assert.Equal(User, request.Principal);
            Assert.Equal(new[] { "a", "b" }, request.Context!["aws:TagKeys"]);
            Assert.Equal("true", Assert.Single(request.Context["aws:MultiFactorAuthPresent"]));
            Assert.Equal("10", Assert.Single(request.Context["s3:max-keys"]));
            Assert.Equal(2, request.IdentityPolicies.Count);
            Assert.Equal("Boundary", request.PermissionsBoundary!.Name);
            Assert.Null(request.SessionPolicy);
            Assert.NotNull(request.ResourcePolicy);
            Assert.Equal(2, request.ServiceControlPolicies.Count);
            Assert.Single(request.ServiceControlPolicies[1]);
            Assert.Single(request.ResourceControlPolicies);
            Assert.NotNull(request.VpcEndpointPolicy);
            Assert.Equal("999999999999", request.ManagementAccountId);

            EvaluationResult result = PolicyEvaluator.Evaluate(request, Options);
            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Contains(result.MatchedStatements, s => s.Policy == "Boundary" && s.PolicyType == PolicyType.PermissionsBoundary);
        }

        [Fact]
        public void OnlyActionAndPrincipalAreRequired()
        {
            EvaluationRequest request = new EvaluationRequestReader().Parse("""{"action":"s3:ListAllMyBuckets","principal":"Anonymous"}""");

            Assert.Equal("*", request.Resource);
            Assert.Empty(request.IdentityPolicies);
            Assert.Empty(request.ServiceControlPolicies);
        }

        [Theory]
        [InlineData("", null, "empty")]
        [InlineData("{\"Action\":", null, "not valid JSON")]
        [InlineData("[1]", null, "JSON object")]
        [InlineData("""{"Principal":"Anonymous"}""", "Action", "no Action")]
        [InlineData("""{"Action":"s3:GetObject"}""", "Principal", "no Principal")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","Resorce":"*"}""", "Resorce", "Unknown request property")]
        [InlineData("""{"Action":7,"Principal":"Anonymous"}""", "Action", "must be a string")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"nobody"}""", "Principal", "is not a user")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","ResourceAccount":"12"}""", "ResourceAccount", "12-digit")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","Context":[]}""", "Context", "object")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","Context":{"a:b":{"x":1}}}""", "Context.a:b", "string, number or boolean")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","IdentityPolicies":[5]}""", "IdentityPolicies[0]", "policy object")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","ServiceControlPolicies":{}}""", "ServiceControlPolicies", "array of levels")]
        [InlineData("""{"Action":"s3:GetObject","Principal":"Anonymous","ResourcePolicy":{"Name":"x","Document":{},"Extra":1}}""", "ResourcePolicy.Extra", "named policy")]
        public void NamesWhatIsWrongInARequest(string json, string? location, string problem)
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => new EvaluationRequestReader().Parse(json));

            Assert.Equal(location, error.Location);
            Assert.Contains(problem, error.Message);
        }

        [Fact]
        public void PolicyErrorsNameThePolicyByItsPlaceInTheRequest()
        {
            PolicyFormatException error = Assert.Throws<PolicyFormatException>(() => new EvaluationRequestReader().Parse("""
                {"Action":"s3:GetObject","Principal":"Anonymous","ServiceControlPolicies":[[],[{"Statement":[{"Effect":"Allow","Action":"s3:*"},{"Effect":"Maybe","Action":"s3:*"}]}]]}
                """));

            Assert.Equal("ServiceControlPolicies[1][0]", error.PolicyName);
            Assert.Equal("Statement[1].Effect", error.Path);
        }

        [Fact]
        public void NamedPolicyErrorsUseTheName()
        {
            PolicyFormatException error = Assert.Throws<PolicyFormatException>(() => new EvaluationRequestReader().Parse("""
                {"Action":"s3:GetObject","Principal":"Anonymous","IdentityPolicies":[{"Name":"arn:aws:iam::111122223333:policy/Ops","Document":"{\"Statement\":{}}"}]}
                """));

            Assert.Equal("arn:aws:iam::111122223333:policy/Ops", error.PolicyName);
            Assert.Equal("Statement", error.Path);
        }

        [Fact]
        public void EachDistinctPolicyIsParsedOnceAcrossABatch()
        {
            var reader = new EvaluationRequestReader();
            string line = """{"Action":"s3:GetObject","Principal":"Anonymous","IdentityPolicies":[{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}],"ResourcePolicy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}}""";

            EvaluationRequest first = reader.Parse(line);
            EvaluationRequest second = reader.Parse(line);

            Assert.Same(first.IdentityPolicies[0], second.IdentityPolicies[0]);
            Assert.Same(first.ResourcePolicy, second.ResourcePolicy);
            Assert.Equal(2, reader.Cache.Count);
        }

        [Fact]
        public void TheCacheIsBounded()
        {
            var cache = new PolicyCache(capacity: 2);
            for (int i = 0; i < 5; i++)
            {
                cache.GetOrParse("{\"Id\":\"" + i + "\",\"Statement\":[]}");
            }

            Assert.True(cache.Count <= 2);
        }

        [Fact]
        public void TheWriterMatchesTheSerializerShape()
        {
            EvaluationResult result = PolicyEvaluator.Evaluate(new EvaluationRequestReader().Parse(FullRequest.Replace("cloudtrail:GetTrailStatus", "s3:PutObject")), Options);

            using JsonDocument written = JsonDocument.Parse(EvaluationResultWriter.ToJson(result));
            using JsonDocument serialized = JsonDocument.Parse(JsonSerializer.Serialize(result, CoreJson.Output));

            Assert.Equal(
                serialized.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText()),
                written.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText()));
            Assert.Equal("ImplicitDeny", written.RootElement.GetProperty("Decision").GetString()); // the second SCP level allows only cloudtrail:*
            Assert.Equal(JsonValueKind.String, written.RootElement.GetProperty("MatchedStatements")[0].GetProperty("PolicyType").ValueKind);
        }

        [Fact]
        public void TheBatchWritesOneLinePerRequestAndErrorLinesForBadOnes()
        {
            string input = string.Join("\n",
                """{"Action":"s3:GetObject","Principal":"Anonymous","Resource":"arn:aws:s3:::b/k","ResourcePolicy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}}""",
                "",
                """{"Action":"s3:GetObject","Principal":"Anonymous","IdentityPolicies":[{"Statement":[{"Effect":"Allow","Action":"s3:*","Bogus":1}]}]}""",
                "not json",
                """{"Action":"s3:PutObject","Principal":"Anonymous"}""");
            var output = new StringWriter();

            BatchSummary summary = new EvaluationBatchProcessor(Options).Run(new StringReader(input), output);

            string[] lines = output.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.Equal(4, summary.Requests);
            Assert.Equal(1, summary.Allowed);
            Assert.Equal(1, summary.Denied);
            Assert.Equal(2, summary.Errors);

            using JsonDocument first = JsonDocument.Parse(lines[0]);
            Assert.Equal("Allowed", first.RootElement.GetProperty("Decision").GetString());
            using JsonDocument policyError = JsonDocument.Parse(lines[1]);
            Assert.Equal(3, policyError.RootElement.GetProperty("Line").GetInt32());
            Assert.Contains("Bogus", policyError.RootElement.GetProperty("Error").GetString());
            Assert.Equal("IdentityPolicies[0]:Statement[0].Bogus", policyError.RootElement.GetProperty("Location").GetString());
            using JsonDocument jsonError = JsonDocument.Parse(lines[2]);
            Assert.Equal(4, jsonError.RootElement.GetProperty("Line").GetInt32());
            Assert.Equal("InvalidInput", jsonError.RootElement.GetProperty("ErrorId").GetString());
            using JsonDocument last = JsonDocument.Parse(lines[3]);
            Assert.Equal("ImplicitDeny", last.RootElement.GetProperty("Decision").GetString());
        }
    }
}
