using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Targets (issue 3): at least 1,000,000 decisions per second on one thread for a typical request with
    /// parsed policies (under 1,000 ns per decision), and at least 100,000 requests per second through the
    /// JSON Lines batch path, JSON in and JSON out (under 10,000 ns per line).
    /// Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks -- --filter '*EvaluationBenchmarks*' --job short
    /// </summary>
    [MemoryDiagnoser]
    public class EvaluationBenchmarks
    {
        private const string Principal = "arn:aws:sts::111122223333:assumed-role/TrailAdmin/alice";
        private const string Trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Main";

        // Three identity policies of five statements, conditions included, as a console admin role might carry.
        private static readonly string[] IdentityPolicyTexts =
        {
            """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"ReadTrails","Effect":"Allow","Action":["cloudtrail:Get*","cloudtrail:Describe*","cloudtrail:List*","cloudtrail:LookupEvents"],"Resource":"*"},
              {"Sid":"ManageTrails","Effect":"Allow","Action":["cloudtrail:CreateTrail","cloudtrail:UpdateTrail","cloudtrail:StartLogging"],"Resource":"arn:aws:cloudtrail:*:111122223333:trail/*"},
              {"Sid":"NoStop","Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],"Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/role":"break-glass"}}},
              {"Sid":"Buckets","Effect":"Allow","Action":["s3:CreateBucket","s3:PutBucketPolicy","s3:PutBucketPublicAccessBlock"],"Resource":"arn:aws:s3:::aws-cloudtrail-logs*"},
              {"Sid":"ListBuckets","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"}]}
            """,
            """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Topics","Effect":"Allow","Action":["sns:CreateTopic","sns:SetTopicAttributes","sns:GetTopicAttributes"],"Resource":"arn:aws:sns:*:111122223333:aws-cloudtrail-logs*"},
              {"Sid":"ListTopics","Effect":"Allow","Action":"sns:ListTopics","Resource":"*"},
              {"Sid":"PassRole","Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"cloudtrail.amazonaws.com"}}},
              {"Sid":"Roles","Effect":"Allow","Action":["iam:ListRoles","iam:GetRolePolicy","iam:GetUser"],"Resource":"*"},
              {"Sid":"LogGroups","Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"arn:aws:logs:*:111122223333:log-group:aws-cloudtrail-logs*"}]}
            """,
            """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Keys","Effect":"Allow","Action":["kms:CreateKey","kms:CreateAlias","kms:ListKeys","kms:ListAliases"],"Resource":"*"},
              {"Sid":"FromCorp","Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]},"Bool":{"aws:ViaAWSService":"false"}}},
              {"Sid":"Lambda","Effect":"Allow","Action":"lambda:ListFunctions","Resource":"*"},
              {"Sid":"Dynamo","Effect":"Allow","Action":"dynamodb:ListGlobalTables","Resource":"*"},
              {"Sid":"Regions","Effect":"Deny","NotAction":["iam:*","organizations:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}
            """,
        };

        private const string BoundaryText = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["cloudtrail:*","s3:*","sns:*","iam:Get*","iam:List*","iam:PassRole","logs:*","kms:*","lambda:List*","dynamodb:List*"],"Resource":"*"},
              {"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"cloudtrail.amazonaws.com"}}}]}
            """;

        private const string ScpText = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"},
              {"Sid":"ProtectTrails","Effect":"Deny","Action":["cloudtrail:StopLogging","cloudtrail:DeleteTrail"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/OrgAdmin"}}}]}
            """;

        private EvaluationRequest prepared = null!;
        private PolicyDocument[] identityPolicies = null!;
        private PolicyDocument boundary = null!;
        private PolicyDocument[][] scps = null!;
        private Dictionary<string, IReadOnlyList<string>> context = null!;
        private EvaluationBatchProcessor processor = null!;
        private string line = null!;
        private long lineNumber;

        [GlobalSetup]
        public void Setup()
        {
            identityPolicies = new PolicyDocument[IdentityPolicyTexts.Length];
            for (int i = 0; i < identityPolicies.Length; i++)
            {
                identityPolicies[i] = PolicyDocument.Parse(IdentityPolicyTexts[i], "Identity" + i);
            }

            boundary = PolicyDocument.Parse(BoundaryText, "Boundary");
            scps = new[] { new[] { PolicyDocument.Parse(ScpText, "Root") } };
            context = new Dictionary<string, IReadOnlyList<string>>
            {
                ["aws:SourceIp"] = new[] { "203.0.113.5" },
                ["aws:RequestedRegion"] = new[] { "us-east-1" },
                ["aws:ViaAWSService"] = new[] { "false" },
            };
            prepared = NewRequest();
            if (PolicyEvaluator.Evaluate(prepared).Decision != PolicyDecision.Allowed)
            {
                throw new System.InvalidOperationException("The benchmark request should be allowed; the policies have drifted.");
            }

            processor = new EvaluationBatchProcessor();
            line = "{\"Action\":\"cloudtrail:StartLogging\",\"Resource\":\"" + Trail + "\",\"Principal\":\"" + Principal + "\"," +
                "\"Context\":{\"aws:SourceIp\":\"203.0.113.5\",\"aws:RequestedRegion\":\"us-east-1\",\"aws:ViaAWSService\":false}," +
                "\"IdentityPolicies\":[" + Compact(IdentityPolicyTexts[0]) + "," + Compact(IdentityPolicyTexts[1]) + "," + Compact(IdentityPolicyTexts[2]) + "]," +
                "\"PermissionsBoundary\":" + Compact(BoundaryText) + ",\"ServiceControlPolicies\":[[" + Compact(ScpText) + "]]}";
            processor.ProcessLine(line, 0); // fills the policy cache, as the first line of a batch would
        }

        /// <summary>One decision on a request whose policies are parsed and whose context is already derived.</summary>
        [Benchmark(Baseline = true)]
        public PolicyDecision EvaluatePreparedRequest() => PolicyEvaluator.Evaluate(prepared).Decision;

        /// <summary>One decision including building the request (principal parsing, context derivation) from parsed policies.</summary>
        [Benchmark]
        public PolicyDecision EvaluateNewRequest() => PolicyEvaluator.Evaluate(NewRequest()).Decision;

        /// <summary>The CLI's batch path: parse the JSON line (policies from the cache), evaluate, write the result JSON with its explanation.</summary>
        [Benchmark]
        public int BatchLine() => processor.ProcessLine(line, ++lineNumber).Length;

        private EvaluationRequest NewRequest() => new EvaluationRequest("cloudtrail:StartLogging", Principal)
        {
            Resource = Trail,
            Context = context,
            IdentityPolicies = identityPolicies,
            PermissionsBoundary = boundary,
            ServiceControlPolicies = scps,
        };

        private static string Compact(string json) => json.Replace("\r", string.Empty).Replace("\n", string.Empty);
    }
}
