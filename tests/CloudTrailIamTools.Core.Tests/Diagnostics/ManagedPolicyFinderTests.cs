using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>The shared-verdict fast path must suggest exactly what evaluating every candidate per request suggests.</summary>
    public sealed class ManagedPolicyFinderTests
    {
        private static readonly string[] Actions =
        {
            "cloudtrail:LookupEvents", "cloudtrail:CreateTrail", "cloudtrail:StartLogging", "cloudtrail:PutEventSelectors",
            "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:CreateBucket", "logs:CreateLogStream", "logs:PutLogEvents",
            "kms:Decrypt", "kms:GenerateDataKey", "kms:CreateAlias", "sns:Publish", "sqs:SendMessage", "ec2:RunInstances",
            "ec2:DescribeInstances", "dynamodb:GetItem", "lambda:InvokeFunction", "ssm:GetParameter",
            "secretsmanager:GetSecretValue", "iam:CreateRole", "iam:CreatePolicyVersion", "iam:GetRole", "iam:CreateServiceLinkedRole",
            "sts:AssumeRole", "sts:GetCallerIdentity", "organizations:DescribeOrganization", "CloudTrail:lookupevents", "s3:*",
        };

        private static readonly string[] Resources =
        {
            "*",
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
            "arn:aws:s3:::audit-logs/AWSLogs/111122223333/file.json.gz",
            "arn:aws:s3:::audit-logs",
            "arn:aws:logs:eu-west-1:111122223333:log-group:CloudTrail/logs:log-stream:x",
            "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:alias/aws/s3",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail",
            "arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role",
            "arn:aws-cn:s3:::cn-bucket/key",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
            "arn:aws:ssm:us-east-1:111122223333:parameter/app/secret",
            "not-an-arn",
        };

        private static readonly (string Resource, string Service)[] PassRoles =
        {
            ("arn:aws:iam::111122223333:role/CloudTrail_CloudWatchLogs_Role", "cloudtrail.amazonaws.com"),
            ("arn:aws:iam::111122223333:role/ec2-app", "ec2.amazonaws.com"),
            ("arn:aws:iam::111122223333:role/lambda-exec", "lambda.amazonaws.com"),
            ("arn:aws:iam::111122223333:role/glue-job", "glue.amazonaws.com"),
            ("arn:aws:iam::111122223333:role/sagemaker-exec", "sagemaker.amazonaws.com"),
            ("arn:aws:iam::111122223333:role/ecs-task", "ecs-tasks.amazonaws.com"),
            ("*", "states.amazonaws.com"),
        };

        private static IEnumerable<(string Action, string Resource, string? Partition, string? PassedTo)> Queries()
        {
            foreach (string action in Actions)
            {
                foreach (string resource in Resources)
                {
                    yield return (action, resource, null, null);
                }

                yield return (action, "arn:aws-cn:s3:::cn-bucket/key", "aws-cn", null);
            }

            foreach ((string resource, string service) in PassRoles)
            {
                yield return ("iam:PassRole", resource, null, service);
                yield return ("iam:PassRole", resource, "aws-us-gov", service);
            }
        }

        [Fact]
        public void FastPathSuggestsTheSamePoliciesAsEvaluatingEveryCandidate()
        {
            var reference = new ManagedPolicyFinder(IamCatalog.Default, 5, fastPath: false);
            var fast = new ManagedPolicyFinder(IamCatalog.Default, 5);
            var fastReversed = new ManagedPolicyFinder(IamCatalog.Default, 5);
            var queries = Queries().ToList();
            var expected = queries.Select(q => reference.Find(q.Action, q.Resource, q.Partition, q.PassedTo)).ToList();

            // Candidates are sorted lazily by whichever request comes first: the order must not matter.
            var reversed = Enumerable.Range(0, queries.Count).Reverse()
                .ToDictionary(i => i, i => fastReversed.Find(queries[i].Action, queries[i].Resource, queries[i].Partition, queries[i].PassedTo));
            for (int i = 0; i < queries.Count; i++)
            {
                string label = queries[i].Action + " on " + queries[i].Resource + " to " + queries[i].PassedTo;
                Assert.True(expected[i].SequenceEqual(fast.Find(queries[i].Action, queries[i].Resource, queries[i].Partition, queries[i].PassedTo)), label);
                Assert.True(expected[i].SequenceEqual(reversed[i]), label + " (reversed order)");
            }

            // The spread means something: suggestions differ between resources and services, and some are found.
            Assert.Contains(expected, list => list.Count > 0);
            Assert.True(expected.Select(list => string.Join(",", list)).Distinct().Count() > 10);
            var passRole = queries.Select((q, i) => (q, i)).Where(x => x.q.Action == "iam:PassRole").Select(x => string.Join(",", expected[x.i])).Distinct();
            Assert.True(passRole.Count() > 1, "PassRole suggestions should depend on iam:PassedToService");
        }

        [Fact]
        public void CandidatesIncludeBothActionOnlyAndResourceOrConditionLimitedPolicies()
        {
            // Both kinds must be among the candidates, or the comparison above would not exercise both paths.
            int actionOnly = 0, limited = 0;
            foreach (string action in new[] { "iam:PassRole", "s3:GetObject", "kms:Decrypt", "logs:PutLogEvents" })
            {
                foreach (ManagedPolicyInfo policy in IamCatalog.Default.FindManagedPoliciesGranting(action))
                {
                    PolicyDocument document = PolicyDocument.Parse(policy.Document, policy.Name);
                    string upper = action.ToUpperInvariant();
                    if (ManagedPolicyFinder.DependsOnActionOnly(document, upper, upper.IndexOf(':')))
                    {
                        actionOnly++;
                    }
                    else
                    {
                        limited++;
                    }
                }
            }

            Assert.True(actionOnly > 0, "no action-only candidate");
            Assert.True(limited > 0, "no resource- or condition-limited candidate");
        }

        [Fact]
        public void ActionOnlyIgnoresStatementsForOtherActionsButNotConditionsOrResources()
        {
            PolicyDocument document = PolicyDocument.Parse(
                "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}," +
                "{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}," +
                "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}," +
                "{\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\",\"Resource\":\"arn:aws:logs:*:*:log-group:x:*\"}," +
                "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}");

            Assert.True(ManagedPolicyFinder.DependsOnActionOnly(document, "S3:GETOBJECT", 2));
            Assert.False(ManagedPolicyFinder.DependsOnActionOnly(document, "S3:PUTOBJECT", 2));
            Assert.False(ManagedPolicyFinder.DependsOnActionOnly(document, "KMS:DECRYPT", 3));
            Assert.False(ManagedPolicyFinder.DependsOnActionOnly(document, "LOGS:PUTLOGEVENTS", 4));
            Assert.True(ManagedPolicyFinder.DependsOnActionOnly(document, "IAM:PASSROLE", 3));
        }
    }
}
