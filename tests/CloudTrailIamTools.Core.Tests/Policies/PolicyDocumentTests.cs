using System.Linq;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Policies
{
    public sealed class PolicyDocumentTests
    {
        [Fact]
        public void ParsesASingleStatementObjectWithStrings()
        {
            PolicyDocument policy = PolicyDocument.Parse(
                """{"Version":"2012-10-17","Id":"p1","Statement":{"Sid":"One","Effect":"Allow","Action":"cloudtrail:GetTrailStatus","Resource":"*"}}""",
                "ReadTrail");

            Assert.Equal("ReadTrail", policy.Name);
            Assert.Equal("p1", policy.Id);
            Assert.True(policy.SupportsPolicyVariables);
            PolicyStatement statement = Assert.Single(policy.Statements);
            Assert.Equal("One", statement.Sid);
            Assert.Equal(PolicyEffect.Allow, statement.Effect);
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus" }, statement.Actions);
            Assert.Equal(new[] { "*" }, statement.Resources);
            Assert.False(statement.IsNotAction);
        }

        [Fact]
        public void ParsesArraysNotElementsAndEveryPrincipalKind()
        {
            PolicyDocument policy = PolicyDocument.Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":["arn:aws:s3:::a","arn:aws:s3:::b"]},
                  {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
                   "Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root"],"Service":"cloudtrail.amazonaws.com",
                                "Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbaced"}},
                  {"Effect":"Deny","Action":"s3:*","NotPrincipal":"*"}
                ]}
                """);

            Assert.Equal(3, policy.Statements.Count);
            PolicyStatement first = policy.Statements[0];
            Assert.True(first.IsNotAction);
            Assert.True(first.IsNotResource);
            Assert.Equal(2, first.Actions.Count);
            PolicyPrincipal principal = policy.Statements[1].Principal!;
            Assert.Equal(2, principal.Aws.Count);
            Assert.Equal("cloudtrail.amazonaws.com", Assert.Single(principal.Service));
            Assert.Single(principal.Federated);
            Assert.Single(principal.CanonicalUser);
            Assert.True(policy.Statements[2].IsNotPrincipal);
            Assert.True(policy.Statements[2].Principal!.IsWildcard);
            Assert.Null(policy.Statements[2].Resources);
        }

        [Fact]
        public void MissingVersionMeans2008WithoutVariables()
        {
            PolicyDocument policy = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

            Assert.Equal(PolicyDocument.Version2008, policy.Version);
            Assert.False(policy.SupportsPolicyVariables);
        }

        [Fact]
        public void ConditionValuesMayBeNumbersBooleansAndArrays()
        {
            PolicyDocument policy = PolicyDocument.Parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
                  "Condition":{"NumericLessThanEquals":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true},
                               "ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["env","team*"]}}}]}
                """);

            PolicyCondition[] conditions = policy.Statements[0].Conditions.ToArray();
            Assert.Equal(3, conditions.Length);
            Assert.Equal("10", Assert.Single(conditions[0].Values));
            Assert.Equal("true", Assert.Single(conditions[1].Values));
            Assert.Equal(ConditionOperatorKind.StringLike, conditions[2].Kind);
            Assert.Equal(ConditionSetOperator.ForAnyValue, conditions[2].SetOperator);
            Assert.True(conditions[2].IfExists);
            Assert.Equal(2, conditions[2].Values.Count);
        }

        [Theory]
        [InlineData("StringEquals", ConditionOperatorKind.StringEquals, ConditionSetOperator.None, false)]
        [InlineData("StringNotEqualsIfExists", ConditionOperatorKind.StringNotEquals, ConditionSetOperator.None, true)]
        [InlineData("ForAllValues:StringEqualsIgnoreCase", ConditionOperatorKind.StringEqualsIgnoreCase, ConditionSetOperator.ForAllValues, false)]
        [InlineData("ForAnyValue:ArnLikeIfExists", ConditionOperatorKind.ArnLike, ConditionSetOperator.ForAnyValue, true)]
        [InlineData("DateGreaterThan", ConditionOperatorKind.DateGreaterThan, ConditionSetOperator.None, false)]
        [InlineData("NotIpAddress", ConditionOperatorKind.NotIpAddress, ConditionSetOperator.None, false)]
        [InlineData("Null", ConditionOperatorKind.Null, ConditionSetOperator.None, false)]
        [InlineData("BinaryEqualsIfExists", ConditionOperatorKind.BinaryEquals, ConditionSetOperator.None, true)]
        public void ParsesOperatorNames(string text, ConditionOperatorKind kind, ConditionSetOperator setOperator, bool ifExists)
        {
            Assert.True(PolicyCondition.TryParseOperator(text, out ConditionOperatorKind parsedKind, out ConditionSetOperator parsedSet, out bool parsedIfExists));
            Assert.Equal(kind, parsedKind);
            Assert.Equal(setOperator, parsedSet);
            Assert.Equal(ifExists, parsedIfExists);
        }

        [Theory]
        [InlineData("NullIfExists")]
        [InlineData("StringSortOf")]
        [InlineData("ForSomeValues:StringEquals")]
        public void RejectsUnknownOperators(string text)
        {
            Assert.False(PolicyCondition.TryParseOperator(text, out _, out _, out _));
        }

        [Theory]
        [InlineData("""{"Version":"2012-10-17","Statement":[""", "", "not valid JSON")]
        [InlineData("""[]""", "", "must be a JSON object")]
        [InlineData("""{"Version":"2012-10-17"}""", "", "no Statement")]
        [InlineData("""{"Version":"2019-01-01","Statement":[]}""", "Version", "not a policy language version")]
        [InlineData("""{"Version":"2012-10-17","Statment":[]}""", "Statment", "unknown element")]
        [InlineData("""{"version":"2012-10-17","Statement":[]}""", "version", "case-sensitive")]
        [InlineData("""{"Statement":"Allow"}""", "Statement", "statement object or an array")]
        [InlineData("""{"Statement":[{"Action":"s3:*","Resource":"*"}]}""", "Statement[0]", "no Effect")]
        [InlineData("""{"Statement":[{"Effect":"allow","Action":"s3:*"}]}""", "Statement[0].Effect", "not an effect")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*"}]}""", "Statement[0]", "both Action and NotAction")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Resource":"*"}]}""", "Statement[0]", "neither Action nor NotAction")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}]}""", "Statement[0]", "both Resource and NotResource")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Principal":"*","NotPrincipal":"*"}]}""", "Statement[0]", "both Principal and NotPrincipal")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":5}]}""", "Statement[0].Action", "string or an array")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":["s3:Get*",7]}]}""", "Statement[0].Action[1]", "must be a string")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":[]}]}""", "Statement[0].Action", "empty")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"GetObject"}]}""", "Statement[0].Action", "not an action")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Principal":"arn:aws:iam::111122223333:root"}]}""", "Statement[0].Principal", "must be \"*\"")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Principal":{"Aws":"*"}}]}""", "Statement[0].Principal.Aws", "case-sensitive")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":"x"}}]}""", "Statement[0].Condition.StringEquals", "object of condition keys")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"a:b":"x"}}}]}""", "Statement[0].Condition.StringEqual", "not a condition operator")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}]}""", "Statement[0].Condition.NumericLessThan.s3:max-keys", "not a number")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}]}""", "Statement[0].Condition.DateLessThan.aws:CurrentTime", "not a date")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}]}""", "Statement[0].Condition.IpAddress.aws:SourceIp", "CIDR")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}]}""", "Statement[0].Condition.Bool.aws:SecureTransport", "true or false")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a:b":{"x":1}}}}]}""", "Statement[0].Condition.StringEquals.a:b", "string, number or boolean")]
        [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username"}]}""", "Statement[0].Resource", "no closing")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Sid":1}]}""", "Statement[0].Sid", "must be a string")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resorce":"*"}]}""", "Statement[0].Resorce", "unknown element")]
        [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*"}, 4]}""", "Statement[1]", "must be a JSON object")]
        public void ReportsThePolicyAndThePathOfTheBadElement(string json, string path, string problem)
        {
            PolicyFormatException error = Assert.Throws<PolicyFormatException>(() => PolicyDocument.Parse(json, "MyPolicy"));

            Assert.Equal("MyPolicy", error.PolicyName);
            Assert.Equal(path, error.Path);
            Assert.Contains(problem, error.Message);
            Assert.Contains("MyPolicy", error.Message);
            Assert.IsAssignableFrom<CloudTrailIamToolsException>(error);
            Assert.Equal("InvalidPolicyDocument", error.ErrorId);
        }

        [Fact]
        public void ASecondStatementErrorNamesItsIndex()
        {
            PolicyFormatException error = Assert.Throws<PolicyFormatException>(() => PolicyDocument.Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"s3:*","Resource":"*"},
                  {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":[{"bad":true}]}}}]}
                """, "Second"));

            Assert.Equal("Statement[1].Condition.StringEquals.aws:username[0]", error.Path);
        }
    }
}
