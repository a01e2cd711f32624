using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using CloudTrailIamTools.Cli;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Target (issue 3): at least 100,000 requests per second through the CLI's batch path, JSON Lines in and
    /// JSON out, measured end to end through the real command: argument parsing, `test-permission --requests -`,
    /// reading standard input, evaluating with catalog warnings on, and writing every result line. One
    /// operation is one request line, so the reported mean must stay under 10,000 ns.
    /// Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks -- --filter '*CliBatchBenchmarks*' --job short
    /// </summary>
    [MemoryDiagnoser]
    public class CliBatchBenchmarks
    {
        private const int Lines = 20_000;

        private static readonly string[] Actions =
        {
            "cloudtrail:GetTrailStatus", "cloudtrail:DescribeTrails", "cloudtrail:StartLogging", "cloudtrail:StopLogging",
            "cloudtrail:LookupEvents", "s3:CreateBucket", "iam:PassRole", "sns:CreateTopic",
        };

        private static readonly string[] Principals =
        {
            "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/TrailAdmin/bob",
            "arn:aws:iam::111122223333:role/Auditor", "arn:aws:iam::444455556666:user/carol",
        };

        private const string Identity =
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            "{\"Sid\":\"ReadTrails\",\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:Get*\",\"cloudtrail:Describe*\",\"cloudtrail:LookupEvents\"],\"Resource\":\"*\"}," +
            "{\"Sid\":\"ManageTrails\",\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:CreateTrail\",\"cloudtrail:StartLogging\"],\"Resource\":\"arn:aws:cloudtrail:*:111122223333:trail/*\"}," +
            "{\"Sid\":\"NoStop\",\"Effect\":\"Deny\",\"Action\":\"cloudtrail:StopLogging\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalTag/role\":\"break-glass\"}}}," +
            "{\"Sid\":\"PassRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"}}}," +
            "{\"Sid\":\"FromCorp\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:db8::/32\"]}}}]}";

        private const string Boundary =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudtrail:*\",\"s3:*\",\"sns:*\",\"iam:PassRole\"],\"Resource\":\"*\"}]}";

        private const string Scp =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"FullAWSAccess\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}," +
            "{\"Sid\":\"ProtectTrails\",\"Effect\":\"Deny\",\"Action\":[\"cloudtrail:StopLogging\",\"cloudtrail:DeleteTrail\"],\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/OrgAdmin\"}}}]}";

        private static readonly string[] Arguments = { "test-permission", "--requests", "-" };

        private string input = null!;

        /// <summary>
        /// A realistic batch: a few distinct policy sets repeated across many requests (each distinct text is parsed
        /// once), several principals and actions, a context on every line, and one malformed line in a thousand.
        /// </summary>
        [GlobalSetup]
        public void Setup()
        {
            var builder = new StringBuilder(Lines * 1400);
            for (int i = 0; i < Lines; i++)
            {
                if (i % 1000 == 999)
                {
                    builder.Append("{\"Action\":\"cloudtrail:GetTrail\"}\n"); // no Principal: an Error line, and the batch goes on
                    continue;
                }

                builder.Append("{\"Action\":\"").Append(Actions[i % Actions.Length])
                    .Append("\",\"Resource\":\"arn:aws:cloudtrail:us-east-1:111122223333:trail/Trail").Append(i % 16)
                    .Append("\",\"Principal\":\"").Append(Principals[i % Principals.Length])
                    .Append("\",\"Context\":{\"aws:SourceIp\":\"203.0.113.").Append(i % 250).Append("\",\"iam:PassedToService\":\"cloudtrail.amazonaws.com\"}")
                    .Append(",\"IdentityPolicies\":[").Append(Identity).Append(']');
                if (i % 2 == 0)
                {
                    builder.Append(",\"PermissionsBoundary\":").Append(Boundary);
                }

                builder.Append(",\"ServiceControlPolicies\":[[").Append(Scp).Append("]]}\n");
            }

            input = builder.ToString();

            // The benchmark is only meaningful if the command really answers every line.
            var check = new StringWriter();
            int exit = CliApplication.Run(Arguments, new StringReader(input), check, new StringWriter());
            string[] written = check.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            // A malformed line gives an Error line and exit code 1 (the documented contract); the rest must be answered.
            if (exit != 1 || written.Length != Lines || !written[0].StartsWith("{\"Action\":", System.StringComparison.Ordinal) || !written[999].StartsWith("{\"Line\":1000,", System.StringComparison.Ordinal))
            {
                throw new System.InvalidOperationException("The CLI batch did not answer every line (exit " + exit + ", " + written.Length + " lines).");
            }
        }

        /// <summary>Standard output as a redirected console gives it: a buffered stream writer (output discarded).</summary>
        [Benchmark(OperationsPerInvoke = Lines)]
        public int BatchThroughCliToStream()
        {
            using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
            return CliApplication.Run(Arguments, new StringReader(input), output, TextWriter.Null);
        }

        /// <summary>The same into memory, so the output text itself is built and kept as a caller capturing it would.</summary>
        [Benchmark(OperationsPerInvoke = Lines)]
        public int BatchThroughCliToMemory()
        {
            var output = new StringWriter(new StringBuilder(Lines * 700));
            return CliApplication.Run(Arguments, new StringReader(input), output, TextWriter.Null);
        }
    }
}
