using System.Linq;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Live;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    public sealed class SimulatorContextKeyTypesTests
    {
        [Theory]
        // Global aws: keys the catalog does not list: the explicit table.
        [InlineData("aws:SourceIp", "203.0.113.5", null, "ip")]
        [InlineData("AWS:SOURCEIP", "203.0.113.0/24", null, "ip")]
        [InlineData("aws:VpcSourceIp", "10.0.0.5", null, "ip")]
        [InlineData("aws:CurrentTime", "2026-11-21T12:00:00Z", null, "date")]
        [InlineData("aws:TokenIssueTime", "2026-11-21T11:00:00Z", null, "date")]
        [InlineData("aws:EpochTime", "1795262400", null, "numeric")]
        [InlineData("aws:EpochTime", "2026-11-21T12:00:00Z", null, "date")]
        [InlineData("aws:MultiFactorAuthAge", "300", null, "numeric")]
        [InlineData("aws:MultiFactorAuthPresent", "true", null, "boolean")]
        [InlineData("aws:SecureTransport", "true", null, "boolean")]
        [InlineData("aws:ViaAWSService", "false", null, "boolean")]
        [InlineData("aws:PrincipalIsAWSService", "false", null, "boolean")]
        [InlineData("aws:CalledVia", "cloudformation.amazonaws.com", null, "stringList")]
        [InlineData("aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/", null, "stringList")]
        [InlineData("aws:RequestedRegion", "us-east-1", null, "string")]
        [InlineData("aws:PrincipalTag/team", "audit", null, "string")]
        // Keys the catalog types: exact names and ${...} templates, the key's service then the action's.
        [InlineData("aws:TagKeys", "team", "cloudtrail:AddTags", "stringList")]
        [InlineData("aws:RequestTag/team", "audit", "cloudtrail:AddTags", "string")]
        [InlineData("ec2:CreateDate", "2026-01-01T00:00:00Z", null, "date")]
        [InlineData("s3:object-lock-retain-until-date", "2027-01-01T00:00:00Z", null, "date")]
        [InlineData("ec2-instance-connect:privateIpAddress", "10.0.0.5", null, "ip")]
        [InlineData("iam:PermissionsBoundary", "arn:aws:iam::111122223333:policy/Boundary", null, "string")]
        [InlineData("iam:PassedToService", "cloudtrail.amazonaws.com", "iam:PassRole", "string")]
        [InlineData("sts:DurationSeconds", "3600", null, "numeric")]
        [InlineData("sts:RoleAuthorizedByIdp", "true", null, "boolean")]
        [InlineData("sts:TransitiveTagKeys", "team", null, "stringList")]
        [InlineData("sts:RequestContextProviders", "arn:aws:iam::111122223333:oidc-provider/example.com", null, "stringList")]
        [InlineData("apigateway:Request/ApiKeyRequired", "true", null, "booleanList")]
        [InlineData("saml:cn", "alice", "sts:AssumeRoleWithSAML", "stringList")]
        [InlineData("saml:cn", "alice", null, "string")]
        [InlineData("example:Unknown", "x", null, "string")]
        public void OneValueGetsTheKeysType(string key, string value, string? action, string expected)
        {
            Assert.Equal(expected, SimulatorContextKeyTypes.For(key, new[] { value }, action));
        }

        [Theory]
        [InlineData("aws:SourceIp", "ipList")]
        [InlineData("aws:CurrentTime", "dateList")]
        [InlineData("aws:MultiFactorAuthAge", "numericList")]
        [InlineData("aws:SecureTransport", "booleanList")]
        [InlineData("aws:RequestedRegion", "stringList")]
        [InlineData("aws:TagKeys", "stringList")]
        [InlineData("ec2:CreateDate", "dateList")]
        public void SeveralValuesGetTheListForm(string key, string expected)
        {
            string[] values = key switch
            {
                "aws:SourceIp" => new[] { "203.0.113.5", "198.51.100.0/24" },
                "aws:CurrentTime" or "ec2:CreateDate" => new[] { "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z" },
                "aws:MultiFactorAuthAge" => new[] { "1", "2" },
                "aws:SecureTransport" => new[] { "true", "false" },
                _ => new[] { "a", "b" },
            };

            Assert.Equal(expected, SimulatorContextKeyTypes.For(key, values));
        }

        [Theory]
        [InlineData("String", "string")]
        [InlineData("ArrayOfString", "stringList")]
        [InlineData("ARN", "string")]
        [InlineData("ArrayOfARN", "stringList")]
        [InlineData("Bool", "boolean")]
        [InlineData("ArrayOfBool", "booleanList")]
        [InlineData("Numeric", "numeric")]
        [InlineData("ArrayOfNumeric", "numericList")]
        [InlineData("Date", "date")]
        [InlineData("IPAddress", "ip")]
        [InlineData("Binary", "binary")]
        [InlineData("Geography", null)]
        [InlineData(null, null)]
        public void CatalogTypesMapOntoTheSimulators(string? catalogType, string? expected)
        {
            Assert.Equal(expected, SimulatorContextKeyTypes.FromCatalogType(catalogType));
        }

        [Fact]
        public void EveryTypeTheCatalogUsesIsKnown()
        {
            string[] unknown = IamCatalog.Default.Services
                .SelectMany(service => IamCatalog.Default.GetConditionKeys(service))
                .Where(key => SimulatorContextKeyTypes.FromCatalogType(key.Type) is null)
                .Select(key => key.Name + ": " + key.Type)
                .ToArray();

            Assert.Empty(unknown);
        }

        [Fact]
        public void EntriesTypeEachKey()
        {
            var context = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>
            {
                ["aws:SourceIp"] = new[] { "203.0.113.5" },
                ["aws:TagKeys"] = new[] { "team", "owner" },
            };

            var entries = SimulatorContextKeyTypes.Entries(context, "cloudtrail:CreateTrail");

            Assert.Equal(new[] { "aws:SourceIp=ip", "aws:TagKeys=stringList" }, entries.Select(e => e.KeyName + "=" + e.KeyType));
            Assert.Equal(new[] { "team", "owner" }, entries[1].Values);
            Assert.Empty(SimulatorContextKeyTypes.Entries(null));
        }

        [Fact]
        public void KeyWithoutNameIsRejected()
        {
            var error = Assert.Throws<InvalidInputException>(() => SimulatorContextKeyTypes.For(" ", new[] { "x" }));
            Assert.Contains("context key", error.Message);
        }
    }
}
