using System.Linq;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Every condition operator, written from the IAM condition operator reference.</summary>
    public sealed class ConditionOperatorTests
    {
        /// <summary>Runs an Allow-everything statement guarded by one condition; true when the condition held.</summary>
        internal static bool Holds(string operatorName, string key, string policyValuesJson, string? contextValueJson)
        {
            string context = contextValueJson is null ? "{}" : "{\"" + key + "\":" + contextValueJson + "}";
            EvaluationResult result = RunJson(
                "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"Context\":" + context +
                ",\"IdentityPolicies\":[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"," +
                "\"Condition\":{\"" + operatorName + "\":{\"" + key + "\":" + policyValuesJson + "}}}]}]}");
            return result.Decision == PolicyDecision.Allowed;
        }

        [Theory]
        // String operators: exact and case-sensitive unless IgnoreCase; several policy values are OR-ed.
        [InlineData("StringEquals", "\"prod\"", "\"prod\"", true)]
        [InlineData("StringEquals", "\"prod\"", "\"Prod\"", false)]
        [InlineData("StringEquals", "[\"dev\",\"prod\"]", "\"prod\"", true)]
        [InlineData("StringEquals", "\"pr*\"", "\"prod\"", false)]
        [InlineData("StringNotEquals", "\"prod\"", "\"dev\"", true)]
        [InlineData("StringNotEquals", "[\"dev\",\"prod\"]", "\"prod\"", false)]
        [InlineData("StringEqualsIgnoreCase", "\"PROD\"", "\"prod\"", true)]
        [InlineData("StringNotEqualsIgnoreCase", "\"PROD\"", "\"prod\"", false)]
        [InlineData("StringLike", "\"pr*\"", "\"prod\"", true)]
        [InlineData("StringLike", "\"p?od\"", "\"prod\"", true)]
        [InlineData("StringLike", "\"Pr*\"", "\"prod\"", false)]
        [InlineData("StringNotLike", "\"pr*\"", "\"dev\"", true)]
        [InlineData("StringNotLike", "[\"dev\",\"pr*\"]", "\"prod\"", false)]
        // Numeric operators compare the request value with the policy value.
        [InlineData("NumericEquals", "\"10\"", "\"10\"", true)]
        [InlineData("NumericEquals", "10", "\"10.0\"", true)]
        [InlineData("NumericNotEquals", "\"10\"", "\"11\"", true)]
        [InlineData("NumericLessThan", "\"10\"", "\"9\"", true)]
        [InlineData("NumericLessThan", "\"10\"", "\"10\"", false)]
        [InlineData("NumericLessThanEquals", "\"10\"", "\"10\"", true)]
        [InlineData("NumericGreaterThan", "\"10\"", "\"11\"", true)]
        [InlineData("NumericGreaterThanEquals", "\"10\"", "\"9\"", false)]
        [InlineData("NumericEquals", "\"10\"", "\"ten\"", false)]
        // Date operators accept ISO 8601 and epoch seconds on either side.
        [InlineData("DateEquals", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00Z\"", true)]
        [InlineData("DateEquals", "\"2026-01-01T00:00:00Z\"", "\"1767225600\"", true)]
        [InlineData("DateNotEquals", "\"2026-01-01\"", "\"2026-01-02\"", true)]
        [InlineData("DateLessThan", "\"2026-01-01T00:00:00Z\"", "\"2025-12-31T23:59:59Z\"", true)]
        [InlineData("DateLessThan", "\"1767225600\"", "\"2026-01-01T00:00:01Z\"", false)]
        [InlineData("DateLessThanEquals", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01T02:00:00+02:00\"", true)]
        [InlineData("DateGreaterThan", "\"2026-01-01\"", "\"2026-06-01T00:00:00Z\"", true)]
        [InlineData("DateGreaterThanEquals", "\"2026-01-01\"", "\"2025-06-01\"", false)]
        // Bool and BinaryEquals.
        [InlineData("Bool", "\"true\"", "\"true\"", true)]
        [InlineData("Bool", "true", "\"TRUE\"", true)]
        [InlineData("Bool", "\"true\"", "\"false\"", false)]
        [InlineData("BinaryEquals", "\"QmluYXJ5VmFsdWU=\"", "\"QmluYXJ5VmFsdWU=\"", true)]
        [InlineData("BinaryEquals", "\"QmluYXJ5VmFsdWU=\"", "\"qmluYXJ5VmFsdWU=\"", false)]
        // IP address operators with IPv4 and IPv6 CIDR blocks.
        [InlineData("IpAddress", "\"203.0.113.0/24\"", "\"203.0.113.5\"", true)]
        [InlineData("IpAddress", "\"203.0.113.0/24\"", "\"203.0.114.5\"", false)]
        [InlineData("IpAddress", "\"203.0.113.5\"", "\"203.0.113.5\"", true)]
        [InlineData("IpAddress", "[\"10.0.0.0/8\",\"203.0.113.0/28\"]", "\"203.0.113.15\"", true)]
        [InlineData("IpAddress", "\"203.0.113.0/28\"", "\"203.0.113.16\"", false)]
        [InlineData("IpAddress", "\"2001:DB8:1234:5678::/64\"", "\"2001:db8:1234:5678::1\"", true)]
        [InlineData("IpAddress", "\"2001:DB8:1234:5678::/64\"", "\"2001:db8:1234:5679::1\"", false)]
        [InlineData("IpAddress", "\"2001:DB8::/32\"", "\"203.0.113.5\"", false)]
        [InlineData("IpAddress", "\"0.0.0.0/0\"", "\"198.51.100.7\"", true)]
        [InlineData("IpAddress", "\"203.0.113.0/24\"", "\"203.0.113.256\"", false)] // not an address
        [InlineData("IpAddress", "\"203.0.113.0/24\"", "\"203.0.113\"", false)]
        [InlineData("IpAddress", "\"203.0.113.0/24\"", "\"not-an-ip\"", false)]
        [InlineData("IpAddress", "\"10.0.0.0/9\"", "\"10.127.255.255\"", true)] // prefix not on a byte boundary
        [InlineData("IpAddress", "\"10.0.0.0/9\"", "\"10.128.0.0\"", false)]
        [InlineData("NotIpAddress", "\"203.0.113.0/24\"", "\"198.51.100.7\"", true)]
        [InlineData("NotIpAddress", "\"203.0.113.0/24\"", "\"203.0.113.7\"", false)]
        // ARN operators: segment by segment, case-sensitive.
        [InlineData("ArnLike", "\"arn:aws:cloudtrail:*:111122223333:trail/*\"", "\"" + Trail + "\"", true)]
        [InlineData("ArnEquals", "\"" + Trail + "\"", "\"" + Trail + "\"", true)]
        [InlineData("ArnEquals", "\"arn:aws:cloudtrail:*:111122223333:trail/Main\"", "\"" + Trail + "\"", true)]
        [InlineData("ArnLike", "\"arn:aws:cloudtrail:*:trail/*\"", "\"" + Trail + "\"", false)]
        [InlineData("ArnLike", "\"arn:aws:cloudtrail:*:111122223333:trail/main\"", "\"" + Trail + "\"", false)]
        [InlineData("ArnLike", "\"arn:aws:cloudtrail:*:111122223333:trail/*\"", "\"not-an-arn\"", false)]
        [InlineData("ArnNotEquals", "\"arn:aws:iam::111122223333:role/Admin\"", "\"arn:aws:iam::111122223333:role/Other\"", true)]
        [InlineData("ArnNotLike", "\"arn:aws:iam::111122223333:role/*\"", "\"arn:aws:iam::111122223333:role/Other\"", false)]
        public void EvaluatesOperatorsOnPresentKeys(string operatorName, string policyValues, string contextValue, bool expected)
        {
            Assert.Equal(expected, Holds(operatorName, "test:Key", policyValues, contextValue));
        }

        [Theory]
        // A missing key fails positive operators and satisfies negated ones.
        [InlineData("StringEquals", false)]
        [InlineData("StringLike", false)]
        [InlineData("NumericLessThan", false)]
        [InlineData("DateGreaterThan", false)]
        [InlineData("Bool", false)]
        [InlineData("IpAddress", false)]
        [InlineData("ArnLike", false)]
        [InlineData("StringNotEquals", true)]
        [InlineData("StringNotLike", true)]
        [InlineData("StringNotEqualsIgnoreCase", true)]
        [InlineData("NumericNotEquals", true)]
        [InlineData("DateNotEquals", true)]
        [InlineData("NotIpAddress", true)]
        [InlineData("ArnNotEquals", true)]
        [InlineData("ArnNotLike", true)]
        // ...IfExists: a missing key satisfies the condition.
        [InlineData("StringEqualsIfExists", true)]
        [InlineData("ArnLikeIfExists", true)]
        [InlineData("IpAddressIfExists", true)]
        [InlineData("BoolIfExists", true)]
        public void TreatsMissingKeysAsAwsDocuments(string operatorName, bool expected)
        {
            string value = operatorName switch
            {
                var o when o.StartsWith("Numeric") => "\"1\"",
                var o when o.StartsWith("Date") => "\"2026-01-01\"",
                var o when o.StartsWith("Bool") => "\"true\"",
                var o when o.Contains("IpAddress") => "\"10.0.0.0/8\"",
                var o when o.StartsWith("Arn") => "\"arn:aws:iam::111122223333:role/*\"",
                _ => "\"x\"",
            };

            Assert.Equal(expected, Holds(operatorName, "test:Absent", value, null));
        }

        [Fact]
        public void IfExistsStillTestsAPresentKey()
        {
            Assert.False(Holds("StringEqualsIfExists", "test:Key", "\"prod\"", "\"dev\""));
            Assert.True(Holds("StringEqualsIfExists", "test:Key", "\"prod\"", "\"prod\""));
        }

        [Theory]
        [InlineData("true", null, true)]
        [InlineData("true", "\"x\"", false)]
        [InlineData("false", "\"x\"", true)]
        [InlineData("false", null, false)]
        public void NullTestsWhetherTheKeyIsAbsent(string policyValue, string? contextValue, bool expected)
        {
            Assert.Equal(expected, Holds("Null", "test:Key", "\"" + policyValue + "\"", contextValue));
        }

        [Theory]
        // ForAllValues: every request value must match a policy value; an absent or empty key passes.
        [InlineData("ForAllValues:StringEquals", "[\"env\",\"team\"]", "[\"env\"]", true)]
        [InlineData("ForAllValues:StringEquals", "[\"env\",\"team\"]", "[\"env\",\"team\"]", true)]
        [InlineData("ForAllValues:StringEquals", "[\"env\",\"team\"]", "[\"env\",\"cost\"]", false)]
        [InlineData("ForAllValues:StringEquals", "[\"env\",\"team\"]", "[]", true)]
        [InlineData("ForAllValues:StringEquals", "[\"env\",\"team\"]", null, true)]
        [InlineData("ForAllValues:StringLike", "[\"team-*\"]", "[\"team-a\",\"team-b\"]", true)]
        [InlineData("ForAllValues:StringNotEquals", "[\"secret\"]", "[\"env\",\"team\"]", true)]
        [InlineData("ForAllValues:StringNotEquals", "[\"secret\"]", "[\"env\",\"secret\"]", false)]
        // ForAnyValue: at least one request value must match; an absent key fails.
        [InlineData("ForAnyValue:StringEquals", "[\"env\",\"team\"]", "[\"cost\",\"team\"]", true)]
        [InlineData("ForAnyValue:StringEquals", "[\"env\",\"team\"]", "[\"cost\"]", false)]
        [InlineData("ForAnyValue:StringEquals", "[\"env\"]", null, false)]
        [InlineData("ForAnyValue:StringEquals", "[\"env\"]", "[]", false)]
        [InlineData("ForAnyValue:StringNotEquals", "[\"env\"]", "[\"env\",\"team\"]", true)]
        [InlineData("ForAnyValue:StringNotEquals", "[\"env\"]", "[\"env\"]", false)]
        [InlineData("ForAnyValue:StringEqualsIfExists", "[\"env\"]", null, true)]
        // Without a qualifier a multi-valued key needs one match (positive) or none (negated).
        [InlineData("StringEquals", "\"env\"", "[\"cost\",\"env\"]", true)]
        [InlineData("StringNotEquals", "\"env\"", "[\"cost\",\"env\"]", false)]
        public void EvaluatesSetOperatorsOnMultiValuedKeys(string operatorName, string policyValues, string? contextValues, bool expected)
        {
            Assert.Equal(expected, Holds(operatorName, "aws:TagKeys", policyValues, contextValues));
        }

        [Fact]
        public void KeysInOneBlockAreAndedAndKeyNamesAreCaseInsensitive()
        {
            const string Policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
                  "StringEquals":{"AWS:RequestedRegion":"eu-west-1","aws:PrincipalTag/Team":"ops"},
                  "Bool":{"aws:SecureTransport":"true"}}}]}
                """;

            string Request(string context) =>
                "{\"Action\":\"cloudtrail:CreateTrail\",\"Principal\":\"" + User + "\",\"Context\":" + context + ",\"IdentityPolicies\":[" + Policy + "]}";

            Assert.Equal(PolicyDecision.Allowed, RunJson(Request("""{"aws:requestedregion":"eu-west-1","aws:principaltag/team":"ops","aws:SecureTransport":true}""")).Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, RunJson(Request("""{"aws:requestedregion":"eu-west-1","aws:principaltag/team":"ops","aws:SecureTransport":false}""")).Decision);
            Assert.Equal(PolicyDecision.ImplicitDeny, RunJson(Request("""{"aws:requestedregion":"us-east-1","aws:principaltag/team":"ops","aws:SecureTransport":true}""")).Decision);
        }

        [Fact]
        public void CurrentTimeComesFromTheClockWhenNotSupplied()
        {
            // Kit.Now is 2026-11-21T12:00Z.
            Assert.True(Holds("DateGreaterThan", "aws:CurrentTime", "\"2026-11-01T00:00:00Z\"", null));
            Assert.False(Holds("DateLessThan", "aws:CurrentTime", "\"2026-11-01T00:00:00Z\"", null));
            Assert.True(Holds("NumericGreaterThan", "aws:EpochTime", "\"1700000000\"", null));
            Assert.False(Holds("DateGreaterThan", "aws:CurrentTime", "\"2026-11-01T00:00:00Z\"", "\"2026-10-01T00:00:00Z\""));
        }

        [Fact]
        public void MissingKeysAreReported()
        {
            EvaluationResult result = RunJson("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
                  "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}]}
                """);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { "aws:SourceIp", "aws:SourceVpc" }, result.MissingContextKeys.OrderBy(k => k).ToArray());
            Assert.Contains("aws:SourceIp", result.Explanation);
        }

        [Fact]
        public void KeysOfStatementsThatDoNotApplyAreNotReported()
        {
            EvaluationResult result = RunJson("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"IdentityPolicies\":[" + """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}]}
                """);

            Assert.Empty(result.MissingContextKeys);
        }
    }
}
