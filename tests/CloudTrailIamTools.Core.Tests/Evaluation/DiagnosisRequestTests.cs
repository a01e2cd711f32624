using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Serialization;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>A diagnosis written as JSON (resolve-access-error --json) reads as a request.</summary>
    public sealed class DiagnosisRequestTests
    {
        private static string Json(AccessErrorDiagnosis diagnosis) => JsonSerializer.Serialize(diagnosis, CoreJson.Output);

        [Fact]
        public void ADiagnosisNamesThePrincipalActionQualifiedResourceAndRegion()
        {
            var diagnosis = AccessErrorResolver.Default.ResolveMessage(
                "User: " + User + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: Main because no identity-based policy allows the cloudtrail:GetTrailStatus action");
            string json = Json(diagnosis).Replace("\"Region\":null", "\"Region\":\"eu-west-1\"");

            EvaluationRequest request = new EvaluationRequestReader().Parse(json);

            Assert.Equal(User, request.Principal);
            Assert.Equal("cloudtrail:GetTrailStatus", request.Action);
            Assert.Equal("arn:aws:cloudtrail:eu-west-1:" + Account + ":trail/Main", request.Resource);
            Assert.Equal(new[] { "eu-west-1" }, request.Context!["aws:RequestedRegion"]);
            Assert.Empty(request.IdentityPolicies);
        }

        [Fact]
        public void TheEventTimeBecomesTheCurrentTime()
        {
            const string Line = "{\"Recognized\":true,\"PrincipalArn\":\"" + User + "\",\"Action\":\"cloudtrail:LookupEvents\",\"EventTime\":\"2026-11-21T09:30:00+00:00\"}";

            EvaluationRequest request = new EvaluationRequestReader().Parse(Line);

            Assert.Equal(new[] { "2026-11-21T09:30:00Z" }, request.Context!["aws:CurrentTime"]);
            Assert.Equal("*", request.Resource);
        }

        [Theory]
        [InlineData("{\"Recognized\":false,\"Cause\":\"Not an access error.\"}", "Action")]
        [InlineData("{\"Recognized\":true,\"Action\":\"cloudtrail:GetTrail\",\"PrincipalArn\":null}", "PrincipalArn")]
        public void ADiagnosisWithoutAnActionOrPrincipalIsABadRequest(string line, string location)
        {
            var error = Assert.Throws<InvalidInputException>(() => new EvaluationRequestReader().Parse(line));

            Assert.Equal(location, error.Location);
        }
    }
}
