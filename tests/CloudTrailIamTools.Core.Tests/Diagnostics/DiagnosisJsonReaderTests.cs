using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    public sealed class DiagnosisJsonReaderTests
    {
        private const string Text = "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/Audit";

        [Fact]
        public void AWrittenDiagnosisReadsBackToTheSameFactsAndGrant()
        {
            AccessErrorDiagnosis original = AccessErrorResolver.Default.Resolve(Text).Single();
            string line = JsonSerializer.Serialize(original, CoreJson.Output);

            AccessErrorDiagnosis read = DiagnosisJsonReader.Read(line, "line 1");

            Assert.Equal(original.PrincipalArn, read.PrincipalArn);
            Assert.Equal(original.Action, read.Action);
            Assert.Equal(original.Resource, read.Resource);
            Assert.True(read.GrantHelps);
            Assert.Equal(original.SuggestedPolicy, read.SuggestedPolicy);
            Assert.Equal("line 1", read.Source);
        }

        [Fact]
        public void StatementsWrittenIntoTheLineAreIgnored()
        {
            AccessErrorDiagnosis original = AccessErrorResolver.Default.Resolve(Text).Single();
            string line = JsonSerializer.Serialize(original, CoreJson.Output).Replace("cloudtrail:GetTrailStatus\"]", "iam:AttachUserPolicy\"]");

            AccessErrorDiagnosis read = DiagnosisJsonReader.Read(line, "line 1");

            Assert.Equal(new[] { "cloudtrail:GetTrailStatus" }, read.SuggestedStatements.Single().Actions);
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("[1,2]")]
        [InlineData("{\"Action\":\"iam:PassRole\"}")]
        public void WhatIsNotADiagnosisIsRefusedNamingTheLine(string line)
        {
            var invalid = Assert.Throws<InvalidInputException>(() => DiagnosisJsonReader.Read(line, "standard input line 7"));
            Assert.Contains("standard input line 7", invalid.Message);
        }
    }
}
