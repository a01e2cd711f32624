using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Reading what sts:DecodeAuthorizationMessage returns (shape as AWS documents it).</summary>
    public sealed class DecodedMessageTests
    {
        private const string EncodedText =
            "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abc_123";

        private static string Decoded(bool explicitDeny, string action = "ec2:RunInstances", bool allowed = false, string matched = "[]") =>
            "{\"allowed\":" + (allowed ? "true" : "false") + ",\"explicitDeny\":" + (explicitDeny ? "true" : "false") +
            ",\"matchedStatements\":{\"items\":" + matched + "},\"failures\":{\"items\":[]}," +
            "\"context\":{\"principal\":{\"id\":\"AIDAEXAMPLE\",\"name\":\"bob\",\"arn\":\"arn:aws:iam::111122223333:user/bob\"}," +
            "\"action\":\"" + action + "\",\"resource\":\"arn:aws:ec2:eu-west-1:111122223333:instance/*\"," +
            "\"conditions\":{\"items\":[{\"key\":\"ec2:Region\",\"values\":{\"items\":[{\"value\":\"eu-west-1\"}]}},{\"key\":\"aws:userid\",\"values\":{\"items\":[{\"value\":\"AIDAEXAMPLE\"}]}}]}}}";

        [Fact]
        public void ImplicitDenyNamesPrincipalActionResourceAndRegion()
        {
            AccessErrorDiagnosis original = AccessErrorResolver.Default.ResolveMessage(EncodedText);
            AccessErrorDiagnosis d = AccessErrorResolver.Default.ResolveDecodedMessage(Decoded(explicitDeny: false), original);

            Assert.Equal(DiagnosisKind.NotAuthorized, d.Kind);
            Assert.Equal("arn:aws:iam::111122223333:user/bob", d.PrincipalArn);
            Assert.Equal(PrincipalType.User, d.PrincipalType);
            Assert.Equal("ec2:RunInstances", d.Action);
            Assert.Equal("arn:aws:ec2:eu-west-1:111122223333:instance/*", d.Resource);
            Assert.Equal("eu-west-1", d.Region);
            Assert.Equal(DenialType.Implicit, d.DenialType);
            Assert.NotNull(d.SuggestedPolicy);

            // What the original message told us survives.
            Assert.Equal("UnauthorizedOperation", d.ErrorCode);
            Assert.Equal("RunInstances", d.Operation);
            Assert.Equal("4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abc_123", d.EncodedMessage);
        }

        [Fact]
        public void ExplicitDenyIsReportedAndNamesTheStatement()
        {
            AccessErrorDiagnosis d = AccessErrorResolver.Default.ResolveDecodedMessage(
                Decoded(explicitDeny: true, matched: "[{\"statementId\":\"DenyOutsideEu\",\"effect\":\"DENY\"}]"));

            Assert.Equal(DenialType.Explicit, d.DenialType);
            Assert.Null(d.SuggestedPolicy);
            Assert.Contains("DenyOutsideEu", d.Message);
            Assert.Equal("DecodedMessage", d.Source);
        }

        [Theory]
        [InlineData("not json", "not valid JSON")]
        [InlineData("{\"allowed\":false}", "no 'context'")]
        [InlineData("[1,2]", "no 'context'")]
        public void UnusableDecodedTextIsUnrecognizedWithAReason(string decoded, string reason)
        {
            AccessErrorDiagnosis d = AccessErrorResolver.Default.ResolveDecodedMessage(decoded);

            Assert.False(d.Recognized);
            Assert.Contains(reason, d.Cause);
        }

        [Fact]
        public void AllowedRequestIsNothingToDiagnose()
        {
            AccessErrorDiagnosis d = AccessErrorResolver.Default.ResolveDecodedMessage(Decoded(explicitDeny: false, allowed: true));

            Assert.False(d.Recognized);
            Assert.Contains("allowed", d.Cause);
        }

        [Fact]
        public void ListsWithoutItemsWrappersAreReadToo()
        {
            string bare = "{\"allowed\":false,\"explicitDeny\":false,\"context\":{\"action\":\"cloudtrail:CreateTrail\",\"conditions\":[{\"key\":\"aws:RequestedRegion\",\"values\":[{\"value\":\"us-west-2\"}]}]}}";
            AccessErrorDiagnosis d = AccessErrorResolver.Default.ResolveDecodedMessage(bare);

            Assert.Equal("cloudtrail:CreateTrail", d.Action);
            Assert.Equal("us-west-2", d.Region);
            Assert.Null(d.PrincipalArn);
        }
    }
}
